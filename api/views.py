"""API v1 page resources: one read-only viewset per resource, served from the store.

    GET /api/v1/conditions/?symptom=leg-pain&fields=*,-causes&limit=50
    GET /api/v1/conditions/sciatica/
    GET /api/v1/conditions/sciatica/?format=jsonld    (schema.org, see api.jsonld)
    GET /api/v1/conditions/sciatica/?preview_token=…  (its draft, see api.preview)

The router makes one viewset per resource in ``content_models.resources``
(:func:`viewset_for`). Which items are public, and how a listing filters, orders and
pages, is decided in SQL on the content tables at request time; what each item looks
like comes from the publication store (``content_models.publishing``), rendered when
it was published. A detail is found, then validated (its own ETag), then sent as
stored; a listing is validated on its resource's last change, then assembled from
stored entries. Neither renders anything unless the store says an item is due.

Images and licences are in ``api.media_views``; the index, schema and docs in
``api.index``; throttling, errors and conditional GET in ``api.policy``.
"""

import json

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.viewsets import GenericViewSet

from content_models.case_studies import ConsentChannel
from content_models.public import public_for_channel
from content_models.publishing import serve, store

from . import preview
from .conditional import Validators, cache_max_age, etag_from, query_of
from .fields import fields_parameter, select_fields
from .filters import PublicFilterBackend, check_query_parameters
from .jsonld import JSONLD_RESPONSE_SCHEMA, format_parameter
from .pagination import LimitOffsetPagination
from .policy import ERROR_RESPONSES, APIPolicy, ErrorSerializer
from .renderers import JSONLD_MEDIA_TYPE, JSONLDRenderer
from .serializers import serializer_for


def vary_on_accept(response):
    """A detail's body depends on Accept (JSON or JSON-LD): caches must know."""
    patch_vary_headers(response, ["Accept"])
    return response


def listing_key(etag):
    return f"meridian:listing:{etag.strip(chr(34))}"


def subset(text, fields):
    """A stored JSON object with only ``fields``, in the stored order."""
    data = json.loads(text)
    return store.dumps({key: value for key, value in data.items() if key in fields})


class PageResourceViewSet(APIPolicy, GenericViewSet):
    """List and retrieve one resource; :func:`viewset_for` sets the data."""

    resource = ""
    noun = ""
    serializer_class = None
    listing_parameters = ("limit", "offset", "fields")

    # JSON first, so Accept: */* (browsers, curl) gets JSON; JSON-LD only on details.
    renderer_classes = [JSONRenderer, JSONLDRenderer]
    filter_backends = [PublicFilterBackend]
    pagination_class = LimitOffsetPagination
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def get_queryset(self):
        # The web channel: case studies need web consent; overdue pages are held
        # back only if MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"] names "web".
        return public_for_channel(self.resource, ConsentChannel.WEB)

    def requested_fields(self, default):
        available = list(self.serializer_class._declared_fields)
        return select_fields(
            self.request.query_params.get("fields"), default, available
        )

    def list(self, request, *args, **kwargs):
        default = set(self.serializer_class.listing_default_fields)
        every = set(self.serializer_class._declared_fields)
        fields = self.requested_fields(default)
        serve.settle(self.resource)
        etag, changed_at = self.listing_validators(request)
        # The ETag names this exact body (the resource's last change and its time,
        # the query, the host), so a body kept under it is never stale, and its
        # query was valid: only without one do the filters run (and give any 400).
        kept = cache.get(listing_key(etag))
        if kept is None:
            queryset = self.filter_queryset(self.get_queryset())
        self.validate(etag, changed_at)
        if kept is not None:
            return HttpResponse(kept, content_type=JSONRenderer.media_type)
        page_ids = self.paginate_queryset(queryset.values_list("pk", flat=True))
        column = "compact" if fields == default else "body"
        stored, rendered = serve.items(page_ids, column)
        if rendered:  # an item no write had announced: the validators move with it
            self.validators = Validators(*self.listing_validators(request))
        entries = [stored[pk] for pk in page_ids if pk in stored]
        if fields not in (default, every):
            entries = [subset(entry, fields) for entry in entries]
        envelope = self.paginator.get_paginated_response([]).data
        head = store.dumps({key: envelope[key] for key in envelope if key != "results"})
        body = f'{head[:-1]},"results":[{",".join(entries)}]}}'
        cache.set(listing_key(self.validators.etag), body, cache_max_age())
        return HttpResponse(body, content_type=JSONRenderer.media_type)

    def listing_validators(self, request):
        """The resource's last change names every listing of it (and the host, for
        the ``next`` and ``previous`` links)."""
        sequence, changed_at = serve.latest_event(self.resource)
        etag = etag_from(
            "list",
            # with its time: a sequence number alone may repeat (a restored backup)
            sequence,
            changed_at,
            request.scheme,
            request.get_host(),
            request.path,
            query_of(request),
        )
        return etag, changed_at

    def retrieve(self, request, slug=None, *args, **kwargs):
        response_format = self.response_format(request)
        jsonld = response_format == JSONLDRenderer.format
        allowed = {"format"} if jsonld else {"fields", "format"}
        check_query_parameters(request.query_params, allowed | {"preview_token"})
        every = set(self.serializer_class._declared_fields)
        fields = every if jsonld else self.requested_fields(every)
        token = request.query_params.get("preview_token")
        if token is not None:
            # A draft (api.preview): rendered now, never stored, never cached.
            draft = preview.rendered_draft(self.resource, slug, token)  # 403, 404
            self.validators = preview.NOT_CACHEABLE
            if jsonld:
                body, media_type = draft.jsonld, JSONLDRenderer.media_type
            else:
                body = draft.body if fields == every else subset(draft.body, fields)
                media_type = JSONRenderer.media_type
            return vary_on_accept(HttpResponse(body, content_type=media_type))
        # Found first: a missing or non-public item is a 404 whatever the headers.
        publication = serve.item(self.resource, slug)
        if publication is None:
            raise NotFound(f"no {self.noun} with slug '{slug}'")
        if jsonld:
            etag, body = publication.jsonld_etag, publication.jsonld
            media_type = JSONLDRenderer.media_type
        elif fields == every:
            etag, body = publication.etag, publication.body
            media_type = JSONRenderer.media_type
        else:
            etag = etag_from(publication.etag, sorted(fields))[1:-1]
            body = subset(publication.body, fields)
            media_type = JSONRenderer.media_type
        self.validate(f'"{etag}"', publication.changed_at)
        return vary_on_accept(HttpResponse(body, content_type=media_type))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action == "retrieve":
            vary_on_accept(response)
        return response

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "retrieve":
            return renderers
        # JSON-LD is per item: listings (and anything else) are JSON only.
        return [r for r in renderers if r.format == JSONRenderer.format]

    def perform_content_negotiation(self, request, force=False):
        """On a detail, a known ``?format=`` wins over Accept (DRF's format override)."""
        by_format = {renderer.format: renderer for renderer in self.get_renderers()}
        requested = request.query_params.get("format")
        if self.action == "retrieve" and requested in by_format:
            return by_format[requested], by_format[requested].media_type
        try:
            return super().perform_content_negotiation(request, force)
        except NotAcceptable:
            if JSONLD_MEDIA_TYPE in request.headers.get("Accept", ""):
                raise NotAcceptable(self.jsonld_is_per_item(request)) from None
            raise

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        requested = request.query_params.get("format")
        if self.action == "list" and requested == JSONLDRenderer.format:
            message = self.jsonld_is_per_item(request)
            raise ValidationError({"detail": message, "errors": {"format": [message]}})

    def response_format(self, request):
        """``json`` or ``jsonld``: ``?format=`` when given, else what Accept chose."""
        formats = [renderer.format for renderer in self.get_renderers()]
        requested = request.query_params.get("format")
        if requested is None:
            return request.accepted_renderer.format
        if requested not in formats:
            message = f"unknown format '{requested}'; allowed: {', '.join(formats)}"
            raise ValidationError({"detail": message, "errors": {"format": [message]}})
        return requested

    def jsonld_is_per_item(self, request):
        return (
            f"JSON-LD is per item, not for listings: ask for one {self.noun}, "
            f"e.g. {request.path}{{slug}}/?format=jsonld"
        )


def json_only(responses):
    """Error responses keyed to JSON alone: errors are never JSON-LD."""
    return {(code, JSONRenderer.media_type): value for code, value in responses.items()}


def page_resource_schema(serializer, noun, default_fields):
    available = list(serializer._declared_fields)
    return extend_schema_view(
        list=extend_schema(
            summary=f"List public {noun}s",
            parameters=[fields_parameter(", ".join(default_fields), available)],
            responses={200: serializer(many=True), **ERROR_RESPONSES},
        ),
        retrieve=extend_schema(
            summary=f"One public {noun}",
            description="JSON, or schema.org JSON-LD with ?format=jsonld or "
            "'Accept: application/ld+json'. Errors are always JSON.",
            parameters=[
                fields_parameter("all fields", available),
                format_parameter(),
                preview.token_parameter("preview_token", required=False),
            ],
            responses={
                (200, JSONRenderer.media_type): serializer,
                (200, JSONLD_MEDIA_TYPE): OpenApiResponse(
                    JSONLD_RESPONSE_SCHEMA, description="schema.org JSON-LD"
                ),
                **json_only(
                    {
                        403: preview.FORBIDDEN,
                        404: OpenApiResponse(
                            ErrorSerializer, description=f"No such {noun}"
                        ),
                        406: OpenApiResponse(
                            ErrorSerializer,
                            description="Accept names neither JSON nor JSON-LD",
                        ),
                        **ERROR_RESPONSES,
                    }
                ),
            },
        ),
    )


def viewset_for(resource):
    """The viewset of one resource (``content_models.resources``), schema included."""
    serializer_class = serializer_for(resource)
    viewset = type(
        f"{serializer_class.__name__.removesuffix('Serializer')}ViewSet",
        (PageResourceViewSet,),
        {
            "resource": resource.name,
            "noun": resource.noun,
            "serializer_class": serializer_class,
            "__doc__": f"The public {resource.noun} listing and details.",
        },
    )
    schema = page_resource_schema(
        serializer_class, resource.noun, serializer_class.listing_default_fields
    )
    return schema(viewset)
