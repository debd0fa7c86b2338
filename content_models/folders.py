"""Folder pages: Home's four children, each holding one kind of page.

    class ConditionIndexPage(FolderPage):
        resource = "conditions"
        subpage_types = ["content_models.ConditionPage"]

A folder lists its public entries (the shared public queryset for ``resource``) and
exists once.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class FolderPage(Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    resource = ""  # key of content_models.public.PUBLIC_QUERYSETS
    parent_page_types = ["content_models.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from .public import PUBLIC_QUERYSETS

        context = super().get_context(request, *args, **kwargs)
        entries = PUBLIC_QUERYSETS[self.resource]().child_of(self)
        context["entries"] = entries.order_by("title")
        return context
