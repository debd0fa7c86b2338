"""Exports as preview modes beside the HTML preview, e.g. the leaflet of a draft.

    class ConditionPage(ExportPreviewMixin, ReviewedContent, Page):
        ...   # its resource (content_models.resources) names the exporters

It lives beside the pages and needs only the exporter core (``exporters.base``,
``exporters.registry``), which imports nothing from ``content_models``.

Every enabled item exporter that accepts the page's resource adds a preview mode
``export:<name>`` labelled with its label ("Leaflet (PDF)"). A preview renders the
unsaved page straight away: it never reads or fills the export store. The mixin
also brings the "Partner site" mode (``content_models.partner_preview``).
"""

from django.http import HttpResponse

from exporters.base import Exporter
from exporters.registry import UnknownExporter, get_registry

from .partner_preview import PartnerPreviewMixin
from .resources import resource_name

MODE_PREFIX = "export:"


class ExportPreviewMixin(PartnerPreviewMixin):
    def preview_exporters(self):
        return get_registry().for_resource(resource_name(self), Exporter.ITEM)

    @property
    def preview_modes(self):
        return list(super().preview_modes) + [
            (MODE_PREFIX + exporter.name, exporter.label)
            for exporter in self.preview_exporters()
        ]

    def serve_preview(self, request, mode_name):
        if not mode_name.startswith(MODE_PREFIX):
            return super().serve_preview(request, mode_name)
        try:
            exporter = get_registry().get_for(
                mode_name.removeprefix(MODE_PREFIX), resource_name(self)
            )
        except UnknownExporter as missing:
            return HttpResponse(str(missing), status=404, content_type="text/plain")
        refusal = self.export_refusal(exporter)
        if refusal:
            return HttpResponse(refusal, content_type="text/plain; charset=utf-8")
        # Imported here: the built-in exporters import content_models (no cycle).
        from exporters.exports import build_context

        options = exporter.clean_options({})
        content = exporter.render([self], build_context(resource_name(self), options))
        response = HttpResponse(content, content_type=exporter.media_type)
        response["Content-Disposition"] = (
            f'inline; filename="{exporter.filename(self, options)}"'
        )
        return response

    def export_refusal(self, exporter):
        """Why this page may not go out through ``exporter``, or an empty string."""
        consent_scope = getattr(self, "consent_scope", None)
        if consent_scope is not None and exporter.channel not in consent_scope:
            return (
                f"No {exporter.label}: the patient has not agreed to "
                f"'{exporter.channel}' (or has withdrawn consent). Record consent "
                "on the Consent tab first."
            )
        return ""
