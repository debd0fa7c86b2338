"""Publishing never waits for a receiver, and nothing a receiver does reaches it."""

import logging
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from content_models.publishing.models import Publication
from tests.factories import make_condition
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status
SLOW = 10  # seconds the slow receiver would take: far past the 0.5 s timeout


@pytest.fixture
def queue_backend(settings, webhook_settings):
    """Deliveries on their own database-backed queue, as with a worker in production;
    renders stay immediate."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.MERIDIAN_WEBHOOKS = {**webhook_settings, "TASK_BACKEND": "webhooks"}


def run_worker():
    """``db_worker`` until the queue is empty, inside the test's transaction (which
    its between-tasks connection recycling would close on PostgreSQL)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        call_command(
            "db_worker", "--batch", "--backend", "webhooks", "--queue-name", "*"
        )


def test_publishing_returns_before_delivery_with_the_immediate_backend(
    site_tree, receiver, make_subscription, django_capture_on_commit_callbacks
):
    subscription = make_subscription()
    receiver.answer((200, SLOW))
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        make_condition(slug="gout")
    published_in = time.monotonic() - started

    # The item is rendered and its event recorded, yet the receiver has heard nothing:
    # the publisher only wrote a pending delivery.
    assert Publication.objects.get(slug="gout").is_live
    assert receiver.requests == []
    assert published_in < SLOW
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 0)

    # The sender (manage.py deliver_webhooks) does the waiting, capped by the timeout.
    call_command("deliver_webhooks", "--once")
    assert len(receiver.requests) == 1
    Webhook(subscription.secret).verify(
        receiver.requests[0].body, receiver.requests[0].headers
    )
    delivery.refresh_from_db()
    assert delivery.last_error == "no answer within 0.5 s"


def test_with_a_task_queue_publishing_enqueues_and_a_worker_delivers(
    site_tree,
    receiver,
    make_subscription,
    django_capture_on_commit_callbacks,
    queue_backend,
):
    subscription = make_subscription()
    receiver.answer((200, SLOW))
    with django_capture_on_commit_callbacks(execute=True):
        make_condition(slug="gout")

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    (task,) = DBTaskResult.objects.filter(backend_name="webhooks")
    assert task.task_path == "webhooks.tasks.deliver"
    assert task.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}

    run_worker()  # the slow answer: a timeout, and a retry queued for later
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    retry = DBTaskResult.objects.filter(backend_name="webhooks").exclude(pk=task.pk)
    assert retry.get().run_after == delivery.next_attempt_at

    # Thirty seconds later:
    now = timezone.now()
    DBTaskResult.objects.filter(pk=retry.get().pk).update(run_after=now)
    WebhookDelivery.objects.update(next_attempt_at=now)
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 2)
    for request in receiver.requests:
        Webhook(subscription.secret).verify(request.body, request.headers)


def test_a_failure_to_record_deliveries_never_reaches_the_publisher(
    site_tree, make_subscription, django_capture_on_commit_callbacks, caplog
):
    make_subscription()
    with (
        mock.patch("webhooks.dispatch.fan_out", side_effect=RuntimeError("boom")),
        caplog.at_level(logging.ERROR, logger="meridian.webhooks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        make_condition(slug="gout")
    assert Publication.objects.get(slug="gout").is_live
    assert "could not record deliveries" in caplog.text


def test_a_queue_that_fails_to_enqueue_leaves_the_delivery_due(
    site_tree, make_subscription, django_capture_on_commit_callbacks, queue_backend
):
    make_subscription()
    with (
        mock.patch("webhooks.dispatch.queue", side_effect=RuntimeError("queue down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        make_condition(slug="gout")
    assert Publication.objects.get(slug="gout").is_live
    # deliver_webhooks (the safety net) still finds it.
    assert WebhookDelivery.objects.get().status == Status.PENDING
