"""Conditional GET for every v1 view: validators, 304, 412 and Cache-Control.

A view that knows its validators cheaply states them *after* it has looked the
resource up (a missing item is a 404 whatever the headers) and before it builds the
body; a 304 or 412 ends the request there::

    publication = serve.item("conditions", slug)        # or NotFound
    self.validate(publication.etag, publication.changed_at)
    return HttpResponse(publication.body, content_type="application/json")

A view that does not state them gets an ETag made from its body (``APIPolicy``
hashes the rendered response), so every route answers conditional requests.
``Cache-Control: public, max-age=…`` comes from ``MERIDIAN_API["CACHE_MAX_AGE"]``.
"""

import hashlib

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# Responses that change only with a deploy (the index, the schema, the docs, the
# exporter list) were last modified, at the latest, when this process started.
STARTED = timezone.now().replace(microsecond=0)


def cache_max_age():
    return int(settings.MERIDIAN_API.get("CACHE_MAX_AGE", 300))


def etag_from(*parts):
    """A strong ETag (quoted) from the values a body depends on."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def etag_of_body(body):
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def query_of(request):
    """The query parameters, sorted: ``?a=1&b=2`` and ``?b=2&a=1`` are one body."""
    return sorted(
        (key, value) for key in request.GET for value in request.GET.getlist(key)
    )


class Validators:
    """An ETag and an optional Last-Modified (an aware datetime)."""

    def __init__(self, etag, last_modified=None):
        self.etag = etag
        self.last_modified = last_modified

    def precondition(self, request):
        """A 304 or 412 response when the request's conditions say so, else None."""
        if request.method not in ("GET", "HEAD"):
            return None
        moment = self.last_modified
        response = get_conditional_response(
            request,
            etag=self.etag,
            last_modified=int(moment.timestamp()) if moment else None,
        )
        if response is None:
            return None
        if response.status_code == 412:
            return JsonResponse(
                {"detail": "precondition failed: the representation has changed"},
                status=412,
            )
        return self.apply(response)

    def apply(self, response):
        if response.status_code not in (200, 203, 304):
            return response
        response.headers["ETag"] = self.etag
        if self.last_modified is not None:
            response.headers["Last-Modified"] = http_date(
                self.last_modified.timestamp()
            )
        response.headers["Cache-Control"] = f"public, max-age={cache_max_age()}"
        return response


class PreconditionReached(Exception):
    """Raised by ``APIPolicy.validate`` to end a request with a 304 or 412."""

    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response
