"""A webhook delivery whose task was lost with its worker is sent by the next one."""

from unittest import mock

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.factories import make_condition
from tests.webhooks.conftest import (  # noqa: F401 - fixtures
    make_subscription,
    receiver,
    webhook_settings,
)
from webhooks.models import WebhookDelivery


@pytest.fixture
def queue_backend(settings, webhook_settings):  # noqa: F811
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.MERIDIAN_WEBHOOKS = {**webhook_settings, "TASK_BACKEND": "webhooks"}


def start_worker():
    """``db_worker`` until its queue is empty, inside the test's transaction (its
    connection recycling between tasks would close it on PostgreSQL)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        call_command("db_worker", "--batch", "--backend", "webhooks")


def test_a_delivery_whose_task_was_lost_is_sent_by_the_next_worker(
    site_tree,
    receiver,  # noqa: F811
    make_subscription,  # noqa: F811
    django_capture_on_commit_callbacks,
    queue_backend,
):
    make_subscription()
    with django_capture_on_commit_callbacks(execute=True):
        make_condition(slug="gout")
    DBTaskResult.objects.all().delete()  # the worker that held it died with it

    start_worker()

    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED
    assert len(receiver.requests) == 1
