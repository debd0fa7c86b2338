"""Staff manage subscriptions in the admin: the secret is shown once, can be rotated,
and the delivery log shows what happened, with a "resend" action."""

import pytest
from standardwebhooks import Webhook

from tests.factories import make_condition
from webhooks.delivery import send_due
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/admin/webhooks/subscriptions/"
DELIVERIES = "/admin/webhooks/deliveries/"


def add(admin_client, url, **fields):
    data = {"name": "Patient portal", "url": url, "active": "on", **fields}
    return admin_client.post(f"{SUBSCRIPTIONS}new/", data)


def test_a_new_subscriptions_secret_is_shown_once(admin_client, receiver):
    response = add(admin_client, receiver.url + "/hook", resources=["conditions"])
    subscription = WebhookSubscription.objects.get()
    secret_page = f"{SUBSCRIPTIONS}secret/{subscription.pk}/"
    assert response.status_code == 302
    assert response.url == secret_page
    assert subscription.secret.startswith("whsec_")
    assert (subscription.resources, subscription.kinds) == (["conditions"], [])

    first = admin_client.get(secret_page)
    assert subscription.secret in first.content.decode()
    assert "no-store" in first.headers["Cache-Control"]

    for page in (
        secret_page,
        f"{SUBSCRIPTIONS}edit/{subscription.pk}/",
        SUBSCRIPTIONS,
    ):
        html = admin_client.get(page).content.decode()
        assert subscription.secret not in html, page
    assert subscription.masked_secret in admin_client.get(secret_page).content.decode()
    edit = admin_client.get(f"{SUBSCRIPTIONS}edit/{subscription.pk}/").content.decode()
    assert subscription.masked_secret in edit
    assert f"{SUBSCRIPTIONS}rotate/{subscription.pk}/" in edit


def test_rotating_shows_the_new_secret_once(admin_client, receiver):
    add(admin_client, receiver.url + "/hook")
    subscription = WebhookSubscription.objects.get()
    old = subscription.secret
    admin_client.get(f"{SUBSCRIPTIONS}secret/{subscription.pk}/")

    confirm = admin_client.get(f"{SUBSCRIPTIONS}rotate/{subscription.pk}/")
    assert confirm.status_code == 200
    response = admin_client.post(f"{SUBSCRIPTIONS}rotate/{subscription.pk}/")
    assert response.url == f"{SUBSCRIPTIONS}secret/{subscription.pk}/"
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.signing_secrets() == [subscription.secret, old]
    html = admin_client.get(response.url).content.decode()
    assert subscription.secret in html
    assert subscription.secret not in admin_client.get(response.url).content.decode()


def test_a_private_address_is_refused_in_the_form(settings, admin_client):
    settings.MERIDIAN_WEBHOOKS = {"ALLOW_PRIVATE_ADDRESSES": False}
    response = add(admin_client, "http://169.254.169.254/latest/")
    assert response.status_code == 200
    assert "a link-local address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_form_offers_the_resources_and_event_kinds(admin_client):
    html = admin_client.get(f"{SUBSCRIPTIONS}new/").content.decode()
    for value in ("conditions", "symptoms", "treatments", "case-studies"):
        assert f'value="{value}"' in html
    for value in ("upsert", "delete"):
        assert f'value="{value}"' in html


def test_the_delivery_log_shows_each_attempt_and_resend_sends_again(
    admin_client,
    site_tree,
    receiver,
    make_subscription,
    django_capture_on_commit_callbacks,
):
    subscription = make_subscription()
    receiver.answer(500)
    with django_capture_on_commit_callbacks(execute=True):
        make_condition(slug="gout")
    send_due()
    delivery = WebhookDelivery.objects.get()

    listing = admin_client.get(DELIVERIES).content.decode()
    assert "conditions/gout" in listing
    assert f"{DELIVERIES}resend/{delivery.pk}/" in listing
    inspect = admin_client.get(f"{DELIVERIES}inspect/{delivery.pk}/").content.decode()
    assert "HTTP 500: receiver trouble" in inspect
    assert delivery.message_id in inspect
    assert "&quot;slug&quot;: &quot;gout&quot;" in inspect  # the payload, pretty

    assert admin_client.get(f"{DELIVERIES}resend/{delivery.pk}/").status_code == 200
    response = admin_client.post(f"{DELIVERIES}resend/{delivery.pk}/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    # No task queue (immediate backend): staff asked, so it was tried at once.
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.DELIVERED, 1)
    assert len(receiver.requests) == 2
    Webhook(subscription.secret).verify(
        receiver.requests[1].body, receiver.requests[1].headers
    )


def test_deliveries_cannot_be_added_or_edited(
    admin_client, site_tree, make_subscription
):
    subscription = make_subscription()
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        sequence=1,
        kind="upsert",
        resource="conditions",
        slug="gout",
        message_id="msg_1",
        payload="{}",
    )
    for page in (f"{DELIVERIES}new/", f"{DELIVERIES}edit/{delivery.pk}/"):
        refused = admin_client.get(page)  # Wagtail: "Sorry, you do not have permission"
        assert (refused.status_code, refused.url) == (302, "/admin/")
    assert "Add webhook delivery" not in admin_client.get(DELIVERIES).content.decode()


def test_a_user_without_permission_sees_no_secret(client, django_user_model, receiver):
    subscription = WebhookSubscription.objects.create(name="P", url=receiver.url)
    editor = django_user_model.objects.create_user("editor", password="x")
    client.force_login(editor)
    response = client.get(f"{SUBSCRIPTIONS}secret/{subscription.pk}/")
    assert subscription.secret not in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.secret_revealed
