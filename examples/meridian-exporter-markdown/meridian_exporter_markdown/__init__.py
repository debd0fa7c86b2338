"""A condition as Markdown: an example of a Meridian exporter plugin.

Declared in this package's ``pyproject.toml`` under the ``meridian.exporters``
entry-point group; Meridian's registry finds it there once it is installed.
"""

from content_models.canonical import canonical_url
from content_models.credits import credit_for
from content_models.public import public_symptoms, public_treatments
from exporters.base import Exporter

__version__ = "0.1.0"


class MarkdownExporter(Exporter):
    name = "markdown"
    label = "Markdown"
    media_type = "text/markdown; charset=utf-8"
    extension = "md"
    scope = Exporter.ITEM
    resources = ("conditions",)
    version = __version__

    def render(self, items, context):
        (condition,) = items
        lines = [f"# {condition.title}", ""]
        if condition.medical_term:
            lines += [f"*Medical name: {condition.medical_term}*", ""]
        lines += [condition.summary, ""]

        red_flags = [str(block.value) for block in condition.red_flags]
        if red_flags:
            lines += ["> **Get urgent help if:**", ">"]
            lines += [f"> - {flag}" for flag in red_flags] + [""]

        # Linked pages go through Meridian's public querysets, like every channel.
        symptoms = public_symptoms().filter(condition_links__condition=condition)
        names = {symptom.pk: symptom.title for symptom in symptoms}
        links = [
            link for link in condition.symptom_links.all() if link.symptom_id in names
        ]
        if links:
            lines += ["## Symptoms", ""]
            for link in links:
                note = f" ({link.note})" if link.note else ""
                lines.append(f"- {names[link.symptom_id]}{note}")
            lines.append("")

        treatments = public_treatments().filter(condition_links__condition=condition)
        if treatments:
            lines += ["## Treatments", ""]
            lines += [f"- [{t.title}]({canonical_url(t)})" for t in treatments] + [""]

        if condition.hero_image:
            lines += [f"Image: {credit_for(condition.hero_image).text}", ""]
        lines += [f"Read online: {canonical_url(condition)}", ""]
        return "\n".join(lines).encode()
