"""What the task worker (``manage.py db_worker``) adds to django_tasks_db's own loop.

    recover("default", worker_id="worker-1")     # before it takes its first task
    schedule_next_render("default")             # after each render: the next moment

**A killed worker's task.** django_tasks_db 0.13 claims a task by marking it
``RUNNING`` with the worker's id; it keeps no heartbeat, and nothing ever looks at a
``RUNNING`` row again. A worker killed mid-task (SIGKILL, out of memory, a lost
machine) leaves it so for good. :func:`recover` therefore runs when a worker starts:

- tasks still ``RUNNING`` under this worker's own id were left by its previous run
  (ids must be unique across the pool, so give each worker a stable one,
  ``--worker-id worker-1``): they are made ready again, or failed once they have
  been claimed :data:`MAX_CLAIMS` times (a task that kills its worker every time);
- whatever the id, a worker of the renders' backend queues a render of every item
  still due: ``render_due`` is idempotent and items stay due until their render commits, so a render lost with
  any worker is done again;
- :data:`worker_starting` lets other apps queue what they keep due in their own rows
  (``webhooks`` queues its pending deliveries).

**Time-driven renders.** An expiry or a review date changes an item with no write to
queue its render; after each render this worker queues the next one for the
earliest such moment (:func:`schedule_next_render`), so the tombstone, its event and
the HTTP-cache purge happen then, not when a reader next asks.
"""

import logging

from django.db.models import Min, Q
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import Publication
from .tasks import render_due

logger = logging.getLogger("meridian.worker")

# Sent with ``backend`` (a TASKS alias) when a worker starts, before its first task.
worker_starting = Signal()

# A task claimed this many times without finishing has killed its worker each time.
MAX_CLAIMS = 3

RUNNING, READY = "RUNNING", "READY"


class WorkerKilled(RuntimeError):
    """Recorded on a task whose worker died under it :data:`MAX_CLAIMS` times."""


def take_back(backend, worker_id):
    """Make ready again the tasks this worker id left running; returns the count."""
    # Few rows are ever running; JSON containment is not portable (SQLite).
    left = DBTaskResult.objects.filter(backend_name=backend, status=RUNNING)
    taken = 0
    for result in left:
        if not result.worker_ids or result.worker_ids[-1] != worker_id:
            continue  # another worker's, alive or not: nothing says which
        if len(result.worker_ids) >= MAX_CLAIMS:
            result.set_failed(
                WorkerKilled(f"its worker died {len(result.worker_ids)} times")
            )
            logger.error("task %s failed: its worker died under it", result.pk)
            continue
        DBTaskResult.objects.filter(pk=result.pk, status=RUNNING).update(
            status=READY, started_at=None
        )
        logger.warning("task %s taken back from a killed run", result.pk)
        taken += 1
    return taken


def recover(backend, worker_id):
    """Queue again what a killed worker may have left; see the module docstring."""
    take_back(backend, worker_id)
    if backend == render_due.backend:  # a worker of the queue renders go to
        render_due.using(backend=backend).enqueue()
    worker_starting.send(sender=DBTaskResult, backend=backend)


def schedule_next_render(backend):
    """Queue ``render_due`` for the next moment an item falls due by time alone,
    unless a render is already queued by then."""
    now = timezone.now()
    moment = Publication.objects.filter(due_at__gt=now).aggregate(Min("due_at"))
    moment = moment["due_at__min"]
    if moment is None:
        return None
    queued = DBTaskResult.objects.filter(
        backend_name=backend,
        status=READY,
        task_path=render_due.module_path,
    ).filter(Q(run_after__lte=moment) | Q(run_after=get_date_max()))
    if queued.exists():
        return None
    return render_due.using(backend=backend, run_after=moment).enqueue()


def render_finished(sender, task_result, **kwargs):
    """``task_finished`` receiver in a worker: after a render, plan the next one."""
    if task_result.task.module_path != render_due.module_path:
        return
    if not task_backends[task_result.backend].supports_defer:
        return  # a render run in-process (immediate backend): no worker to plan for
    try:
        schedule_next_render(task_result.backend)
    except Exception:
        logger.exception("could not schedule the next time-driven render")
