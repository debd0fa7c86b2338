"""Export a whole collection through a collection exporter (the syndicated feeds).

    GET /api/v1/conditions/export/rss/
    GET /api/v1/conditions/export/atom/?symptom=lower-back-pain&limit=20
    GET /api/v1/case-studies/export/json-feed/?treatment=acupuncture

The listing's filters apply (``api.filters.apply_filters``), newest first unless
``ordering`` says otherwise, plus ``limit`` (default 50, at most 200). Each resource
has its own route (:func:`collection_export_view_for`), so the schema lists the
filters and orderings that resource takes; any other resource is a JSON 404. Case studies
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
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.views import APIView

from api.conditional import cache_max_age, etag_from, query_of
from api.exporting import exporter_for
from api.filters import PublicFilterBackend, apply_filters
from api.pagination import WholeNumberParameter
from api.policy import (
    ERROR_RESPONSES,
    APIPolicy,
    ErrorSerializer,
    ExporterChoosesMediaType,
)
from content_models.publishing import serve, store
from exporters.base import Exporter
from exporters.exports import build_context, public_queryset
from exporters.registry import get_registry

LIMIT = WholeNumberParameter(
    "limit", 50, 1, 200, "Entries, newest first unless ordering says otherwise", 20
)
DEFAULT_ORDERING = "-updated"


class CollectionExportView(APIPolicy, APIView):
    """``GET /api/v1/{resource}/export/{exporter}/`` — a filtered collection as a file.

    Routed once per resource with ``resource`` set (:func:`collection_export_view_for`).
    """

    content_negotiation_class = ExporterChoosesMediaType
    filter_backends = [PublicFilterBackend]
    listing_parameters = (LIMIT.name,)
    resource = ""

    def get_queryset(self):
        # What the schema reads the resource's filters from.
        return public_queryset(self.resource)

    def get(self, request, exporter, resource=None):
        resource = self.resource or resource
        exporter = exporter_for(resource, exporter, Exporter.COLLECTION)
        limit = LIMIT.read(request.GET)

        params = request.GET.copy()
        params.setdefault("ordering", DEFAULT_ORDERING)
        pages = apply_filters(
            resource,
            public_queryset(resource, exporter),
            params,
            extra_parameters=self.listing_parameters,
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


@extend_schema_view(get=extend_schema(exclude=True))
class OtherResourceExportView(CollectionExportView):
    """Any other ``{resource}``: a JSON 404 naming the resources there are."""


def collection_export_view_for(resource):
    """The collection export view of one resource, its filters in the schema."""
    exporters = [
        exporter.name
        for exporter in get_registry().all()
        if exporter.scope == Exporter.COLLECTION and resource.name in exporter.resources
    ]
    view = type(
        f"{resource.model.__name__.removesuffix('Page')}CollectionExportView",
        (CollectionExportView,),
        {"resource": resource.name, "__doc__": CollectionExportView.__doc__},
    )
    schema = extend_schema(
        operation_id=f"{resource.name.replace('-', '_')}_export_collection",
        summary=f"The public {resource.noun}s as one file: the RSS, Atom and JSON "
        "feeds",
        description="Takes the filters of the listing, newest first (ordering "
        f"{DEFAULT_ORDERING}) unless ordering says otherwise. Case studies appear "
        "only with the patient's consent for the exporter's channel (syndication, "
        "for feeds). See docs/feeds.md.",
        filters=True,
        parameters=[
            OpenApiParameter(
                "exporter",
                str,
                OpenApiParameter.PATH,
                enum=exporters,
                description="A collection exporter from GET /api/v1/exporters/.",
            ),
            LIMIT.parameter(),
        ],
        responses={
            (200, "application/rss+xml"): OpenApiTypes.STR,
            (200, "application/atom+xml"): OpenApiTypes.STR,
            (200, "application/feed+json"): OpenApiTypes.OBJECT,
            304: OpenApiResponse(description="Not modified since the given ETag"),
            404: OpenApiResponse(ErrorSerializer, description="Unknown exporter"),
            **ERROR_RESPONSES,
        },
    )
    return extend_schema_view(get=schema)(view)
