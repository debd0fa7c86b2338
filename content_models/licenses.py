"""Licences that images (and syndicated text) are published under.

The common Creative Commons licences are loaded by a data migration; staff can add more
as snippets. ``License.spdx_id`` is the stable key (``CC-BY-4.0``).
"""

from dataclasses import dataclass

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from .web_urls import WebURLField, web_url


class License(index.Indexed, models.Model):
    spdx_id = models.CharField(
        "SPDX id",
        max_length=64,
        unique=True,
        help_text="The licence's identifier on spdx.org, for example CC-BY-4.0. "
        "Use LicenseRef-… for licences that have no SPDX id.",
    )
    name = models.CharField(
        max_length=200, help_text="Full name, e.g. 'Attribution 4.0 International'."
    )
    short_name = models.CharField(
        max_length=64, help_text="Name shown in credit lines, e.g. 'CC BY 4.0'."
    )
    url = WebURLField("URL", blank=True, help_text="Where the licence text lives.")
    attribution_required = models.BooleanField(
        default=True, help_text="The creator and source must be credited."
    )
    commercial_use_allowed = models.BooleanField(default=True)
    derivatives_allowed = models.BooleanField(
        default=True, help_text="Cropped or edited versions may be published."
    )
    # When it was last edited: the Last-Modified of the API's licence list.
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("short_name"),
        FieldPanel("name"),
        FieldPanel("spdx_id"),
        FieldPanel("url"),
        MultiFieldPanel(
            [
                FieldPanel("attribution_required"),
                FieldPanel("commercial_use_allowed"),
                FieldPanel("derivatives_allowed"),
            ],
            heading="What the licence allows",
        ),
    ]
    search_fields = [
        index.SearchField("short_name"),
        index.SearchField("name"),
        index.AutocompleteField("short_name"),
        index.FilterField("spdx_id"),
    ]

    class Meta:
        ordering = ["short_name"]
        verbose_name = "licence"

    def __str__(self):
        return self.short_name


@dataclass(frozen=True)
class LicenseRef:
    """A licence as every channel names it — one shape for image credits, the text
    attribution and the licences listing::

        {"spdx_id": "CC-BY-4.0", "name": "Attribution 4.0 International",
         "short_name": "CC BY 4.0", "url": "https://creativecommons.org/…"}
    """

    spdx_id: str
    name: str
    short_name: str
    url: str | None

    @classmethod
    def of(cls, license):
        """The reference for a :class:`License` (already fetched), or None; its URL
        only if it is a web address."""
        if license is None:
            return None
        url = web_url(license.url) or None
        return cls(license.spdx_id, license.name, license.short_name, url)

    def as_dict(self):
        return {
            "spdx_id": self.spdx_id,
            "name": self.name,
            "short_name": self.short_name,
            "url": self.url,
        }
