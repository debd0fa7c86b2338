"""Keeping the store honest: rebuild it, check it against fresh renders, size it.

manage.py publications --rebuild   → rebuild(every_item_id(), progress=…)
manage.py publications --check     → check()
"""

from django.db.models import Max

from ..resources import RESOURCES
from .models import Publication, PublicationEvent, StoreState
from .store import (
    State,
    by_resource,
    current_digest,
    mark_due,
    refresh,
    render_public,
    resources_of,
)


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


def check(page_ids=None, chunk=200):
    """Items whose stored representation differs from a fresh render, as
    ``[(publication, what)]`` — nothing is written. Renders in chunks, like
    :func:`rebuild`."""
    digest = current_digest()
    page_ids = sorted(every_item_id() if page_ids is None else page_ids)
    problems = []
    for start in range(0, len(page_ids), chunk):
        part = page_ids[start : start + chunk]
        rows = {
            row.page_id: row for row in Publication.objects.filter(page_id__in=part)
        }
        fresh = {}
        for resource, pks in by_resource(resources_of(part)).items():
            fresh.update(render_public(resource, pks))
        problems += differences(rows, fresh, digest)
    return problems


def differences(rows, fresh, digest):
    for pk in sorted(set(rows) | set(fresh)):
        row, rendered = rows.get(pk), fresh.get(pk)
        if rendered is None:
            if row is not None and row.state == State.LIVE:
                yield row, "stored as public, but is not public"
        elif row is None or row.state != State.LIVE:
            yield row or pk, "public, but not in the store"
        elif row.body != rendered.body or row.jsonld != rendered.jsonld:
            yield row, "stored representation differs from a fresh render"
        elif row.compact != rendered.compact or row.digest != digest:
            yield row, "stored listing entry or settings are out of date"


def size():
    """``(items, bytes)`` the store holds for live items."""
    total = 0
    rows = Publication.objects.filter(state=State.LIVE)
    for body, compact, jsonld in rows.values_list("body", "compact", "jsonld"):
        total += len(body.encode()) + len(compact.encode()) + len(jsonld.encode())
    return rows.count(), total


def prune_tombstones(older_than):
    """Forget tombstones and events older than ``older_than`` (a datetime); a
    change-feed cursor from before them then gets a 410 and resyncs. Returns the
    number of tombstones removed."""
    gone = Publication.objects.filter(state=State.GONE, changed_at__lt=older_than)
    through = gone.aggregate(Max("sequence"))["sequence__max"]
    if through is None:
        return 0
    state, _ = StoreState.objects.get_or_create(pk=StoreState.SINGLETON)
    state.pruned_through = max(state.pruned_through, through)
    state.save(update_fields=["pruned_through"])
    PublicationEvent.objects.filter(id__lte=through).exclude(
        id__in=PublicationEvent.objects.order_by()
        .values("resource")
        .annotate(last=Max("id"))
        .values("last")
    ).delete()
    count, _ = gone.filter(sequence__lte=through).delete()
    return count
