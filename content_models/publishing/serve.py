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

import datetime
from collections.abc import Hashable

from django.db import connections
from django.db.models import DateField, DateTimeField, Q, Subquery
from django.utils import timezone

from ..case_studies import ConsentChannel
from ..governance import governance_setting
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


MOMENT_SLOT, DAY_SLOT, SLUG_SLOT = object(), object(), object()
SLOTS = (MOMENT_SLOT, DAY_SLOT, SLUG_SLOT)


class DetailLookup:
    """The detail's one query, built by the ORM once per process, then run as is.

    Building and compiling the public rules costs more than running them, so the
    SQL is compiled with marker values for the slug and the moment, and each
    request puts its own in their places.
    """

    MOMENT = datetime.datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
    SLUG = "\x1fslug\x1f"
    compiled = {}

    def __init__(self, resource):
        public = public_for_channel(resource, ConsentChannel.WEB, now=self.MOMENT)
        first = public.filter(slug=self.SLUG).order_by("pk").values("pk")[:1]
        query = Publication.objects.filter(page_id=Subquery(first))
        self.sql, params = query.query.sql_with_params()
        connection = connections[query.db]
        moment = DateTimeField().get_db_prep_value(self.MOMENT, connection)
        day = DateField().get_db_prep_value(self.MOMENT.date(), connection)
        slots = {moment: MOMENT_SLOT, day: DAY_SLOT, self.SLUG: SLUG_SLOT}
        self.params = [
            slots.get(param, param) if isinstance(param, Hashable) else param
            for param in params
        ]
        self.connection = connection

    @classmethod
    def for_resource(cls, resource):
        key = (resource, connections[Publication.objects.db].alias, withheld_key())
        if key not in cls.compiled:
            cls.compiled[key] = cls(resource)
        return cls.compiled[key]

    def run(self, slug, now):
        values = {
            MOMENT_SLOT: DateTimeField().get_db_prep_value(now, self.connection),
            DAY_SLOT: DateField().get_db_prep_value(
                now.astimezone(datetime.UTC).date(), self.connection
            ),
            SLUG_SLOT: slug,
        }
        params = [values[param] if param in SLOTS else param for param in self.params]
        return next(iter(Publication.objects.raw(self.sql, params)), None)


def withheld_key():
    return repr(governance_setting("WITHHOLD_OVERDUE"))


def item(resource, slug):
    """The live publication of the public item ``slug``, rendered if due; or None."""
    digest = settle_settings()
    publication = DetailLookup.for_resource(str(resource)).run(slug, timezone.now())
    if publication is None:
        # Not public, or public but not rendered yet (written without signals).
        public = public_for_channel(str(resource), ConsentChannel.WEB)
        page_id = (
            public.filter(slug=slug).order_by("pk").values_list("pk", flat=True).first()
        )
        if page_id is None:
            return None
    elif needs_refresh(publication, digest):
        page_id = publication.page_id
    else:
        return publication
    refresh([page_id])
    publication = Publication.objects.filter(page_id=page_id, state=State.LIVE)
    return publication.first()


def is_stale(state, rendered_under, due_at, digest, now):
    """Whether a stored row must be rendered before it is served."""
    return (
        state != State.LIVE
        or rendered_under != digest
        or (due_at is not None and due_at <= now)
    )


def needs_refresh(publication, digest):
    return is_stale(
        publication.state,
        publication.digest,
        publication.due_at,
        digest,
        timezone.now(),
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
        pk for pk in page_ids if pk not in rows or is_stale(*rows[pk][:3], digest, now)
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
    # A render that failed leaves a never-rendered item out, an older one as it was.
    live = {pk: row[3] for pk, row in rows.items() if row[0] == State.LIVE}
    return {pk: live[pk] for pk in page_ids if pk in live}, bool(stale)


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
