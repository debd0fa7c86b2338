"""The background render: whatever writes marked due, rendered after they commit.

    render_after_commit()          # what every write does, inside its transaction

With the default immediate backend it runs in the writing process once the
transaction commits; with ``django_tasks_db`` a ``manage.py db_worker`` runs it. A
reader never waits for it: anything still due when a request arrives is rendered by
that request (``serve.item`` / ``serve.settle``). So the queue is a speed-up, not a
dependency: a task backend that cannot take the job (its table missing, its
database down) is logged and the write still succeeds; an item whose render fails
stays due and is tried again a little later (``store.refresh``).
"""

import logging
from contextlib import nullcontext

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import store
from .models import Publication

logger = logging.getLogger("meridian.publishing")

CHUNK = 200


@task()
def render_due():
    """Render every item whose stored representation is due; returns the count.

    An item whose render fails is put off (``store.RETRY_AFTER``), so the loop ends
    and the others are rendered; it is counted with the rest.
    """
    rendered = 0
    while True:
        due = list(
            Publication.objects.filter(due_at__lte=timezone.now())
            .order_by("due_at", "page_id")
            .values_list("page_id", flat=True)[:CHUNK]
        )
        if not due:
            return rendered
        store.refresh(due)
        rendered += len(due)


def enqueue_render():
    """Queue :func:`render_due` now; log, never raise, if the backend refuses."""
    # Inside an outer transaction (tests, a caller's atomic block) a failed insert
    # into the queue's table must not abort it: give the attempt its own savepoint.
    in_transaction = transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic() if in_transaction else nullcontext():
            render_due.enqueue()
    except Exception:
        logger.warning(
            "could not queue the background render; readers will render the due "
            "items themselves",
            exc_info=True,
        )


def render_after_commit():
    """Queue the background render once the current transaction commits."""
    transaction.on_commit(enqueue_render)
