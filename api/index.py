"""Where a client starts: the index of resources and exporters, the schema, the docs.

    GET /api/v1/          every resource and exporter, with its URL
    GET /api/v1/schema/   the OpenAPI 3 document
    GET /api/v1/docs/     the same document as interactive docs

Each answers conditional GETs like every other v1 response.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from content_models.resources import RESOURCES
from exporters.registry import get_registry

from .filters import check_query_parameters
from .policy import ERROR_RESPONSES, APIPolicy

# Listings the index names: every page resource, then the licences.
LISTINGS = (*RESOURCES.names(), "licenses")


class IndexView(APIPolicy, APIView):
    """``GET /api/v1/``: every resource and exporter, with its URL."""

    changes_only_with_deploy = True

    @extend_schema(
        summary="Index of resources and exporters",
        responses={
            200: inline_serializer(
                "Index",
                {
                    "version": serializers.CharField(),
                    "resources": serializers.DictField(child=serializers.URLField()),
                    "images": serializers.CharField(),
                    "exporters": serializers.ListField(child=serializers.DictField()),
                    "changes": serializers.URLField(),
                    "schema": serializers.URLField(),
                    "docs": serializers.URLField(),
                },
            )
        },
    )
    def get(self, request):
        check_query_parameters(request.query_params, set())
        exporters = list(get_registry().all())

        def url(route_name):
            return request.build_absolute_uri(reverse(route_name))

        root = url("api:index")
        listed = []
        for exporter in exporters:
            description = exporter.describe()
            description["urls"] = {
                resource: (
                    f"{root}{resource}/{{slug}}/export/{exporter.name}/"
                    if exporter.scope == "item"
                    else f"{root}{resource}/export/{exporter.name}/"
                )
                for resource in exporter.resources
            }
            listed.append(description)
        data = {
            "version": "1",
            "resources": {name: url(f"api:{name}-list") for name in LISTINGS},
            "images": f"{root}images/{{id}}/",
            "exporters": listed,
            "changes": url("api:changes"),
            "schema": url("api:schema"),
            "docs": url("api:docs"),
        }
        return Response(data)


class SchemaView(APIPolicy, SpectacularAPIView):
    """The OpenAPI 3 document, with conditional GET like every other response."""

    renderer_classes = SpectacularAPIView.renderer_classes
    changes_only_with_deploy = True

    @extend_schema(
        summary="This API's OpenAPI 3.1 document",
        responses={
            (200, "application/vnd.oai.openapi"): OpenApiTypes.STR,
            (200, "application/vnd.oai.openapi+json"): OpenApiTypes.OBJECT,
            **ERROR_RESPONSES,
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DocsView(APIPolicy, SpectacularSwaggerView):
    """Interactive documentation of the same document."""

    renderer_classes = SpectacularSwaggerView.renderer_classes
    changes_only_with_deploy = True

    @extend_schema(
        summary="Interactive documentation (Swagger UI)",
        responses={(200, "text/html"): OpenApiTypes.STR, **ERROR_RESPONSES},
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The API takes no writes, so the page needs no CSRF token: without one its
        # body is the same for everyone (a stable ETag) and it sets no cookie.
        response.data["csrf_token"] = ""
        return response

    def options(self, request, *args, **kwargs):
        # The page's template renders only the docs: the description goes out as JSON.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
        return super().options(request, *args, **kwargs)
