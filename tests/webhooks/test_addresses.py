"""Only http(s) URLs on public addresses receive webhooks, checked when saved and
again before every attempt, unless a setting allows private addresses."""

import socket
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_condition
from webhooks.addresses import resolve
from webhooks.delivery import send_due
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

PRIVATE = {
    "http://127.0.0.1/hook": "loopback",
    "http://localhost:8000/hook": "loopback",
    "http://[::1]/hook": "loopback",
    "http://[::ffff:127.0.0.1]/hook": "loopback",
    "http://10.1.2.3/hook": "private",
    "http://192.168.0.10/hook": "private",
    "http://172.16.5.4/hook": "private",
    "http://100.64.0.1/hook": "private",  # carrier-grade NAT
    "http://169.254.169.254/latest/meta-data/": "link-local",  # cloud metadata
    "http://[fe80::1]/hook": "link-local",
    "http://0.0.0.0/hook": "unspecified",
    "http://224.0.0.1/hook": "multicast",
    "http://240.0.0.1/hook": "reserved",
}


def subscription(url):
    return WebhookSubscription(name="Partner", url=url)


@pytest.fixture
def strict(settings, webhook_settings):
    settings.MERIDIAN_WEBHOOKS = {**webhook_settings, "ALLOW_PRIVATE_ADDRESSES": False}


@pytest.mark.parametrize("url", PRIVATE)
def test_private_addresses_are_refused_when_saved(strict, url):
    with pytest.raises(ValidationError) as refused:
        subscription(url).full_clean()
    message = refused.value.message_dict["url"][0]
    assert f"a {PRIVATE[url]} address" in message


@pytest.mark.parametrize(
    "url",
    [
        "ftp://partner.example/hook",
        "file:///etc/passwd",
        "gopher://partner.example/",
    ],
)
def test_only_http_and_https_urls_are_accepted(strict, url):
    with pytest.raises(ValidationError):
        subscription(url).full_clean()


def test_credentials_in_the_url_are_refused(strict):
    with pytest.raises(ValidationError, match="no credentials"):
        subscription("https://user:pass@93.184.216.34/hook").full_clean()


def test_a_public_address_is_accepted(strict):
    subscription("https://93.184.216.34/hook").full_clean()


def test_a_host_that_resolves_to_a_private_address_among_public_ones_is_refused(
    strict,
):
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 443)),
    ]
    with (
        mock.patch("socket.getaddrinfo", return_value=answers),
        pytest.raises(ValidationError, match="10.0.0.7, a private address"),
    ):
        subscription("https://partner.example/hook").full_clean()


def test_a_host_that_does_not_resolve_is_refused(strict):
    with (
        mock.patch("socket.getaddrinfo", side_effect=socket.gaierror("no name")),
        pytest.raises(ValidationError, match="does not resolve"),
    ):
        subscription("https://partner.example/hook").full_clean()


def test_the_setting_allows_private_addresses(webhook_settings):
    assert webhook_settings["ALLOW_PRIVATE_ADDRESSES"]
    for url in PRIVATE:
        subscription(url).full_clean()
    assert resolve("http://127.0.0.1:8000/x?y=1").path == "/x?y=1"


def test_an_address_is_checked_again_before_each_attempt(
    settings,
    webhook_settings,
    site_tree,
    receiver,
    make_subscription,
    django_capture_on_commit_callbacks,
):
    make_subscription()  # saved while loopback was allowed
    with django_capture_on_commit_callbacks(execute=True):
        make_condition(slug="gout")
    settings.MERIDIAN_WEBHOOKS = {**webhook_settings, "ALLOW_PRIVATE_ADDRESSES": False}
    send_due()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_error.startswith("refused: 127.0.0.1 resolves to 127.0.0.1")
    assert delivery.status == WebhookDelivery.Status.PENDING  # DNS may change back


def test_a_host_that_now_resolves_privately_is_not_contacted(
    strict, site_tree, django_capture_on_commit_callbacks
):
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]
    with mock.patch("socket.getaddrinfo", return_value=public):
        partner = subscription("https://partner.example/hook")
        partner.full_clean()
        partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_condition(slug="gout")
    rebound = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 443))]
    with (
        mock.patch("socket.getaddrinfo", return_value=rebound),
        mock.patch("socket.create_connection") as connect,
    ):
        send_due()
    connect.assert_not_called()
    assert "a link-local address" in WebhookDelivery.objects.get().last_error
