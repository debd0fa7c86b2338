"""What every v1 response shares: JSON only, anonymous, throttled, one error shape.

    class LicenseViewSet(APIPolicy, GenericViewSet):
        ...

    @extend_schema(responses={200: LicenseSerializer(many=True), **ERROR_RESPONSES})

Policy is set on the views (``APIPolicy``), not in ``REST_FRAMEWORK``, so Wagtail's own
API v2 keeps DRF's defaults. Errors are ``{"detail": "…", "errors": {…}}`` with a short
lowercase message; any URL under ``/api/v1/`` that is not routed is :func:`not_found`.
"""

from django.conf import settings
from django.http import JsonResponse
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous rate from ``MERIDIAN_API["ANON_RATE"]``, read at request time."""

    def get_rate(self):
        return settings.MERIDIAN_API.get("ANON_RATE") or None


ErrorSerializer = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
        ),
    },
)
ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="Unknown or malformed parameter"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests"),
}


class APIPolicy:
    """Read-only, anonymous, JSON only, throttled: shared by every v1 view."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = []
    throttle_classes = [AnonymousRateThrottle]


class ExporterChoosesMediaType(BaseContentNegotiation):
    """Files go out in their exporter's media type; errors in JSON, whatever is asked.

    A feed reader's ``Accept: application/atom+xml`` is never refused.
    """

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def not_found(request, *args, **kwargs):
    """Any other URL under /api/v1/: a JSON 404 that points at the index."""
    return JsonResponse(
        {
            "detail": f"no such endpoint '{request.path}'; the index at /api/v1/ lists them"
        },
        status=404,
    )
