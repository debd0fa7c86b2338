"""Purging the HTTP cache in front (Varnish, a CDN) of exactly what a change touched.

    urls_for_items([("case-studies", "mr-k", page_id)])   # what one change reaches
    purge_due(page_ids)       # connected to store.publication_due: at once, in-process
    purge_changed(events)     # connected to store.publication_changed: as a task
    purge_media(image_ids)    # connected to store.media_changed: at once, in-process

The cache is reached through Wagtail's frontend cache (``WAGTAILFRONTENDCACHE``, set
from ``MERIDIAN_VARNISH_URL`` in settings); with no backend configured nothing here
does any work. Each URL is sent without a query string: the Varnish configuration
(``deploy/varnish/meridian.vcl``) bans every cached object whose path equals the
purged one, whatever its query, so one purge of ``/api/v1/conditions/`` drops every
page, filter and ordering of that listing. For one item of a resource that reaches:

- ``/api/v1/{resource}/{slug}/`` (its JSON and, by query, its JSON-LD),
- ``/api/v1/{resource}/{slug}/export/{exporter}/`` for each item exporter of it,
- ``/api/v1/{resource}/`` and ``/api/v1/{resource}/export/{exporter}/`` for each
  collection exporter (the feeds), and ``/api/v1/changes/``,
- the page's own HTML URL,

for its current slug and for the slug it had before, if that differs (a renamed,
moved, deleted or withdrawn item is dropped where partners last saw it). A change
that reaches more than ``WHOLE_SITE_ABOVE`` items empties Varnish in one request.

**When.** Two moments, because the commit and the render may happen in different
processes. The write that makes content non-public (unpublishing, withdrawing
consent, deleting, a move) commits with the items marked due; readers render due
items themselves before they answer, so purging right after that commit is enough
for the next request through the cache to be fresh. That purge runs in the writer's
process (:func:`purge_due`): queued behind renders on a worker it would leave a
withdrawn case study in the cache for as long as the queue takes, and a PURGE to the
cache is one short request. The render then records events, in whichever process
ran it (the worker, or a reader), and :func:`purge_changed` purges again through
Wagtail's purge task (on the worker when ``TASKS`` has one): that covers a response
fetched between the commit and the render, and changes no write marked (an expiry
or a review date passing, new settings), which are only known when rendered.

Images and licences are not items: an image edited, moved into a private collection
or under a restriction, or a licence edited, purges ``/api/v1/images/{id}/`` of each
image it touches (and ``/api/v1/licenses/`` for a licence) after the commit, in the
writer's process, like :func:`purge_due`; the items showing them are marked due and
purged as above.
"""

import logging

from django.db.models import Max
from django.urls import reverse
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import (
    PurgeBatch,
    get_backends,
    purge_urls_from_cache,
)
from wagtail.models import Page

from content_models.canonical import api_base_url
from content_models.publishing.models import Publication, PublicationEvent
from content_models.publishing.store import (
    media_changed,
    publication_changed,
    publication_due,
    resources_of,
)
from content_models.resources import RESOURCES
from exporters.registry import get_registry

logger = logging.getLogger("meridian.purge")

# A change reaching more items than this (clinic settings, the site's address, a
# licence on every image) empties a cache that can do it in one request
# (``BoundedHTTPBackend.purge_everything``) rather than sending it three PURGEs an
# item (its detail, leaflet and page) and more at each renamed slug; other backends
# (a CDN) still get each URL.
WHOLE_SITE_ABOVE = 100


def item_paths(resource, slug):
    """The API paths that show one item: its detail and its item exports."""
    paths = [reverse(f"api:{resource}-detail", kwargs={"slug": slug})]
    for exporter in get_registry().for_resource(resource, scope="item"):
        paths.append(
            reverse(
                "api:export-item",
                kwargs={"resource": resource, "slug": slug, "exporter": exporter.name},
            )
        )
    return paths


def resource_paths(resource):
    """The API paths that list a resource: its listing and its collection exports."""
    paths = [reverse(f"api:{resource}-list")]
    for exporter in get_registry().for_resource(resource, scope="collection"):
        paths.append(
            reverse(
                "api:export-collection",
                kwargs={"resource": resource, "exporter": exporter.name},
            )
        )
    return paths


def page_urls(items):
    """The HTML URLs of the pages behind ``items`` ((resource, slug, page id)), at
    each slug given: a slug the page no longer has is its old URL, beside the new."""
    pages = Page.objects.filter(pk__in={pk for _, _, pk in items}).specific(defer=True)
    pages = {page.pk: page for page in pages}
    batch = PurgeBatch()
    for resource, slug, pk in items:
        page = pages.get(pk)
        if page is None:  # deleted: it stood in its resource's folder
            page = RESOURCES[resource].index_model.objects.first()
            base = page.get_full_url() if page else None
        elif page.slug == slug:
            batch.add_page(page)
            continue
        else:  # renamed: the same folder, the slug it had
            url = page.get_full_url()
            base = url.rstrip("/").rsplit("/", 1)[0] + "/" if url else None
        if base:
            batch.add_url(f"{base}{slug}/")
    return batch.urls


def urls_for_items(items):
    """Every absolute URL to purge for ``items``: (resource, slug, page id) each."""
    items = {(str(resource), slug, pk) for resource, slug, pk in items}
    if not items:
        return set()
    root = api_base_url()
    paths = {reverse("api:changes")}
    for resource, slug, _ in items:
        paths.update(item_paths(resource, slug))
        paths.update(resource_paths(resource))
    return {root + path for path in paths} | page_urls(items)


def items_due(page_ids):
    """(resource, slug, page id) for due items: the slug partners were last shown
    (the stored row's) and the page's own, which may be new."""
    rows = Publication.objects.filter(page_id__in=page_ids).values_list(
        "resource", "slug", "page_id"
    )
    current = resources_of(page_ids)
    return {*rows, *((resource, slug, pk) for pk, (resource, slug) in current.items())}


def items_changed(events):
    """(resource, slug, page id) for each event, and for the event before it of the
    same item if that one named another slug (a rename; a tombstone keeps the slug
    it was public under)."""
    items = {(event.resource, event.slug, event.page_id) for event in events}
    first = min(event.pk for event in events)
    before = (
        PublicationEvent.objects.filter(
            page_id__in={event.page_id for event in events}, pk__lt=first
        )
        .values("page_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    items.update(
        PublicationEvent.objects.filter(pk__in=before).values_list(
            "resource", "slug", "page_id"
        )
    )
    return items


def purging():
    """Whether a frontend cache is configured at all."""
    return bool(get_backends())


def purge_items(items, now):
    """Purge ``items`` from every configured cache: ``now`` in this process, or
    queued as Wagtail's purge task. Past ``WHOLE_SITE_ABOVE`` items, a cache that
    can (``purge_everything``) is emptied in one request instead."""
    backends = get_backends()
    if len(items) > WHOLE_SITE_ABOVE:
        for name, backend in list(backends.items()):
            if hasattr(backend, "purge_everything"):
                backend.purge_everything(api_base_url())
                del backends[name]
    if not backends:
        return
    urls, names = sorted(urls_for_items(items)), list(backends)
    if now:
        purge_urls_from_cache_task.call(urls, None, names)
    else:
        purge_urls_from_cache(urls, backends=names)


def purge_due(sender, page_ids, **kwargs):
    """After the commit that marked ``page_ids`` due: purge them now, here."""
    if not purging():
        return
    try:
        purge_items(items_due(page_ids), now=True)
    except Exception:
        logger.exception("could not purge the HTTP cache for pages %s", page_ids)


def purge_changed(sender, events, **kwargs):
    """After a render recorded ``events``: queue their purge (Wagtail's task)."""
    if not purging() or not events:
        return
    try:
        purge_items(items_changed(events), now=False)
    except Exception:
        logger.exception(
            "could not purge the HTTP cache for events %s",
            ", ".join(str(event.pk) for event in events),
        )


def media_urls(image_ids, licenses=False):
    """The absolute URLs of these images' routes, and of the licence list."""
    root = api_base_url()
    paths = {reverse("api:images-detail", kwargs={"pk": pk}) for pk in image_ids}
    if licenses:
        paths.add(reverse("api:licenses-list"))
    return {root + path for path in paths}


def purge_media(sender, image_ids, licenses=False, **kwargs):
    """After the commit that changed images or licences: purge their routes now."""
    if not purging():
        return
    try:
        purge_urls_from_cache_task.call(sorted(media_urls(image_ids, licenses)))
    except Exception:
        logger.exception("could not purge the HTTP cache for images %s", image_ids)


def connect():
    publication_due.connect(
        purge_due, sender=Publication, dispatch_uid="api.purge.due", weak=False
    )
    publication_changed.connect(
        purge_changed, sender=Publication, dispatch_uid="api.purge.changed", weak=False
    )
    media_changed.connect(
        purge_media, sender=Publication, dispatch_uid="api.purge.media", weak=False
    )
