"""Symptoms: reusable pages that conditions list in order, each with its own note."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from .folders import FolderPage
from .panels import ReadabilityPanel
from .partner_preview import PartnerPreviewMixin
from .readability import ReadableContent
from .reference_pages import ReferenceItem


class SymptomIndexPage(FolderPage):
    """The folder that holds every symptom."""

    subpage_types = ["content_models.SymptomPage"]


class SymptomPage(ReferenceItem, PartnerPreviewMixin, ReadableContent, Page):
    """A symptom such as 'Lower back pain', shared by every condition that has it."""

    description = models.TextField(
        blank=True,
        help_text="What the patient notices, in plain words (one or two sentences).",
    )
    body_location = models.CharField(
        max_length=100,
        blank=True,
        help_text="Where in the body, e.g. 'lower back', 'leg', 'buttock'.",
    )
    is_red_flag = models.BooleanField(
        "red flag",
        default=False,
        help_text="Tick if this symptom on its own means the patient needs urgent help.",
    )

    content_panels = Page.content_panels + [
        ReadabilityPanel(heading="Reading age"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("body_location"), FieldPanel("is_red_flag")],
            heading="Clinical",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("body_location"),
        index.FilterField("is_red_flag"),
    ]
    api_fields = ["description", "body_location", "is_red_flag"]

    parent_page_types = ["content_models.SymptomIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "symptom"

    def clean(self):
        super().clean()
        self.update_readability()

    def patient_text(self):
        return [self.description]
