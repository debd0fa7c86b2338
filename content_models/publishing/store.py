"""Render, store and serve publications; tombstones and the event log.

Writes call :func:`mark_due` (inside their transaction) and a task calls
:func:`refresh` after commit. Reads call :func:`item` or :func:`settle` first, which
render anything still due right there, so a reader never gets a body older than the
content, whether or not a worker has run::

    publication = item("conditions", "sciatica")    # None: 404
    settle("conditions")                            # before a listing's validators
    latest_event("conditions")                      # (sequence, when) for its ETag

Which items are public is decided by ``content_models.public`` in SQL at request
time; the store only holds what each public item looks like.
"""

import datetime
import hashlib
import json
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, Subquery
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from ..case_studies import ConsentChannel
from ..public import public_for_channel
from ..resources import RESOURCES
from . import dependencies, renderer
from .models import (
    Publication,
    PublicationDependency,
    PublicationEvent,
    StoreState,
)

logger = logging.getLogger("meridian.publishing")

# Bump when the stored JSON's shape changes, so every item is rendered again.
REPRESENTATION_VERSION = "2"

# Sent after commit with ``events``, a list of PublicationEvent, oldest first.
publication_changed = Signal()

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
    return known | set(new)


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
    by_resource = defaultdict(list)
    for pk, (resource, _) in located.items():
        by_resource[resource].append(pk)
    rendered, shows, due = {}, {}, {}
    for resource, pks in by_resource.items():
        public = public_for_channel(resource, ConsentChannel.WEB).filter(pk__in=pks)
        rendered.update(renderer.render(resource, public))
        shows.update(dependencies.shown_by_items(resource, pks))
        due.update(next_due(RESOURCES[resource], pks, shows, now))

    events = []
    with transaction.atomic():
        rows = {
            row.page_id: row
            for row in Publication.objects.select_for_update().filter(
                page_id__in=page_ids
            )
        }
        for pk in sorted(page_ids):
            row = rows.get(pk)
            if pk in rendered:
                resource, slug = located[pk]
                if row is None:
                    row = Publication(page_id=pk, resource=resource, slug=slug)
                event = _store(row, rendered[pk], slug, digest, due.get(pk), now)
            elif row is not None:
                event = _retire(row, located, digest, now)
            else:
                continue
            if event is not None:
                events.append(event)
        dependencies.record([pk for pk in page_ids if pk in rendered], shows)
        if events:
            transaction.on_commit(
                lambda: publication_changed.send(sender=Publication, events=events)
            )
    return events


def _store(row, rendered, slug, digest, due_at, now):
    etag, jsonld_etag = etag_of(rendered.body), etag_of(rendered.jsonld)
    changed = row.state != State.LIVE or (row.etag, row.jsonld_etag, row.slug) != (
        etag,
        jsonld_etag,
        slug,
    )
    row.slug, row.digest, row.due_at = slug, digest, due_at
    row.compact, row.jsonld = rendered.compact, rendered.jsonld
    row.jsonld_etag = jsonld_etag
    event = None
    if changed:
        event = _record(row, Kind.UPSERT, "", etag, now)
        row.state, row.reason, row.body, row.etag = State.LIVE, "", rendered.body, etag
        row.sequence, row.changed_at = event.pk, now
    row.save()
    return event


def _retire(row, located, digest, now):
    """The item is not public (any more): a tombstone, or nothing if it never was."""
    if row.page_id not in located:  # deleted, or no longer a page of a resource
        if row.state != State.LIVE:
            row.delete()
            return None
        reason = Reason.DELETED
    else:
        reason = reason_gone(row.page_id, located[row.page_id][0], now)
    event = None
    if row.state == State.LIVE:
        event = _record(row, Kind.DELETE, reason, "", now)
        row.state, row.reason, row.sequence, row.changed_at = (
            State.GONE,
            reason,
            event.pk,
            now,
        )
    row.body = row.compact = row.jsonld = row.etag = row.jsonld_etag = ""
    row.digest, row.due_at = digest, None
    row.save()
    return event


def _record(row, kind, reason, etag, now):
    return PublicationEvent.objects.create(
        resource=row.resource,
        page_id=row.page_id,
        slug=row.slug,
        kind=kind,
        reason=reason,
        etag=etag,
        at=now,
    )


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


# -------------------------------------------------------------------------- reads

_settled_digest = None


def settle_settings():
    """Once per process and settings: if they changed, every item is due again."""
    global _settled_digest
    digest = current_digest()
    if digest == _settled_digest:
        return digest
    state, _ = StoreState.objects.get_or_create(pk=StoreState.SINGLETON)
    if state.digest != digest:
        Publication.objects.exclude(digest=digest).update(due_at=timezone.now())
        state.digest = digest
        state.save(update_fields=["digest"])
    _settled_digest = digest
    return digest


def settle(resource):
    """Render every item of ``resource`` that is due, before its listing is served."""
    settle_settings()
    due = Publication.objects.filter(
        resource=str(resource), due_at__lte=timezone.now()
    ).values_list("page_id", flat=True)
    due = list(due)
    if due:
        refresh(due)


def item(resource, slug):
    """The live publication of the public item ``slug``, rendered if due; or None."""
    digest = settle_settings()
    public = public_for_channel(str(resource), ConsentChannel.WEB).filter(slug=slug)
    first_public = public.order_by("pk").values("pk")[:1]
    publication = Publication.objects.filter(page_id=Subquery(first_public)).first()
    if publication is None:
        page_id = public.order_by("pk").values_list("pk", flat=True).first()
        if page_id is None:
            return None
    elif needs_refresh(publication, digest):
        page_id = publication.page_id
    else:
        return publication
    refresh([page_id])
    publication = Publication.objects.filter(page_id=page_id, state=State.LIVE)
    return publication.first()


def needs_refresh(publication, digest):
    return (
        publication.state != State.LIVE
        or publication.digest != digest
        or (publication.due_at is not None and publication.due_at <= timezone.now())
    )


def items(page_ids, column):
    """``({page id: text}, rendered)`` of one stored column for these public items,
    in one query; any that is due or missing is rendered first (``rendered`` then
    says so: the caller's validators may have moved)."""
    digest = settle_settings()
    rows = {
        pk: (state, row_digest, due_at, text)
        for pk, state, row_digest, due_at, text in Publication.objects.filter(
            page_id__in=page_ids
        ).values_list("page_id", "state", "digest", "due_at", column)
    }
    now = timezone.now()
    stale = [
        pk
        for pk in page_ids
        if pk not in rows
        or rows[pk][0] != State.LIVE
        or rows[pk][1] != digest
        or (rows[pk][2] is not None and rows[pk][2] <= now)
    ]
    if stale:
        refresh(stale)
        rows.update(
            {
                pk: (State.LIVE, digest, None, text)
                for pk, text in Publication.objects.filter(
                    page_id__in=stale, state=State.LIVE
                ).values_list("page_id", column)
            }
        )
    return {pk: rows[pk][3] for pk in page_ids if pk in rows}, bool(stale)


def with_what_it_shows(publication):
    """``(etags, last change)`` of an item and of every item it shows, for channels
    that show more of the linked items than the item's own body does (a condition's
    leaflet explains each treatment). One query, or a render first if one is due."""
    shown = PublicationDependency.objects.filter(
        publication_id=publication.page_id, kind=PublicationDependency.Kind.PAGE
    ).values("target")
    query = Publication.objects.filter(
        Q(page_id=publication.page_id) | Q(page_id__in=shown)
    ).values_list("page_id", "state", "etag", "changed_at", "due_at")
    rows, now = list(query), timezone.now()
    if any(due_at is not None and due_at <= now for *_, due_at in rows):
        refresh([page_id for page_id, *_ in rows])
        rows = list(query.all())
    live = sorted(row for row in rows if row[1] == State.LIVE)
    return [etag for _, _, etag, _, _ in live], max(
        (changed_at for *_, changed_at, _ in live if changed_at), default=None
    )


def latest_event(resource):
    """``(sequence, when)`` of the last change to ``resource``, or ``(0, None)``."""
    last = (
        PublicationEvent.objects.filter(resource=str(resource))
        .order_by("-id")
        .values_list("id", "at")
        .first()
    )
    return last or (0, None)


def every_item_id():
    """Every page of every resource, and every item the store still holds."""
    page_ids = {
        pk
        for resource in RESOURCES
        for pk in resource.model.objects.values_list("pk", flat=True)
    }
    page_ids |= set(Publication.objects.values_list("page_id", flat=True))
    return sorted(page_ids)


def rebuild(page_ids=None, chunk=200, progress=None):
    """Render every item (or these) again, in chunks; returns the events recorded."""
    page_ids = sorted(set(every_item_id() if page_ids is None else page_ids))
    events = []
    for start in range(0, len(page_ids), chunk):
        part = page_ids[start : start + chunk]
        mark_due(part)
        events += refresh(part)
        if progress:
            progress(len(part))
    return events


def check(page_ids=None):
    """Items whose stored representation differs from a fresh render, as
    ``[(publication, what)]`` — nothing is written."""
    digest = current_digest()
    page_ids = every_item_id() if page_ids is None else page_ids
    rows = Publication.objects.filter(page_id__in=page_ids)
    rows = {row.page_id: row for row in rows}
    located = resources_of(page_ids)
    by_resource = defaultdict(list)
    for pk, (resource, _) in located.items():
        by_resource[resource].append(pk)
    fresh = {}
    for resource, pks in by_resource.items():
        public = public_for_channel(resource, ConsentChannel.WEB).filter(pk__in=pks)
        fresh.update(renderer.render(resource, public))
    problems = []
    for pk in sorted(set(rows) | set(fresh)):
        row, rendered = rows.get(pk), fresh.get(pk)
        if rendered is None:
            if row is not None and row.state == State.LIVE:
                problems.append((row, "stored as public, but is not public"))
        elif row is None or row.state != State.LIVE:
            problems.append((row or pk, "public, but not in the store"))
        elif row.body != rendered.body or row.jsonld != rendered.jsonld:
            problems.append((row, "stored representation differs from a fresh render"))
        elif row.compact != rendered.compact or row.digest != digest:
            problems.append((row, "stored listing entry or settings are out of date"))
    return problems


def size():
    """``(items, bytes)`` the store holds for live items."""
    total = 0
    rows = Publication.objects.filter(state=State.LIVE)
    for body, compact, jsonld in rows.values_list("body", "compact", "jsonld"):
        total += len(body.encode()) + len(compact.encode()) + len(jsonld.encode())
    return rows.count(), total


def dumps(data):
    """JSON text as every stored representation is written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
