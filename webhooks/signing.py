"""Signing secrets and the Standard Webhooks headers, through ``standardwebhooks``.

    secret = new_secret()                       # "whsec_" + base64 of 32 random bytes
    headers = signed_headers([secret], "msg_…", timezone.now(), body)
    Webhook(secret).verify(body, headers)       # what a receiver does

During a rotation the previous secret signs too: ``webhook-signature`` then carries
two space-separated ``v1,…`` signatures, and a receiver holding either one verifies.
"""

import base64
import secrets

from standardwebhooks import Webhook

PREFIX = "whsec_"


def new_secret():
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def masked(secret):
    """What the admin shows after the first time: enough to tell two secrets apart."""
    return f"{PREFIX}{'•' * 12}{secret[-4:]}" if secret else ""


def new_message_id():
    """A delivery's ``webhook-id``: the same for every attempt, so receivers dedupe."""
    return f"msg_{secrets.token_hex(16)}"


def signed_headers(signing_secrets, message_id, at, body):
    """The three Standard Webhooks headers for ``body`` (str) sent at ``at``."""
    signatures = [
        Webhook(secret).sign(message_id, at, body) for secret in signing_secrets
    ]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
