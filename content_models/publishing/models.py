"""What the publication store keeps: representations, tombstones, events, dependencies.

    Publication.objects.get(page_id=sciatica.pk).body      # the JSON partners read
    PublicationEvent.objects.filter(resource="conditions").last().pk   # its sequence

Rows are keyed by page id but hold no foreign key to the page, so a tombstone outlives
the page it stood for (a deleted page is still reported gone).
"""

from django.db import models


class Publication(models.Model):
    """One item's public representations, or the tombstone of one that is gone."""

    class State(models.TextChoices):
        PENDING = "pending", "Never published yet"
        LIVE = "live", "Public"
        GONE = "gone", "Gone (tombstone)"

    class Reason(models.TextChoices):
        """Why an item left: never more than the public may know."""

        UNPUBLISHED = "unpublished"
        EXPIRED = "expired"
        RESTRICTED = "restricted"
        CONSENT_WITHDRAWN = "consent withdrawn"
        DELETED = "deleted"
        WITHHELD = "review overdue"

    page_id = models.PositiveBigIntegerField(primary_key=True)
    resource = models.CharField(max_length=40)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING
    )
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    # The detail as JSON, every field; the listing's default fields; JSON-LD.
    body = models.TextField(blank=True)
    compact = models.TextField(blank=True)
    jsonld = models.TextField(blank=True)
    etag = models.CharField(max_length=40, blank=True)
    jsonld_etag = models.CharField(max_length=40, blank=True)
    # The event that last changed this item (0 while pending), and when.
    sequence = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)
    # When the stored representation must be looked at again: now, after a write it
    # depends on; or the moment time alone changes it (an expiry, a review date).
    due_at = models.DateTimeField(null=True)
    # The settings and representation version it was rendered under.
    digest = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["resource", "due_at"], name="publication_due"),
            models.Index(fields=["due_at"], name="publication_any_due"),
            models.Index(fields=["resource", "slug"], name="publication_slug"),
            # The change feed reads items in the order they last changed.
            models.Index(fields=["sequence"], name="publication_sequence"),
            models.Index(fields=["resource", "sequence"], name="publication_changes"),
        ]

    def __str__(self):
        return f"{self.resource}/{self.slug} ({self.state})"

    @property
    def is_live(self):
        return self.state == self.State.LIVE


class PublicationEvent(models.Model):
    """One change to what is public; its id is the sequence number partners follow."""

    class Kind(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

    id = models.BigAutoField(primary_key=True)
    resource = models.CharField(max_length=40)
    page_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=255, allow_unicode=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=20, blank=True)
    etag = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["resource", "id"], name="event_resource")]

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.resource}/{self.slug}"


class PublicationDependency(models.Model):
    """``publication`` shows ``kind`` #``target``: a page, an image or a licence."""

    class Kind(models.TextChoices):
        PAGE = "page"
        IMAGE = "image"
        LICENSE = "license"

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="dependencies"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "kind", "target"], name="dependency_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "target"], name="dependency_target")]

    def __str__(self):
        return f"{self.publication_id} shows {self.kind} {self.target}"


class StoreState(models.Model):
    """One row: the settings digest the store was last rendered under, and how far
    tombstones have been pruned (a change-feed cursor before that is too old)."""

    SINGLETON = 1

    digest = models.CharField(max_length=40, blank=True)
    pruned_through = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"publication store at {self.digest or 'nothing yet'}"
