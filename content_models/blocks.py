"""StreamField blocks shared by the page types; each shapes its own API output."""

from wagtail import blocks

from .web_urls import WebURLBlock


class ReferenceBlock(blocks.StructBlock):
    """A source the page relies on, cited on the page and on the printed leaflet."""

    citation = blocks.CharBlock(
        help_text="Authors, title, publication and year, as you would cite it."
    )
    url = WebURLBlock(
        label="URL", required=False, help_text="Link to the source, if online."
    )

    class Meta:
        icon = "doc-full"
        label = "Reference"

    def get_api_representation(self, value, context=None):
        return {"citation": value["citation"], "url": value["url"] or None}


class CauseBlock(blocks.StructBlock):
    """One cause of a condition, in plain language."""

    name = blocks.CharBlock(help_text="Short name, e.g. 'Sudden trauma'.")
    description = blocks.TextBlock(
        required=False, help_text="One or two sentences a patient can follow."
    )

    class Meta:
        icon = "list-ul"
        label = "Cause"

    def get_api_representation(self, value, context=None):
        return {"name": value["name"], "description": value["description"]}


class RedFlagBlock(blocks.CharBlock):
    """A sign that needs urgent help, phrased as it appears after 'Get urgent help if…'."""

    class Meta:
        icon = "warning"
        label = "Red flag"
