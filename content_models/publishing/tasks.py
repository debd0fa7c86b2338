"""The background render: whatever writes marked due, rendered after they commit.

    transaction.on_commit(lambda: render_due.enqueue())    # what every write does

With the default immediate backend it runs in the writing process once the
transaction commits; with ``django_tasks_db`` a ``manage.py db_worker`` runs it. A
reader never waits for it: anything still due when a request arrives is rendered by
that request (``serve.item`` / ``serve.settle``).
"""

from django.utils import timezone
from django_tasks import task

from . import store
from .models import Publication

CHUNK = 200


@task()
def render_due():
    """Render every item whose stored representation is due; returns the count."""
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
