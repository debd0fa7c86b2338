"""Webhook subscriptions and the delivery log.

    subscription = WebhookSubscription.objects.create(
        url="https://partner.example/hooks", resources=["conditions"], kinds=["delete"]
    )
    subscription.wants("conditions", "delete")      # True
    subscription.deliveries.filter(status="failed")  # what to look at, and resend

A :class:`WebhookDelivery` is one publication event for one subscription: its JSON
body (kept, so a retry or a resend sends the same bytes under the same
``webhook-id``) and what happened to it: attempts, the last status code and error,
and when it is tried next.
"""

import datetime

from django.db import models, transaction
from django.utils import timezone

from content_models.publishing.models import PublicationEvent
from content_models.resources import RESOURCES

from . import signing
from .addresses import validate_webhook_url
from .conf import webhook_settings

RESOURCE_CHOICES = [(name, name) for name in RESOURCES.names()]
KIND_CHOICES = PublicationEvent.Kind.choices


class WebhookSubscription(models.Model):
    """A partner's endpoint, what it wants to hear about, and the secret that signs."""

    name = models.CharField(
        max_length=100, help_text="Who receives it, e.g. “Patient portal (staging)”."
    )
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="An http(s) URL on a public address; it receives a signed POST "
        "for every change.",
    )
    # Resource names (content_models.resources); empty means every resource.
    resources = models.JSONField(default=list, blank=True)
    # Event kinds (upsert, delete); empty means both.
    kinds = models.JSONField(default=list, blank=True)
    active = models.BooleanField(
        default=True, help_text="Inactive subscriptions receive nothing."
    )
    secret = models.CharField(max_length=100, editable=False)
    # Whether the secret has been shown to staff (it is shown once).
    secret_revealed = models.BooleanField(default=False, editable=False)
    # After a rotation the previous secret still signs, until this moment.
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook subscription"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = signing.new_secret()
        super().save(*args, **kwargs)

    def wants(self, resource, kind):
        return (not self.resources or resource in self.resources) and (
            not self.kinds or kind in self.kinds
        )

    @property
    def masked_secret(self):
        return signing.masked(self.secret)

    def signing_secrets(self, now=None):
        """The current secret, and the previous one during its grace period."""
        now = now or timezone.now()
        keys = [self.secret]
        if (
            self.previous_secret
            and self.previous_secret_until
            and (self.previous_secret_until > now)
        ):
            keys.append(self.previous_secret)
        return keys

    def reveal_secret(self):
        """The secret, the first time only (for any number of processes); else None."""
        first = WebhookSubscription.objects.filter(
            pk=self.pk, secret_revealed=False
        ).update(secret_revealed=True)
        self.secret_revealed = True
        return self.secret if first else None

    def rotate_secret(self, now=None):
        """A new secret (to be shown once); the old one signs for a grace period."""
        now = now or timezone.now()
        grace = datetime.timedelta(seconds=webhook_settings().rotation_grace_seconds)
        with transaction.atomic():
            self.previous_secret, self.previous_secret_until = self.secret, now + grace
            self.secret, self.secret_revealed = signing.new_secret(), False
            self.save(
                update_fields=[
                    "secret",
                    "secret_revealed",
                    "previous_secret",
                    "previous_secret_until",
                ]
            )


class WebhookDelivery(models.Model):
    """One publication event for one subscription: the body, and its delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The publication event's sequence number (PublicationEvent.id).
    sequence = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    resource = models.CharField(max_length=40)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    message_id = models.CharField("webhook-id", max_length=40, unique=True)
    payload = models.TextField(
        help_text="The JSON body, sent as it is on every attempt."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Attempts since the delivery was created or last resent.
    attempts = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # A sender holds the delivery until then, so two workers never send it at once.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        # Written by the sender only: staff look, and resend.
        default_permissions = ("view",)
        permissions = [("resend_webhookdelivery", "Can resend webhook deliveries")]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "sequence"], name="webhook_delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.kind} {self.resource}/{self.slug}"
