"""Reading the store: what a request calls before it answers.

    publication = serve.item("conditions", "sciatica")    # None: a 404
    serve.settle("conditions")                              # before a listing's ETag
    sequence, changed_at = serve.latest_event("conditions")
    entries, rendered = serve.items(page_ids, "compact")    # one query

Each renders, right there, whatever the store says is due (a write whose background
render has not run yet, an expiry that has passed), so a reader never gets a body
older than the content. Which items are public is decided by the caller's queryset
or by ``content_models.public`` here, in SQL, at request time.
"""

from django.db.models import Q, Subquery
from django.utils import timezone

from ..case_studies import ConsentChannel
from ..public import public_for_channel
from .models import Publication, PublicationDependency, PublicationEvent, StoreState
from .store import State, current_digest, refresh

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


def settle(resource=None):
    """Render every item of ``resource`` (or of all) that is due, before a listing
    or the change feed is served."""
    settle_settings()
    due = Publication.objects.filter(due_at__lte=timezone.now())
    if resource is not None:
        due = due.filter(resource=str(resource))
    due = list(due.values_list("page_id", flat=True))
    if due:
        refresh(due)


def changes(since, resource=None, limit=100):
    """``(rows, last sequence)``: items whose latest change came after ``since``,
    in the order they changed, each once in its latest state (live or a tombstone).

    Raises :class:`CursorTooOld` when tombstones after ``since`` may have been pruned.
    """
    settle()
    state = StoreState.objects.filter(pk=StoreState.SINGLETON).first()
    if since and state and since < state.pruned_through:
        raise CursorTooOld(state.pruned_through)
    rows = Publication.objects.filter(sequence__gt=since).exclude(state=State.PENDING)
    if resource is not None:
        rows = rows.filter(resource=str(resource))
    rows = list(
        rows.order_by("sequence").only(
            "page_id",
            "resource",
            "slug",
            "state",
            "reason",
            "etag",
            "sequence",
            "changed_at",
        )[:limit]
    )
    return rows, (rows[-1].sequence if rows else since)


def last_sequence():
    """``(sequence, when)`` of the last change to anything, or ``(0, None)``."""
    last = PublicationEvent.objects.order_by("-id").values_list("id", "at").first()
    return last or (0, None)


class CursorTooOld(LookupError):
    """The cursor is older than the tombstones the store still keeps."""

    def __init__(self, pruned_through):
        super().__init__(pruned_through)
        self.pruned_through = pruned_through


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
