"""Publication events reach subscribers as signed POSTs, retried until they land."""

import datetime
import io
import json
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.factories import make_condition, make_symptom
from webhooks.delivery import send_due
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run ``change()`` as an editor would, with everything that follows its commit."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def time_passes(seconds=None):
    """Bring every pending delivery's next attempt to now (or by ``seconds``)."""
    for delivery in WebhookDelivery.objects.filter(status=Status.PENDING):
        if seconds is None:
            delivery.next_attempt_at = timezone.now()
        else:
            delivery.next_attempt_at -= datetime.timedelta(seconds=seconds)
        delivery.save(update_fields=["next_attempt_at"])


def verified(subscription, request, secret=None):
    return Webhook(secret or subscription.secret).verify(request.body, request.headers)


def test_a_publish_is_posted_with_a_standard_webhooks_signature(
    client, site_tree, receiver, make_subscription, publish
):
    subscription = make_subscription()
    publish(make_condition, slug="gout", title="Gout")
    assert send_due() == 1

    (request,) = receiver.requests
    assert request.path == "/hook"
    assert request.headers["Content-Type"] == "application/json"
    payload = verified(subscription, request)
    assert payload["type"] == "publication.upsert"
    # The entry is the change feed's own, byte for byte.
    feed = client.get("/api/v1/changes/").json()["results"]
    assert payload["data"] == next(c for c in feed if c["slug"] == "gout")
    assert payload["timestamp"] == payload["data"]["changed_at"]
    delivery = WebhookDelivery.objects.get()
    assert request.headers["webhook-id"] == delivery.message_id
    assert (delivery.status, delivery.attempts, delivery.status_code) == (
        Status.DELIVERED,
        1,
        200,
    )


def test_an_unpublished_item_is_posted_as_a_delete_with_its_reason(
    site_tree, receiver, make_subscription, publish
):
    subscription = make_subscription()
    gout = publish(make_condition, slug="gout")
    publish(gout.unpublish)
    assert send_due() == 2
    kinds = [verified(subscription, r)["data"] for r in receiver.requests]
    assert [(k["type"], k["slug"]) for k in kinds] == [
        ("upsert", "gout"),
        ("delete", "gout"),
    ]
    assert kinds[1]["reason"] == "unpublished"
    assert "api_url" not in kinds[1]
    assert kinds[0]["sequence"] < kinds[1]["sequence"]


def test_a_tampered_body_does_not_verify(
    site_tree, receiver, make_subscription, publish
):
    subscription = make_subscription()
    publish(make_condition, slug="gout")
    send_due()
    (request,) = receiver.requests
    with pytest.raises(WebhookVerificationError, match="signature"):
        Webhook(subscription.secret).verify(
            request.body.replace(b"gout", b"gott"), request.headers
        )


def test_a_receiver_that_answers_500_is_tried_again_after_the_backoff(
    site_tree, receiver, make_subscription, publish
):
    subscription = make_subscription()
    receiver.answer(500)
    publish(make_condition, slug="gout")
    send_due()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == (
        Status.PENDING,
        1,
        500,
    )
    assert delivery.last_error == "HTTP 500: receiver trouble"
    assert delivery.next_attempt_at - delivery.last_attempt_at == datetime.timedelta(
        seconds=30
    )
    assert send_due() == 0  # not due yet

    time_passes()
    assert send_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        Status.DELIVERED,
        2,
        "",
    )
    first, second = receiver.requests
    # Same message, same webhook-id, each attempt signed afresh.
    assert first.body == second.body
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert verified(subscription, first) == verified(subscription, second)


def test_a_receiver_that_does_not_answer_in_time_is_tried_again(
    site_tree, receiver, make_subscription, publish, webhook_settings
):
    subscription = make_subscription()
    receiver.answer((200, 3))  # answers, but only after 3 s: past the 0.5 s timeout
    publish(make_condition, slug="gout")

    started = time.monotonic()
    send_due()
    assert time.monotonic() - started < webhook_settings["TIMEOUT"] + 1

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert delivery.last_error == "no answer within 0.5 s"
    assert delivery.status_code is None

    time_passes()
    send_due()
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
    assert len(receiver.requests) == 2
    verified(subscription, receiver.requests[1])


def test_the_wait_doubles_and_the_delivery_fails_after_max_attempts(
    site_tree, receiver, make_subscription, publish
):
    make_subscription()
    receiver.answer(500, 502, 503)
    publish(make_condition, slug="gout")
    waits = []
    for _ in range(3):
        time_passes()
        send_due()
        delivery = WebhookDelivery.objects.get()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - delivery.last_attempt_at)
    assert waits == [datetime.timedelta(seconds=30), datetime.timedelta(seconds=60)]
    assert (delivery.status, delivery.attempts, delivery.status_code) == (
        Status.FAILED,
        3,
        503,
    )
    time_passes(3600)
    assert send_due() == 0
    assert len(receiver.requests) == 3


def test_an_unreachable_receiver_is_logged_and_retried(
    site_tree, make_subscription, publish
):
    subscription = make_subscription()
    subscription.url = "http://127.0.0.1:9/hook"  # discard port: nobody listens
    subscription.save()
    publish(make_condition, slug="gout")
    send_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert delivery.attempts == 1
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error


def test_inactive_subscriptions_and_other_resources_and_kinds_get_nothing(
    site_tree, receiver, make_subscription, publish
):
    subscriptions = {
        "all": make_subscription("/all"),
        "inactive": make_subscription("/inactive", active=False),
        "symptoms": make_subscription("/symptoms", resources=["symptoms"]),
        "deletes": make_subscription("/deletes", kinds=["delete"]),
        "condition deletes": make_subscription(
            "/condition-deletes", resources=["conditions"], kinds=["delete"]
        ),
    }
    gout = publish(make_condition, slug="gout")
    publish(gout.unpublish)
    send_due()

    got = {}
    for request in receiver.requests:
        name = request.path.strip("/").replace("-", " ")
        payload = verified(subscriptions[name], request)
        got.setdefault(name, []).append(payload["type"])
    assert got == {
        "all": ["publication.upsert", "publication.delete"],
        "deletes": ["publication.delete"],
        "condition deletes": ["publication.delete"],
    }
    assert not WebhookDelivery.objects.filter(
        subscription__in=[subscriptions["inactive"], subscriptions["symptoms"]]
    ).exists()

    publish(make_symptom, slug="back-pain")
    send_due()
    assert sorted(r.path for r in receiver.requests[-2:]) == ["/all", "/symptoms"]


def test_a_subscription_made_inactive_after_the_event_sends_nothing(
    site_tree, receiver, make_subscription, publish
):
    subscription = make_subscription()
    publish(make_condition, slug="gout")
    subscription.active = False
    subscription.save()
    send_due()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == (
        Status.FAILED,
        "the subscription is inactive",
    )


def test_during_a_rotation_both_secrets_verify(
    site_tree, receiver, make_subscription, publish
):
    subscription = make_subscription()
    old = subscription.secret
    subscription.rotate_secret()
    assert subscription.secret != old
    publish(make_condition, slug="gout")
    send_due()
    (request,) = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    verified(subscription, request, secret=old)
    verified(subscription, request, secret=subscription.secret)

    # After the grace period only the new secret signs.
    subscription.previous_secret_until = timezone.now()
    subscription.save()
    publish(make_condition, slug="sciatica")
    send_due()
    latest = receiver.requests[-1]
    assert len(latest.headers["webhook-signature"].split(" ")) == 1
    verified(subscription, latest)
    with pytest.raises(WebhookVerificationError, match="signature"):
        verified(subscription, latest, secret=old)


def test_the_body_is_json_an_ordinary_parser_reads(
    site_tree, receiver, make_subscription, publish
):
    make_subscription()
    publish(make_condition, slug="gout")
    send_due()
    body = json.loads(receiver.requests[0].body)
    assert set(body) == {"type", "timestamp", "data"}
    assert body["data"]["api_url"].endswith("/api/v1/conditions/gout/")


def test_prune_forgets_finished_deliveries_but_keeps_pending_ones(
    site_tree, receiver, make_subscription, publish
):
    make_subscription()
    receiver.answer(500)
    publish(make_condition, slug="gout")
    publish(make_condition, slug="sciatica")
    send_due()
    WebhookDelivery.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=100)
    )
    out = io.StringIO()
    call_command("deliver_webhooks", "--prune", "90", stdout=out)
    assert out.getvalue().strip() == "deleted 1 webhook deliveries"
    assert WebhookDelivery.objects.get().status == Status.PENDING
