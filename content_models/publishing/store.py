"""Writing the store: mark items due, render them, record what changed.

    mark_due([page.pk])      # inside the transaction that changed the page
    refresh([page.pk])       # after commit (tasks.render_due), or by a reader

``refresh`` renders the public ones through the registered renderer, stores the
representations whose ETag moved and records a :class:`PublicationEvent` for each,
and turns an item that is no longer public into a tombstone with its reason. Which
items are public is decided by ``content_models.public`` in SQL; the store only holds
what each public item looks like. Reading is in ``serve``.

A render that raises never takes the others down with it, nor the reader who asked:
the item keeps its last stored body, is logged with its page id, and stays due
:data:`RETRY_AFTER` later, when the next background run or reader tries again.
"""

import datetime
import hashlib
import json
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from ..case_studies import ConsentChannel
from ..public import public_for_channel
from ..resources import RESOURCES
from . import dependencies, renderer
from .models import (
    Publication,
    PublicationEvent,
)

logger = logging.getLogger("meridian.publishing")

# Bump when the stored JSON's shape changes, so every item is rendered again.
REPRESENTATION_VERSION = "3"

# How long an item whose render failed waits before it is tried again.
RETRY_AFTER = datetime.timedelta(minutes=1)

# Sent after commit with ``events``, a list of PublicationEvent, oldest first.
publication_changed = Signal()
# Sent after the commit that marked items due, with ``page_ids``: what they showed
# until then may no longer be public (the HTTP cache purges it, ``api.purge``).
publication_due = Signal()
# Sent after the commit that changed images (their licence, collection or credit) or
# licences, with ``image_ids`` and ``licenses`` (whether the licences changed).
media_changed = Signal()

Reason = Publication.Reason
State = Publication.State
Kind = PublicationEvent.Kind


def current_digest():
    """What, besides content, shapes every representation: settings and version."""
    shaping = (
        REPRESENTATION_VERSION,
        settings.MERIDIAN_FRONTEND_URL,
        getattr(settings, "MERIDIAN_API_URL", ""),
        sorted(settings.MERIDIAN_API.get("RENDITIONS", {}).items()),
        sorted(
            (key, repr(value))
            for key, value in getattr(settings, "MERIDIAN_GOVERNANCE", {}).items()
        ),
    )
    return hashlib.sha256(repr(shaping).encode()).hexdigest()[:32]


def etag_of(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# ------------------------------------------------------------------------- writes


def resources_of(page_ids):
    """``{page id: (resource, slug)}`` for the ids that are pages of a resource."""
    found = {}
    rows = Page.objects.filter(pk__in=page_ids).values_list(
        "pk", "content_type_id", "slug"
    )
    for pk, content_type_id, slug in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        resource = RESOURCES.for_model(model) if model else None
        if resource is not None:
            found[pk] = (resource.name, slug)
    return found


def by_resource(located):
    """``{resource: [page id, …]}`` from :func:`resources_of`'s answer."""
    grouped = defaultdict(list)
    for pk, (resource, _) in located.items():
        grouped[resource].append(pk)
    return grouped


def render_public(resource, page_ids):
    """``{page id: Rendered}`` for those of ``page_ids`` that are public on the web."""
    public = public_for_channel(resource, ConsentChannel.WEB).filter(pk__in=page_ids)
    return renderer.render(resource, public)


def render_or_put_off(resource, page_ids, now):
    """:func:`render_public`, one fault at a time: ``(rendered, failed)``.

    If the renderer raises, each public item is rendered alone; one that still
    fails is logged with its page id and put off until ``now + RETRY_AFTER``.
    """
    try:
        return render_public(resource, page_ids), set()
    except ImproperlyConfigured:
        raise
    except Exception:
        pass  # one item may be at fault: find which, and render the rest
    public = public_for_channel(resource, ConsentChannel.WEB).filter(pk__in=page_ids)
    rendered, failed = {}, set()
    for pk in public.values_list("pk", flat=True):
        try:
            rendered.update(render_public(resource, [pk]))
        except Exception:
            logger.exception(
                "could not render %s page %s; it keeps its stored body and is "
                "tried again after %s",
                resource,
                pk,
                RETRY_AFTER,
            )
            failed.add(pk)
    Publication.objects.filter(page_id__in=failed).update(due_at=now + RETRY_AFTER)
    return rendered, failed


def mark_due(page_ids, now=None):
    """Mark these items for rendering; call inside the transaction that changed them.

    Items of a resource that the store has not seen get a pending row, so the next
    reader renders them even if no task runs.
    """
    page_ids = set(page_ids)
    if not page_ids:
        return set()
    now = now or timezone.now()
    known = set(
        Publication.objects.filter(page_id__in=page_ids).values_list(
            "page_id", flat=True
        )
    )
    Publication.objects.filter(page_id__in=known).update(due_at=now)
    new = resources_of(page_ids - known)
    Publication.objects.bulk_create(
        [
            Publication(page_id=pk, resource=resource, slug=slug, due_at=now)
            for pk, (resource, slug) in new.items()
        ],
        ignore_conflicts=True,
    )
    marked = known | set(new)
    transaction.on_commit(
        lambda: publication_due.send(sender=Publication, page_ids=marked)
    )
    return marked


def images_changed_after_commit(image_ids, licenses=False):
    """Say, once the writer's transaction commits, that these images changed."""
    image_ids = set(image_ids)
    if image_ids or licenses:
        transaction.on_commit(
            lambda: media_changed.send(
                sender=Publication, image_ids=image_ids, licenses=licenses
            )
        )


def refresh(page_ids):
    """Render these items again; store what changed, tombstone what is gone.

    Returns the events recorded. An item whose representation did not change keeps
    its ETag and sequence: nothing is recorded for it.
    """
    page_ids = set(page_ids)
    if not page_ids:
        return []
    now = timezone.now()
    digest = current_digest()
    # Site roots shape every URL: read them from the table, not a cache that a site
    # change (or another process) may not have cleared yet.
    Site.clear_site_root_paths_cache()
    located = resources_of(page_ids)
    rendered, shows, due = {}, {}, {}
    for resource, pks in by_resource(located).items():
        fresh, failed = render_or_put_off(resource, pks, now)
        rendered.update(fresh)
        page_ids -= failed  # left as they are: stored body, due again later
        shows.update(dependencies.shown_by_items(resource, pks))
        due.update(next_due(RESOURCES[resource], pks, shows, now))

    with transaction.atomic():
        rows = {
            row.page_id: row
            for row in Publication.objects.select_for_update().filter(
                page_id__in=page_ids
            )
        }
        changes, dropped = [], []
        for pk in sorted(page_ids):
            row = rows.get(pk)
            if pk in rendered:
                resource, slug = located[pk]
                if row is None:
                    row = rows[pk] = Publication(
                        page_id=pk, resource=resource, slug=slug
                    )
                change = _store(row, rendered[pk], slug, digest, due.get(pk))
            elif row is not None:
                change = _retire(row, located, digest, now)
                if change is DROP:
                    dropped.append(pk)
                    del rows[pk]
                    continue
            else:
                continue
            if change is not None:
                changes.append((row, *change))
        events = _record(changes, now)
        _save(rows.values(), dropped)
        dependencies.record([pk for pk in page_ids if pk in rendered], shows)
        if events:
            transaction.on_commit(
                lambda: publication_changed.send(sender=Publication, events=events)
            )
    return events


# A pending row whose page is gone: nothing was ever public, nothing to record.
DROP = object()
SAVED_FIELDS = [
    "slug",
    "state",
    "reason",
    "body",
    "compact",
    "jsonld",
    "etag",
    "jsonld_etag",
    "sequence",
    "changed_at",
    "due_at",
    "digest",
]


def _store(row, rendered, slug, digest, due_at):
    """Update ``row`` with a fresh render; ``(kind, reason, etag)`` if it changed."""
    etag, jsonld_etag = etag_of(rendered.body), etag_of(rendered.jsonld)
    changed = row.state != State.LIVE or (row.etag, row.jsonld_etag, row.slug) != (
        etag,
        jsonld_etag,
        slug,
    )
    row.slug, row.digest, row.due_at = slug, digest, due_at
    row.compact, row.jsonld = rendered.compact, rendered.jsonld
    row.jsonld_etag = jsonld_etag
    if not changed:
        return None
    row.state, row.reason, row.body, row.etag = State.LIVE, "", rendered.body, etag
    return Kind.UPSERT, "", etag


def _retire(row, located, digest, now):
    """The item is not public (any more): ``(kind, reason, etag)`` for a new
    tombstone, None if it already was one, :data:`DROP` if it never was public."""
    if row.page_id not in located:  # deleted, or no longer a page of a resource
        if row.state != State.LIVE:
            return DROP
        reason = Reason.DELETED
    else:
        reason = reason_gone(row.page_id, located[row.page_id][0], now)
    change = None
    if row.state == State.LIVE:
        row.state, row.reason = State.GONE, reason
        change = Kind.DELETE, reason, ""
    row.body = row.compact = row.jsonld = row.etag = row.jsonld_etag = ""
    row.digest, row.due_at = digest, None
    return change


def _record(changes, now):
    """One event per change, in one insert; each row takes its event's sequence."""
    events = PublicationEvent.objects.bulk_create(
        PublicationEvent(
            resource=row.resource,
            page_id=row.page_id,
            slug=row.slug,
            kind=kind,
            reason=reason,
            etag=etag,
            at=now,
        )
        for row, kind, reason, etag in changes
    )
    for (row, *_), event in zip(changes, events, strict=True):
        row.sequence, row.changed_at = event.pk, now
    return events


def _save(rows, dropped):
    """Write the rows in two statements (new, existing) and drop dead pending ones."""
    new = [row for row in rows if row._state.adding]
    existing = [row for row in rows if not row._state.adding]
    Publication.objects.bulk_create(new)
    Publication.objects.bulk_update(existing, SAVED_FIELDS)
    if dropped:
        Publication.objects.filter(page_id__in=dropped).delete()


def reason_gone(page_id, resource, now):
    """Why a page that exists is not public on the web, in the public's words."""
    page = RESOURCES[resource].model.objects.filter(pk=page_id).first()
    if page is None:
        return Reason.DELETED
    if getattr(page, "consent_withdrawn_on", None):
        return Reason.CONSENT_WITHDRAWN
    if not page.live:
        return Reason.UNPUBLISHED
    if page.expire_at and page.expire_at <= now:
        return Reason.EXPIRED
    if PageViewRestriction.objects.filter(
        page__path__in=[page.path[:end] for end in range(4, len(page.path) + 1, 4)]
    ).exists():
        return Reason.RESTRICTED
    if RESOURCES[resource].reviewed and page.review_overdue:
        return Reason.WITHHELD
    return Reason.UNPUBLISHED


def next_due(resource, pks, shows, now):
    """When time alone changes each representation: an expiry, a review date."""
    own = resource.model.objects.filter(pk__in=pks)
    columns = ["pk", "expire_at"] + (["next_review_due"] if resource.reviewed else [])
    linked = {
        target
        for pk in pks
        for kind, target in shows.get(pk, ())
        if kind == dependencies.PAGE
    }
    linked_expiry = dict(
        Page.objects.filter(pk__in=linked, expire_at__gt=now).values_list(
            "pk", "expire_at"
        )
    )
    due = {}
    for pk, expire_at, *review in own.values_list(*columns):
        moments = [expire_at] if expire_at and expire_at > now else []
        if review and review[0]:
            # review_overdue turns true the day after the due date (UTC).
            flips = datetime.datetime.combine(
                review[0] + datetime.timedelta(days=1), datetime.time.min, datetime.UTC
            )
            if flips > now:
                moments.append(flips)
        moments += [
            linked_expiry[target]
            for kind, target in shows.get(pk, ())
            if kind == dependencies.PAGE and target in linked_expiry
        ]
        due[pk] = min(moments, default=None)
    return due


def dumps(data):
    """JSON text as every stored representation is written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
