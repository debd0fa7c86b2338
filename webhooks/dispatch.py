"""From publication events to queued deliveries, without making anyone wait.

    fan_out(events)     # after the store commits: a pending delivery per match
    queue([7, 8])       # hand deliveries to a worker, if there is a queue to use
    queue_pending()     # a worker starts: hand it every delivery still pending

**Publishing never waits for a receiver.** The store sends ``publication_changed``
after its transaction commits; :func:`fan_out` then writes one pending
:class:`WebhookDelivery` per matching subscription (one query for the subscriptions,
one insert) and, after that commits, :func:`queue` enqueues the ``deliver`` task for
each on ``MERIDIAN_WEBHOOKS["TASK_BACKEND"]`` — but only if that backend queues work
for a worker (``supports_defer``, which retries with ``run_after`` need too).

The immediate backend (the default outside production) runs a task inside
``enqueue``: there, queueing would make the publisher perform the HTTP request. So
with it nothing is enqueued, and the pending rows wait for
``manage.py deliver_webhooks``, which sends what is due and retries on schedule.
Either way the rows are the truth: a lost task or a dead worker leaves them due, and
``deliver_webhooks --once`` (e.g. from cron) sends them, and a starting
``db_worker`` queues them again (:func:`queue_pending`).
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task_backends

from api.representation import Representation
from content_models.canonical import api_base_url

from . import signing
from .conf import webhook_settings
from .models import WebhookDelivery, WebhookSubscription
from .payloads import payload

logger = logging.getLogger("meridian.webhooks")


def fan_out(events):
    """Record a pending delivery of each event to each subscription that wants it."""
    subscriptions = list(WebhookSubscription.objects.filter(active=True))
    if not subscriptions or not events:
        return []
    now = timezone.now()
    links = None
    deliveries = []
    for event in events:
        body = None
        for subscription in subscriptions:
            if not subscription.wants(event.resource, event.kind):
                continue
            if body is None:
                links = links or Representation(api_base_url())
                body = payload(event, links)
            deliveries.append(
                WebhookDelivery(
                    subscription=subscription,
                    sequence=event.pk,
                    kind=event.kind,
                    resource=event.resource,
                    slug=event.slug,
                    message_id=signing.new_message_id(),
                    payload=body,
                    next_attempt_at=now,
                )
            )
    if not deliveries:
        return []
    with transaction.atomic():
        created = WebhookDelivery.objects.bulk_create(deliveries)
        ids = [delivery.pk for delivery in created]
        transaction.on_commit(lambda: queue(ids), robust=True)
    return created


def queue_backend():
    """The task backend deliveries go to, or None if it would run them inline."""
    backend = task_backends[webhook_settings().task_backend]
    return backend if backend.supports_defer else None


def queue(delivery_ids, run_after=None):
    """Enqueue ``deliver`` for each delivery; False if left to ``deliver_webhooks``."""
    from .tasks import deliver  # the task module imports this one

    backend = queue_backend()
    if backend is None:
        return False
    task = deliver.using(backend=backend.alias, run_after=run_after)
    for delivery_id in delivery_ids:
        task.enqueue(delivery_id=delivery_id)
    return True


def queue_pending():
    """Queue each pending delivery that no queued task will send: its task died with
    a worker. It is queued for its next attempt, or for when the dead sender's hold
    on it ends. A delivery queued twice is still sent once (``claim``)."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import deliver

    backend = queue_backend()
    if backend is None:
        return 0
    queued = {
        args["kwargs"]["delivery_id"]
        for args in DBTaskResult.objects.filter(
            backend_name=backend.alias,
            status="READY",
            task_path=deliver.module_path,
        ).values_list("args_kwargs", flat=True)
        if args["kwargs"].get("delivery_id")
    }
    now = timezone.now()
    # A held delivery's queued task (one taken back from a killed worker) would find
    # it held and skip it: queue one more for when the hold ends.
    orphans = (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
        .filter(~Q(pk__in=queued) | Q(claimed_until__gt=now))
        .values_list("pk", "next_attempt_at", "claimed_until")
    )
    count = 0
    for pk, at, held in orphans:
        if held:  # ``claim`` takes it once the hold has passed
            held += datetime.timedelta(seconds=1)
        moment = max(filter(None, (at, held)), default=None)
        queue([pk], run_after=moment if moment and moment > now else None)
        count += 1
    return count
