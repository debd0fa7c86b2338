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
