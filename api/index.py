"""Where a client starts: the index of resources and exporters, the schema, the docs.

    GET /api/v1/          every resource and exporter, with its URL
    GET /api/v1/schema/   the OpenAPI 3 document
    GET /api/v1/docs/     the same document as interactive docs

Each answers conditional GETs like every other v1 response.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from exporters.registry import get_registry

from .caching import ContentValidators
from .filters import check_query_parameters
from .policy import APIPolicy

RESOURCE_ROUTES = {
    "conditions": "api:conditions-list",
    "symptoms": "api:symptoms-list",
    "treatments": "api:treatments-list",
    "case-studies": "api:case-studies-list",
    "licenses": "api:licenses-list",
}


class IndexView(APIPolicy, APIView):
    """``GET /api/v1/``: every resource and exporter, with its URL."""

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
                    "schema": serializers.URLField(),
                    "docs": serializers.URLField(),
                },
            )
        },
    )
    def get(self, request):
        check_query_parameters(request.query_params, set())
        registry = get_registry()
        exporters = list(registry.all())
        validators = ContentValidators(
            request, *(f"{e.name}:{e.version}" for e in exporters)
        )
        if (not_modified := validators.not_modified()) is not None:
            return not_modified

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
            "resources": {name: url(route) for name, route in RESOURCE_ROUTES.items()},
            "images": f"{root}images/{{id}}/",
            "exporters": listed,
            "schema": url("api:schema"),
            "docs": url("api:docs"),
        }
        return validators.apply(Response(data))


@extend_schema(exclude=True)
class SchemaView(APIPolicy, SpectacularAPIView):
    """The OpenAPI 3 document, with conditional GET like every other response."""

    renderer_classes = SpectacularAPIView.renderer_classes

    def get(self, request, *args, **kwargs):
        validators = ContentValidators(request, "schema")
        if (not_modified := validators.not_modified()) is not None:
            return not_modified
        return validators.apply(super().get(request, *args, **kwargs))


@extend_schema(exclude=True)
class DocsView(APIPolicy, SpectacularSwaggerView):
    renderer_classes = SpectacularSwaggerView.renderer_classes

    def get(self, request, *args, **kwargs):
        validators = ContentValidators(request, "docs")
        if (not_modified := validators.not_modified()) is not None:
            return not_modified
        return validators.apply(super().get(request, *args, **kwargs))
