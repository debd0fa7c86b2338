"""Leaflet editions: the version number a clinic sees on a printed leaflet.

    >>> LeafletEdition.objects.for_content(page, fingerprint).number
    1

The first print of a page is version 1; the number goes up only when what the leaflet
shows changes (``LeafletExporter.words_fingerprint``), never for a publish that leaves
the printed words alone. Printing the same words again, in any paper size, finds the
same edition; so does going back to earlier words.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone

# Two processes printing new content of one page at the same moment both ask for the
# next number; the unique constraints turn the loser's insert into a retry.
ATTEMPTS = 5


class LeafletEditionManager(models.Manager):
    def for_content(self, page, fingerprint):
        """The edition of ``page`` that prints ``fingerprint``, numbered if new."""
        for _ in range(ATTEMPTS):
            edition = self.printing(page, fingerprint)
            if edition is not None:
                return edition
            try:
                with transaction.atomic():  # a savepoint: a clash leaves no trace
                    return self.create(
                        page_id=page.pk,
                        number=self.next_number(page),
                        fingerprint=fingerprint,
                    )
            except IntegrityError:
                continue  # another process took these words or this number: read again
        raise RuntimeError(
            f"could not number a leaflet edition for page {page.pk} "
            f"after {ATTEMPTS} attempts"
        )

    def printing(self, page, fingerprint):
        return self.filter(page_id=page.pk, fingerprint=fingerprint).first()

    def next_number(self, page):
        last = self.filter(page_id=page.pk).aggregate(last=Max("number"))["last"]
        return (last or 0) + 1


class LeafletEdition(models.Model):
    """One printed content of a page's leaflet, and the number it is known by."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="leaflet_editions"
    )
    number = models.PositiveIntegerField()
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of what the leaflet shows."
    )
    first_printed_at = models.DateTimeField(default=timezone.now)

    objects = LeafletEditionManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "fingerprint"], name="leaflet_edition_unique_content"
            ),
            models.UniqueConstraint(
                fields=["page", "number"], name="leaflet_edition_unique_number"
            ),
        ]
        ordering = ["page", "number"]

    def __str__(self):
        return f"{self.page_id} version {self.number}"
