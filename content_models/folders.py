"""Folder pages: Home's four children, each holding one kind of page.

    class ConditionIndexPage(FolderPage):
        subpage_types = ["content_models.ConditionPage"]

A folder lists the public entries of the resource it holds (``content_models.resources``
names each resource's folder) and exists once.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .reference_pages import ReferenceFolder
from .resources import RESOURCES


class FolderPage(ReferenceFolder, Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["content_models.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from .public import public  # public.py imports the page modules

        context = super().get_context(request, *args, **kwargs)
        entries = public(RESOURCES.for_index(type(self))).child_of(self)
        context["entries"] = entries.order_by("title")
        return context
