"""Export a whole collection through a collection exporter (the syndicated feeds).

    GET /api/v1/conditions/export/rss/
    GET /api/v1/conditions/export/atom/?symptom=lower-back-pain&limit=20
    GET /api/v1/case-studies/export/json-feed/?treatment=acupuncture

The listing's filters apply (``api.filters.apply_filters``), newest first unless
``ordering`` says otherwise, plus ``limit`` (default 50, at most 200). Case studies
come from the exporter's consent channel (syndication, for feeds). Responses carry
``ETag``, ``Last-Modified`` and ``Cache-Control``; a matching conditional request is a
304 before anything is rendered, and a feed rendered for one subscriber is served from
the cache to the next until its ETag changes. Errors are JSON shaped like the
listing's (``{"detail": …}``): an unknown resource or exporter is a 404, a bad
parameter a 400, too many requests from one client a 429 (the API's anonymous rate).

This is a plain Django view, not a DRF one, so a feed reader's ``Accept`` header
(``application/atom+xml`` alone, say) is never refused by content negotiation.
"""

from hashlib import sha256

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.views import View
from rest_framework.exceptions import ValidationError

from api.caching import ContentValidators, cache_max_age
from api.filters import apply_filters
from api.views import AnonymousRateThrottle
from exporters.base import RESOURCES, Exporter
from exporters.exports import build_context, public_queryset
from exporters.registry import UnknownExporter, get_registry

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
DEFAULT_ORDERING = "-updated"


def error(status, message, **headers):
    return JsonResponse({"detail": message}, status=status, headers=headers)


def parse_limit(raw):
    """``?limit=20`` → 20; raises ValueError with the message a client sees."""
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


class CollectionExportView(View):
    """``GET /api/v1/{resource}/export/{exporter}/`` — a filtered collection as a file."""

    def get(self, request, resource, exporter):
        throttle = AnonymousRateThrottle()
        if not throttle.allow_request(request, self):
            wait = int(throttle.wait() or 1)
            return error(
                429,
                f"too many requests; try again in {wait} seconds",
                **{"Retry-After": str(wait)},
            )
        if resource not in RESOURCES:
            return error(
                404, f"unknown resource '{resource}'; use one of {', '.join(RESOURCES)}"
            )
        try:
            exporter = get_registry().get_for(exporter, resource, Exporter.COLLECTION)
        except UnknownExporter as missing:
            return error(404, str(missing))
        try:
            limit = parse_limit(request.GET.get("limit"))
        except ValueError as invalid:
            return JsonResponse(
                {"detail": str(invalid), "errors": {"limit": [str(invalid)]}},
                status=400,
            )

        params = request.GET.copy()
        params.setdefault("ordering", DEFAULT_ORDERING)
        try:
            pages = apply_filters(
                resource,
                public_queryset(resource, exporter),
                params,
                extra_parameters=("limit",),
            )
        except ValidationError as invalid:
            return JsonResponse(invalid.detail, status=400)

        validators = ContentValidators(request, exporter.name, exporter.version)
        not_modified = validators.not_modified()
        if not_modified is not None:
            return not_modified

        self_url = request.build_absolute_uri()
        # The ETag already covers the content, path, query and exporter version; the
        # URL adds the host, which the feed's self link names.
        key = (
            "meridian:feed:"
            + sha256(f"{validators.etag} {self_url}".encode()).hexdigest()
        )
        content = cache.get(key)
        if content is None:
            context = build_context(resource, exporter.clean_options({}), self_url)
            content = exporter.render(list(pages[:limit]), context)
            cache.set(key, content, cache_max_age())
        response = HttpResponse(content, content_type=exporter.media_type)
        filename = f"{resource}.{exporter.extension}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return validators.apply(response)
