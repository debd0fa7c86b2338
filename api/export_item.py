"""Export one item, and list the exporters, through the exporter registry.

    GET /api/v1/exporters/
    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?paper=a5&large_print=true
    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?download=true   (attachment)

Query parameters other than ``download`` are the exporter's options, checked by its
``clean_options``. An unknown exporter, resource or slug, or an exporter that does not
take the resource, is a 404 with a JSON message; bad options are a 400.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views import View

from exporters.base import RESOURCES, Exporter
from exporters.exports import ItemNotFound, build_context, export_item, find_item
from exporters.registry import UnknownExporter, get_registry

RESERVED_PARAMETERS = {"download"}


def error(status, message):
    return JsonResponse({"message": message}, status=status)


class ExporterListView(View):
    """``GET /api/v1/exporters/`` — every enabled exporter and what it accepts."""

    def get(self, request):
        exporters = [exporter.describe() for exporter in get_registry().all()]
        return JsonResponse({"count": len(exporters), "results": exporters})


class ItemExportView(View):
    """``GET /api/v1/{resource}/{slug}/export/{exporter}/`` — one page as a file."""

    def get(self, request, resource, slug, exporter):
        if resource not in RESOURCES:
            return error(
                404, f"unknown resource '{resource}'; use one of {', '.join(RESOURCES)}"
            )
        try:
            exporter = get_registry().get_for(exporter, resource, Exporter.ITEM)
            page = find_item(exporter, resource, slug)
        except (UnknownExporter, ItemNotFound) as missing:
            return error(404, str(missing))

        raw = {
            key: request.GET.getlist(key)[-1]
            for key in request.GET
            if key not in RESERVED_PARAMETERS
        }
        try:
            options = exporter.clean_options(raw)
        except ValueError as invalid:
            return error(400, str(invalid))

        self_url = request.build_absolute_uri()
        context = build_context(resource, options, self_url=self_url)
        exported = export_item(exporter, resource, page, options, context=context)

        etag = f'"{exported.etag}"'
        last_modified = page.last_published_at
        not_modified = get_conditional_response(
            request,
            etag=etag,
            last_modified=last_modified.timestamp() if last_modified else None,
        )
        response = not_modified or HttpResponse(
            exported.content, content_type=exporter.media_type
        )
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        disposition = "attachment" if _truthy(request.GET.get("download")) else "inline"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{exported.filename}"'
        )
        response["X-Export-Store"] = "hit" if exported.from_store else "miss"
        patch_cache_control(response, public=True, max_age=300)
        return response


def _truthy(value):
    return (value or "").lower() in {"1", "true", "yes", "on"}
