"""Export a whole collection through a collection exporter (the syndicated feeds).

    GET /api/v1/conditions/export/rss/
    GET /api/v1/conditions/export/atom/?symptom=lower-back-pain&limit=20
    GET /api/v1/case-studies/export/json-feed/?treatment=acupuncture

The listing's filters apply (``api.filters.apply_filters``), newest first unless
``ordering`` says otherwise, plus ``limit`` (default 50, at most 200). Case studies
come from the exporter's consent channel (syndication, for feeds). Responses carry
``ETag``, ``Last-Modified`` and ``Cache-Control``; a matching conditional request is a
304 before anything is rendered, and a feed rendered for one subscriber is served from
the cache to the next until its ETag changes. Errors are JSON like the listing's
(``{"detail": …}``): an unknown resource or exporter is a 404, a bad parameter a 400,
too many requests from one client a 429 (the API's policy, throttle included).

The exporter chooses the media type: a feed reader's ``Accept`` header (say
``application/atom+xml`` alone) is never refused by content negotiation.
"""

from django.core.cache import cache
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from api.conditional import cache_max_age, etag_from, query_of
from api.exporting import export_path_parameters, exporter_for
from api.filters import apply_filters
from api.pagination import whole_number
from api.policy import (
    ERROR_RESPONSES,
    APIPolicy,
    ErrorSerializer,
    ExporterChoosesMediaType,
)
from content_models.publishing import serve, store
from exporters.base import Exporter
from exporters.exports import build_context, public_queryset

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
DEFAULT_ORDERING = "-updated"


class CollectionExportView(APIPolicy, APIView):
    """``GET /api/v1/{resource}/export/{exporter}/`` — a filtered collection as a file."""

    content_negotiation_class = ExporterChoosesMediaType

    @extend_schema(
        operation_id="export_collection",
        summary="A collection as one file: the RSS, Atom and JSON feeds",
        description="Takes the filters of the resource's listing (e.g. "
        "?symptom=lower-back-pain on conditions) as well as limit and ordering. "
        "Case studies appear only with the patient's consent for the exporter's "
        "channel (syndication, for feeds). See docs/feeds.md.",
        parameters=[
            *export_path_parameters(Exporter.COLLECTION),
            OpenApiParameter(
                "limit",
                int,
                description=f"Entries, newest first: 1 to {MAX_LIMIT} (default "
                f"{DEFAULT_LIMIT}). Eg: ?limit=20",
            ),
            OpenApiParameter(
                "ordering",
                str,
                description="As in the listing; default -updated. Eg: ?ordering=title",
            ),
        ],
        responses={
            (200, "application/rss+xml"): OpenApiTypes.STR,
            (200, "application/atom+xml"): OpenApiTypes.STR,
            (200, "application/feed+json"): OpenApiTypes.OBJECT,
            304: OpenApiResponse(description="Not modified since the given ETag"),
            404: OpenApiResponse(
                ErrorSerializer, description="Unknown resource or exporter"
            ),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request, resource, exporter):
        exporter = exporter_for(resource, exporter, Exporter.COLLECTION)
        limit = whole_number(request.GET, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)

        params = request.GET.copy()
        params.setdefault("ordering", DEFAULT_ORDERING)
        pages = apply_filters(
            resource,
            public_queryset(resource, exporter),
            params,
            extra_parameters=("limit",),
        )

        # A feed changes when an item of its resource does: the store's sequence.
        serve.settle(resource)
        sequence, changed_at = serve.latest_event(resource)
        self_url = request.build_absolute_uri()
        etag = etag_from(
            "feed",
            exporter.name,
            exporter.version,
            exporter.fingerprint(),
            sequence,
            changed_at,
            store.current_digest(),
            self_url,
            query_of(request),
        )
        self.validate(etag, changed_at)
        # Kept under its ETag: nothing it shows can change without a new one.
        key = f"meridian:feed:{etag.strip(chr(34))}"
        content = cache.get(key)
        if content is None:
            context = build_context(resource, exporter.clean_options({}), self_url)
            content = exporter.render(list(pages[:limit]), context)
            cache.set(key, content, cache_max_age())
        response = HttpResponse(content, content_type=exporter.media_type)
        filename = f"{resource}.{exporter.extension}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
