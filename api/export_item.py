"""Export one item, and list the exporters, through the exporter registry.

    GET /api/v1/exporters/
    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?paper=a5&large_print=true
    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?download=true   (attachment)

Query parameters other than ``download`` are the exporter's options, checked by its
``clean_options``. An unknown exporter, resource or slug, or an exporter that does not
take the resource, is a 404 with a JSON ``detail`` message; bad options are a 400. A
page withheld from the exporter's channel because its clinical review is overdue is a
409 whose message says so (``MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"]``).
"""

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.views import View

from exporters.base import RESOURCES, Exporter
from exporters.exports import (
    ExportedFile,
    ItemNotFound,
    ItemWithheld,
    build_context,
    export_item,
    find_item,
)
from exporters.registry import UnknownExporter, get_registry
from exporters.store import get_store

from .caching import ContentValidators

RESERVED_PARAMETERS = {"download"}
MEMO_SECONDS = 3600


def error(status, message):
    return JsonResponse({"detail": message}, status=status)


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
        except UnknownExporter as missing:
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

        # One query decides a 304, before any page is looked up or rendered.
        validators = ContentValidators(
            request, exporter.name, exporter.version, exporter.fingerprint()
        )
        if (not_modified := validators.not_modified()) is not None:
            return not_modified

        # While the content fingerprint (inside the ETag) stands, nothing a stored
        # file depends on has changed: skip the page lookup and the store key.
        memo = f"meridian:export:{validators.etag.strip(chr(34))}"
        exported = _remembered(memo, exporter)
        if exported is None:
            try:
                page = find_item(exporter, resource, slug)
            except ItemWithheld as withheld:
                return error(409, str(withheld))
            except ItemNotFound as missing:
                return error(404, str(missing))
            context = build_context(
                resource, options, self_url=request.build_absolute_uri()
            )
            exported = export_item(exporter, resource, page, options, context=context)
            if exported.store_key:
                cache.set(memo, (exported.store_key, exported.filename), MEMO_SECONDS)

        response = HttpResponse(exported.content, content_type=exporter.media_type)
        disposition = "attachment" if _truthy(request.GET.get("download")) else "inline"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{exported.filename}"'
        )
        response["X-Export-Store"] = "hit" if exported.from_store else "miss"
        return validators.apply(response)


def _remembered(memo, exporter):
    remembered = cache.get(memo)
    if not remembered:
        return None
    store_key, filename = remembered
    content = get_store().get(store_key)
    if content is None:  # pruned or cleared since: look the page up again
        return None
    return ExportedFile(content, filename, exporter.media_type, True, store_key)


def _truthy(value):
    return (value or "").lower() in {"1", "true", "yes", "on"}
