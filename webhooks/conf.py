"""The ``MERIDIAN_WEBHOOKS`` setting, with its defaults in one place.

    >>> webhook_settings().timeout
    5

Any key left out of ``MERIDIAN_WEBHOOKS`` takes its default from :data:`DEFAULTS`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    # Send to hosts that resolve to private, loopback, link-local or reserved
    # addresses (tests and closed networks only).
    "ALLOW_PRIVATE_ADDRESSES": False,
    # Seconds to connect, and for each read of the answer.
    "TIMEOUT": 5,
    # Attempts per delivery before it is marked failed (a resend starts again).
    "MAX_ATTEMPTS": 6,
    # The wait after the first failed attempt; it doubles after each further one.
    "BACKOFF_SECONDS": 30,
    # How long the previous secret still signs after a rotation (seconds).
    "ROTATION_GRACE_SECONDS": 24 * 3600,
    # The TASKS alias deliveries are queued on. A backend that runs tasks inline
    # (the immediate one) is never used from the publishing path: see ``dispatch``.
    "TASK_BACKEND": "default",
}


@dataclass(frozen=True)
class WebhookSettings:
    allow_private_addresses: bool
    timeout: float
    max_attempts: int
    backoff_seconds: float
    rotation_grace_seconds: float
    task_backend: str


def webhook_settings():
    configured = getattr(settings, "MERIDIAN_WEBHOOKS", None) or {}
    unknown = set(configured) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(
            f"unknown MERIDIAN_WEBHOOKS keys: {', '.join(sorted(unknown))}"
        )
    values = {**DEFAULTS, **configured}
    return WebhookSettings(**{key.lower(): value for key, value in values.items()})
