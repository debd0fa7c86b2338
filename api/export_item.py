"""Export one item, and list the exporters, through the exporter registry.

    GET /api/v1/exporters/
    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?paper=a5&large_print=true
    GET /api/v1/conditions/sciatica/export/leaflet-pdf/?download=true   (attachment)

Both are API views under the API's policy (``api.policy.APIPolicy``): throttled, JSON
errors in the one shape, conditional GET, and in the OpenAPI schema. Query parameters
other than ``download`` are the exporter's options, checked by its ``clean_options``.
An unknown exporter, resource or slug, or an exporter that does not take the resource,
is a 404; bad options are a 400. A page withheld from the exporter's channel because
its clinical review is overdue is a 409 whose message says so
(``MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"]``).
"""

from django.core.cache import cache
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.parsing import parse_boolean
from content_models.publishing import serve, store
from exporters.base import Exporter
from exporters.exports import (
    ExportedFile,
    ItemNotFound,
    ItemWithheld,
    build_context,
    export_item,
    find_item,
)
from exporters.registry import get_registry
from exporters.store import get_store

from .conditional import etag_from
from .exporting import export_path_parameters, exporter_for
from .filters import refuse_empty_values
from .policy import (
    ERROR_RESPONSES,
    APIPolicy,
    ErrorSerializer,
    ExporterChoosesMediaType,
)

RESERVED_PARAMETERS = {"download"}
MEMO_SECONDS = 3600


class Withheld(APIException):
    status_code = 409
    default_detail = "withheld from this channel"
    default_code = "withheld"


class ExporterSerializer(serializers.Serializer):
    """What ``Exporter.describe()`` says of one exporter."""

    name = serializers.CharField()
    label = serializers.CharField()
    media_type = serializers.CharField()
    extension = serializers.CharField()
    scope = serializers.ChoiceField(choices=[Exporter.ITEM, Exporter.COLLECTION])
    resources = serializers.ListField(child=serializers.CharField())
    version = serializers.CharField()


class ExporterListView(APIPolicy, APIView):
    """``GET /api/v1/exporters/`` — every enabled exporter and what it accepts."""

    changes_only_with_deploy = True

    @extend_schema(
        operation_id="exporters_list",
        summary="The enabled exporters and what they accept",
        responses={
            200: inline_serializer(
                "ExporterList",
                {
                    "count": serializers.IntegerField(),
                    "results": ExporterSerializer(many=True),
                },
            ),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request):
        exporters = [exporter.describe() for exporter in get_registry().all()]
        return Response({"count": len(exporters), "results": exporters})


class ItemExportView(APIPolicy, APIView):
    """``GET /api/v1/{resource}/{slug}/export/{exporter}/`` — one page as a file."""

    content_negotiation_class = ExporterChoosesMediaType

    @extend_schema(
        operation_id="export_item",
        summary="One item as a file, e.g. a patient leaflet (PDF)",
        description="Other query parameters are the exporter's options, e.g. "
        "paper=a5 or large_print=true for leaflet-pdf (see docs/exporters.md). Case "
        "studies are exported only with the patient's consent for the exporter's "
        "channel (print, for leaflets).",
        parameters=[
            *export_path_parameters(Exporter.ITEM),
            OpenApiParameter(
                "download",
                bool,
                description="true: sent as an attachment rather than inline.",
            ),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            304: OpenApiResponse(description="Not modified since the given ETag"),
            404: OpenApiResponse(
                ErrorSerializer, description="Unknown resource, exporter or item"
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="Withheld from this channel: the item's clinical "
                "review is overdue",
            ),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request, resource, slug, exporter):
        exporter = exporter_for(resource, exporter, Exporter.ITEM)
        refuse_empty_values(request.GET)
        download = _boolean("download", request.GET.get("download"))
        raw = {
            key: request.GET.getlist(key)[-1]
            for key in request.GET
            if key not in RESERVED_PARAMETERS
        }
        try:
            options = exporter.clean_options(raw)
        except ValueError as invalid:
            raise ValidationError({"detail": str(invalid)}) from None

        # The item is looked up before any 304: nothing is confirmed that is gone.
        try:
            page = find_item(exporter, resource, slug)
        except ItemWithheld as withheld:
            raise Withheld(str(withheld)) from None
        except ItemNotFound as missing:
            raise NotFound(str(missing)) from None

        etag, changed_at = self.item_validators(exporter, resource, page, options)
        self.validate(etag, changed_at)
        # The ETag names everything the file shows, so it can name the stored file.
        memo = f"meridian:export:{etag.strip(chr(34))}"
        exported = _remembered(memo, exporter)
        if exported is None:
            context = build_context(
                resource, options, self_url=request.build_absolute_uri()
            )
            exported = export_item(exporter, resource, page, options, context=context)
            if exported.store_key:
                cache.set(memo, (exported.store_key, exported.filename), MEMO_SECONDS)
        response = HttpResponse(exported.content, content_type=exporter.media_type)
        disposition = "attachment" if download else "inline"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{exported.filename}"'
        )
        response["X-Export-Store"] = "hit" if exported.from_store else "miss"
        return response

    @staticmethod
    def item_validators(exporter, resource, page, options):
        """``(etag, last_modified)``: they move when the stored representation of
        the item or of an item it shows changes (a file may show more of them than
        the item's JSON does), or when the exporter or the options change."""
        publication = serve.item(resource, page.slug)
        if publication is not None and publication.page_id == page.pk:
            shown, changed_at = serve.with_what_it_shows(publication)
        else:  # public on this channel but not on the web: its resource's last change
            sequence, changed_at = serve.latest_event(resource)
            shown = [sequence]
        etag = etag_from(
            "export",
            exporter.name,
            exporter.version,
            exporter.fingerprint(),
            sorted(options.items()),
            page.pk,
            page.latest_revision_id,
            shown,
            store.current_digest(),
        )
        return etag, changed_at


def _remembered(memo, exporter):
    remembered = cache.get(memo)
    if not remembered:
        return None
    store_key, filename = remembered
    content = get_store().get(store_key)
    if content is None:  # pruned or cleared since: render again
        return None
    return ExportedFile(content, filename, exporter.media_type, True, store_key)


def _boolean(name, raw):
    """The API's one boolean parser (true/false/1/0); anything else is a 400."""
    if raw is None:
        return False
    try:
        return parse_boolean(raw)
    except ValueError as invalid:
        raise ValidationError(
            {"detail": f"{name}: {invalid}", "errors": {name: [str(invalid)]}}
        ) from None
