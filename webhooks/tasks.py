"""The django-tasks task that sends one delivery, and plans its retry.

    deliver.using(backend="default").enqueue(delivery_id=7)    # what dispatch does

It runs on a worker (``manage.py db_worker`` with ``django_tasks_db``). A failed
attempt enqueues the next one with ``run_after`` at the backed-off time, so the
worker sleeps through the wait instead of polling. ``dispatch.queue`` decides whether
a backend may be used at all (it must queue, not run inline).
"""

from django_tasks import task

from . import delivery as sending
from .dispatch import queue
from .models import WebhookDelivery


@task()
def deliver(delivery_id):
    """Attempt one delivery if it is due; returns its status afterwards."""
    delivery = sending.claim(delivery_id)
    if delivery is None:  # delivered, given up, not due yet, or being sent elsewhere
        return "skipped"
    sending.attempt(delivery)
    if delivery.status == WebhookDelivery.Status.PENDING:
        queue([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery.status
