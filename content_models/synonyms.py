"""Other names patients search for, shared by conditions and treatments."""

from django.db import models


class AlsoCalled(models.Model):
    also_called = models.TextField(
        blank=True, help_text="Other names patients search for, one per line."
    )

    class Meta:
        abstract = True

    @property
    def synonyms(self):
        return [line.strip() for line in self.also_called.splitlines() if line.strip()]
