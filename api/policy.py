"""What every v1 response shares: one pipeline, inherited, never pasted into a view.

    class LicenseViewSet(APIPolicy, GenericViewSet):
        ...

    @extend_schema(responses={200: LicenseSerializer(many=True), **ERROR_RESPONSES})

``APIPolicy`` makes a view anonymous, JSON unless it says otherwise, throttled
(``MERIDIAN_API["ANON_RATE"]``), and conditional: a view calls
``self.validate(etag, last_modified)`` once it has found what it serves, or gets an
ETag hashed from its body (``api.conditional``). Policy is set on the views, not in
``REST_FRAMEWORK``, so Wagtail's own API v2 keeps DRF's defaults. Errors are
``{"detail": "…", "errors": {…}}`` with a short lowercase message; any URL under
``/api/v1/`` that is not routed is :func:`not_found`.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from .conditional import STARTED, PreconditionReached, Validators, etag_of_body


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous rate from ``MERIDIAN_API["ANON_RATE"]``, read at request time.

    Each client has one counter per window in the shared cache, raised with the
    cache's atomic increment (Redis ``INCR`` when ``REDIS_URL`` is set), so the limit
    holds exactly across gunicorn workers and app nodes, however their requests
    interleave. DRF's own throttle reads a list of times, appends and writes it back,
    and concurrent requests on two nodes can each miss the other's write.
    """

    def get_rate(self):
        return settings.MERIDIAN_API.get("ANON_RATE") or None

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        self.now = self.timer()
        self.window_ends = (self.now // self.duration + 1) * self.duration
        key = f"{ident}:{int(self.window_ends)}"
        # The window's counter lives a little past its end, then the cache drops it.
        self.cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # evicted between add and incr: this request opens it again
            self.cache.add(key, 1, timeout=self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(1, self.window_ends - self.now)


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
    412: OpenApiResponse(ErrorSerializer, description="If-Match did not match"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests"),
}


class APIPolicy:
    """Read-only, anonymous, JSON, throttled and conditional: every v1 view."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = []
    throttle_classes = [AnonymousRateThrottle]
    validators = None
    # For a response validated by its body's hash: when what it shows last changed
    # (a view sets it), or, for one that changes only with a deploy, process start.
    last_modified = None
    changes_only_with_deploy = False

    def validate(self, etag, last_modified=None):
        """State this response's validators; a 304 (or 412) ends the request here."""
        self.validators = Validators(etag, last_modified)
        response = self.validators.precondition(self.request)
        if response is not None:
            raise PreconditionReached(response)

    def handle_exception(self, exc):
        if isinstance(exc, PreconditionReached):
            return exc.response
        # Errors stay JSON, whatever representation was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            # No cache in front may keep an error (a 404 until publishing, a 429).
            add_never_cache_headers(response)
            return response
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            return response
        if self.validators is None:
            # No cheaper validator was stated: the body's own hash.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = b"".join(response) if response.streaming else response.content
            moment = self.last_modified or (
                STARTED if self.changes_only_with_deploy else None
            )
            self.validators = Validators(etag_of_body(body), moment)
            not_modified = self.validators.precondition(request)
            if not_modified is not None:
                return not_modified
        return self.validators.apply(response)


class ExporterChoosesMediaType(BaseContentNegotiation):
    """Files go out in their exporter's media type; errors in JSON, whatever is asked.

    A feed reader's ``Accept: application/atom+xml`` is never refused.
    """

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@never_cache
def not_found(request, *args, **kwargs):
    """Any other URL under /api/v1/: a JSON 404 that points at the index."""
    return JsonResponse(
        {
            "detail": f"no such endpoint '{request.path}'; the index at /api/v1/ lists them"
        },
        status=404,
    )
