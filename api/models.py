"""State the API keeps: a counter that moves whenever cached responses go stale."""

from django.db import models
from django.db.models import F
from django.utils import timezone


class ContentGeneration(models.Model):
    """One row; ``value`` grows on every change that the page table does not show.

    ``api.caching`` folds it into every ETag, so a changed image credit or licence
    invalidates clients' copies on every process at once.
    """

    SINGLETON = 1

    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"content generation {self.value}"

    @classmethod
    def bump(cls):
        now = timezone.now()
        updated = cls.objects.filter(pk=cls.SINGLETON).update(
            value=F("value") + 1, changed_at=now
        )
        if not updated:
            cls.objects.get_or_create(
                pk=cls.SINGLETON, defaults={"value": 1, "changed_at": now}
            )
