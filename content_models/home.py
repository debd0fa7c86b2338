"""The root of the clinic's tree: Home → Conditions / Symptoms / Treatments / Case studies."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .reference_pages import ReferenceHome


class HomePage(ReferenceHome, Page):
    intro = models.TextField(blank=True, help_text="A line about the clinic.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content_models.ConditionIndexPage",
        "content_models.SymptomIndexPage",
        "content_models.TreatmentIndexPage",
        "content_models.CaseStudyIndexPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = self.get_children().live().public()
        return context
