"""Conditional GET: ETag, Last-Modified, 304 Not Modified and Cache-Control.

Any view, DRF or plain Django, validates a request before doing its expensive work::

    from api.caching import ContentValidators

    def feed(request, resource, exporter_name):
        validators = ContentValidators(request, exporter_name, exporter.version)
        if (not_modified := validators.not_modified()) is not None:
            return not_modified                   # 304, nothing rendered
        response = HttpResponse(render_feed(...), content_type=exporter.media_type)
        return validators.apply(response)         # ETag, Last-Modified, Cache-Control

or, for a whole function view, with the decorator (parts may be callables of the view's
arguments)::

    @conditional_get(lambda request, name: exporters.get(name).version)
    def export(request, name): ...

The ETag hashes the representation version, the path, the sorted query parameters, any
``parts`` the view adds (an exporter's version…) and the *content fingerprint*: one
query over the page table (latest publish time, live/expired/total counts) plus a
generation counter that signals bump whenever something outside the page table that
responses show changes (images and their credits, licences, clinic settings, view
restrictions, page moves). Publishing anything therefore changes every ETag — coarse,
but it holds across processes and machines, and it never serves stale credits.
``Cache-Control: public, max-age=…`` comes from ``MERIDIAN_API["CACHE_MAX_AGE"]``.

Because an ETag names one exact body, a view may also keep the rendered body under it
(:meth:`ContentValidators.cached_body` / :meth:`~ContentValidators.store_body`, in the
cache named by ``MERIDIAN_API["RESPONSE_CACHE"]``): a repeat request for unchanged
content then costs the fingerprint query and a cache read. Nothing goes stale, since
any change produces a new ETag and so a new key.
"""

import datetime
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Count, DateTimeField, Max, Q, Subquery
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from wagtail.models import Page

from content_models.governance import today

# Bump when the JSON shape changes, so clients revalidate instead of keeping old shapes.
REPRESENTATION_VERSION = "1"

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
MISSING = object()


def content_fingerprint():
    """``(token, last_modified)`` for everything public responses are built from.

    One query, whatever the amount of content.
    """
    from .models import ContentGeneration

    now = timezone.now()
    generation = ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON)
    row = Page.objects.aggregate(
        published=Max("last_published_at"),
        live=Count("pk", filter=Q(live=True)),
        expired=Count("pk", filter=Q(expire_at__lte=now)),
        pages=Count("pk"),
        largest_id=Max("pk"),
        generation=Max(Subquery(generation.values("value")[:1])),
        changed=Max(
            Subquery(generation.values("changed_at")[:1]),
            output_field=DateTimeField(),
        ),
        # a page that expires changes what is public at that moment
        last_expiry=Max("expire_at", filter=Q(expire_at__lte=now)),
    )
    token = "|".join(
        str(row[key])
        for key in ("published", "live", "expired", "pages", "largest_id", "generation")
    )
    moments = [
        moment
        for moment in (row["published"], row["changed"], row["last_expiry"])
        if moment
    ]
    return token, max(moments, default=EPOCH)


def response_cache():
    """The cache that keeps rendered bodies by ETag, or None when turned off."""
    alias = settings.MERIDIAN_API.get("RESPONSE_CACHE")
    return caches[alias] if alias else None


def cache_max_age():
    return int(settings.MERIDIAN_API.get("CACHE_MAX_AGE", 300))


class ContentValidators:
    """The ETag and Last-Modified of one request, and the 304 decision."""

    def __init__(self, request, *parts):
        self.request = request
        self.parts = [str(part) for part in parts]
        self._computed = None
        self.content_token = None

    def _compute(self):
        if self._computed is None:
            token, last_modified = content_fingerprint()
            params = sorted(
                (key, value)
                for key in self.request.GET
                for value in self.request.GET.getlist(key)
            )
            digest = hashlib.sha256(
                repr(
                    (
                        REPRESENTATION_VERSION,
                        # the body's absolute URLs depend on how the API was reached
                        self.request.scheme,
                        self.request.get_host(),
                        self.request.path,
                        params,
                        self.parts,
                        token,
                        # "review_overdue" turns true at midnight, with no write
                        today().isoformat(),
                        # settings that shape bodies: canonical base, image sizes
                        settings.MERIDIAN_FRONTEND_URL,
                        sorted(settings.MERIDIAN_API.get("RENDITIONS", {}).items()),
                        # governance: NC images in syndication, withheld channels
                        sorted(getattr(settings, "MERIDIAN_GOVERNANCE", {}).items()),
                    )
                ).encode()
            ).hexdigest()[:32]
            midnight = datetime.datetime.combine(
                today(), datetime.time.min, datetime.UTC
            )
            self._computed = (f'"{digest}"', max(last_modified, midnight))
            self.content_token = token
        return self._computed

    def memo(self, name, load):
        """``load()``, cached until content changes (keyed by the fingerprint).

        For small lookups every response repeats (clinic settings, the site's base
        URL); safe across processes because a change moves the fingerprint.
        """
        self._compute()
        digest = hashlib.sha256(self.content_token.encode()).hexdigest()[:24]
        key = f"meridian-api:{name}:{digest}"
        value = cache.get(key, MISSING)
        if value is MISSING:
            value = load()
            cache.set(key, value, cache_max_age())
        return value

    def cached_body(self):
        """The response body stored for this ETag by :meth:`store_body`, or None."""
        store = response_cache()
        return store.get(self._body_key()) if store is not None else None

    def store_body(self, body):
        """Keep ``body`` for later requests with the same ETag (small bodies only)."""
        store = response_cache()
        limit = settings.MERIDIAN_API.get("RESPONSE_CACHE_MAX_BYTES", 512_000)
        if store is not None and len(body) <= limit:
            store.set(self._body_key(), body, cache_max_age())

    def _body_key(self):
        return f"meridian-api:body:{self.etag.strip(chr(34))}"

    @property
    def etag(self):
        return self._compute()[0]

    @property
    def last_modified(self):
        return self._compute()[1]

    def not_modified(self):
        """A 304 response when the client's copy is current, else ``None``."""
        if self.request.method not in ("GET", "HEAD"):
            return None
        etag, last_modified = self._compute()
        response = get_conditional_response(
            self.request,
            etag=etag,
            last_modified=int(last_modified.timestamp()),
        )
        if response is not None and response.status_code == 304:
            return self.apply(response)
        return response

    def apply(self, response):
        """Add the validators and Cache-Control to a successful (or 304) response."""
        if response.status_code not in (200, 203, 304):
            return response
        etag, last_modified = self._compute()
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        response.headers["Cache-Control"] = f"public, max-age={cache_max_age()}"
        return response


def conditional_get(*parts):
    """Decorate a function view (or a view method) with conditional GET.

    Each part is a value or a callable taking the view's arguments.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = args[0] if hasattr(args[0], "META") else args[1]
            values = [
                part(*args, **kwargs) if callable(part) else part for part in parts
            ]
            validators = ContentValidators(request, *values)
            not_modified = validators.not_modified()
            if not_modified is not None:
                return not_modified
            return validators.apply(view(*args, **kwargs))

        return wrapped

    return decorator


# ------------------------------------------------------------- generation counter


def bump_content_generation(**kwargs):
    """Signal receiver: something responses show changed outside the page table."""
    from .models import ContentGeneration

    ContentGeneration.bump()


def connect_signals():
    """Called once from ``ApiConfig.ready``."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from content_models.licenses import License
    from content_models.settings import ClinicSettings

    uid = "meridian-api-generation"
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_generation, dispatch_uid=f"{uid}-{id(signal)}")
    for model in (
        get_image_model(),
        License,
        ClinicSettings,
        PageViewRestriction,
        Site,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                bump_content_generation,
                sender=model,
                dispatch_uid=f"{uid}-{model.__name__}-{id(signal)}",
            )
