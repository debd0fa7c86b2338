"""Sending deliveries: one attempt at a time, retried with exponential backoff.

    delivery = claim(delivery_id)     # None if it is not due, or another sender has it
    attempt(delivery)                 # POST, signed; record the outcome, plan the next
    send_due()                        # every due delivery (manage.py deliver_webhooks)

An attempt never raises: whatever happens (refused address, DNS failure, timeout,
TLS error, a 500) is written to the delivery's log. A 2xx answer delivers it; anything
else is tried again ``BACKOFF_SECONDS × 2ⁿ⁻¹`` after the n-th failed attempt, until
``MAX_ATTEMPTS`` attempts have failed. Redirects are not followed.
"""

import datetime
import http.client
import logging
import socket
import ssl

from django.db.models import Q
from django.utils import timezone

from . import signing
from .addresses import RefusedURL, resolve
from .conf import webhook_settings
from .models import WebhookDelivery

logger = logging.getLogger("meridian.webhooks")

Status = WebhookDelivery.Status
USER_AGENT = "Meridian-Webhooks/1"
# How much of a failed answer's body is kept in the log.
EXCERPT_BYTES = 300


# ------------------------------------------------------------------------ HTTP


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever DNS says by now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the URL's host name."""

    def __init__(self, host, port, address, timeout):
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, timeout, allow_private=None):
    """POST ``body`` (bytes) to ``url``; ``(status, excerpt of the answer)``.

    Raises RefusedURL for a URL that may not receive webhooks, and OSError or
    http.client.HTTPException when the receiver cannot be reached or answered badly.
    """
    target = resolve(url, allow_private)
    connection_class = (
        _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    )
    last_error = None
    for address in target.addresses:
        connection = connection_class(target.host, target.port, address, timeout)
        try:
            connection.connect()
        except OSError as error:  # try the host's next address
            last_error = error
            connection.close()
            continue
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read(EXCERPT_BYTES)
        finally:
            connection.close()
    raise last_error or OSError(f"{target.host} has no address")


# -------------------------------------------------------------------- attempts


def backoff(failed_attempts, config=None):
    """How long to wait after the n-th failed attempt: 30 s, 60 s, 120 s…"""
    config = config or webhook_settings()
    return datetime.timedelta(
        seconds=config.backoff_seconds * 2 ** (failed_attempts - 1)
    )


def claim(delivery_id, now=None):
    """The delivery, held for this sender, if it is due and nobody holds it."""
    now = now or timezone.now()
    config = webhook_settings()
    lease = now + datetime.timedelta(seconds=4 * config.timeout + 60)
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=lease)
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)


def attempt(delivery):
    """Send a claimed delivery once and record what happened; never raises."""
    config = webhook_settings()
    subscription = delivery.subscription
    at = timezone.now()
    status_code, error = None, ""
    if not subscription.active:
        error = "the subscription is inactive"
    else:
        body = delivery.payload
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **signing.signed_headers(
                subscription.signing_secrets(at), delivery.message_id, at, body
            ),
        }
        try:
            status_code, excerpt = post(
                subscription.url,
                body.encode(),
                headers,
                config.timeout,
                config.allow_private_addresses,
            )
        except RefusedURL as refused:
            error = f"refused: {refused}"
        except TimeoutError:
            error = f"no answer within {config.timeout} s"
        except (OSError, http.client.HTTPException) as failure:
            error = f"{type(failure).__name__}: {failure}".rstrip(": ")
        except Exception as failure:  # a bug must not stop the other deliveries
            logger.exception("webhook delivery %s failed unexpectedly", delivery.pk)
            error = f"{type(failure).__name__}: {failure}"
        else:
            if not 200 <= status_code < 300:
                text = excerpt.decode("utf-8", "replace").strip()
                error = f"HTTP {status_code}" + (f": {text}" if text else "")
    _record(delivery, at, status_code, error, config)
    return delivery


def _record(delivery, at, status_code, error, config):
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.status_code = at, status_code
    delivery.last_error, delivery.claimed_until = error, None
    if not error:
        delivery.status, delivery.delivered_at = Status.DELIVERED, timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= config.max_attempts or not delivery.subscription.active:
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
    else:
        delivery.next_attempt_at = at + backoff(delivery.attempts, config)
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "status_code",
            "last_error",
            "claimed_until",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    log = logger.info if not error else logger.warning
    log(
        "webhook %s to %s: attempt %s, %s",
        delivery,
        delivery.subscription.url,
        delivery.attempts,
        error or f"HTTP {status_code}",
    )


def due(now=None):
    """Pending deliveries whose next attempt has come, oldest first."""
    now = now or timezone.now()
    return (
        WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
    )


def send_due(limit=None):
    """Attempt every due delivery once; returns how many were attempted."""
    ids = list(due().values_list("pk", flat=True)[:limit])
    sent = 0
    for delivery_id in ids:
        delivery = claim(delivery_id)
        if delivery is not None:
            attempt(delivery)
            sent += 1
    return sent


def resend(delivery, now=None):
    """Make a delivery due again now, with a fresh set of attempts."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.PENDING, attempts=0, next_attempt_at=now, claimed_until=None
    )
    delivery.refresh_from_db()
    return delivery
