"""Symptoms: reusable pages that conditions list in order, each with its own note."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index


class SymptomIndexPage(Page):
    """The folder that holds every symptom."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["content_models.HomePage"]
    subpage_types = ["content_models.SymptomPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .public import public_symptoms

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = public_symptoms().child_of(self).order_by("title")
        return context


class SymptomPage(Page):
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
