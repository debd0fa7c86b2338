"""The "Broken links" report: pages whose latest revision links to no public page.

    pages_with_broken_links(pages)   # {page id: {field label: [BrokenLink]}}

A link in rich text is broken when its id is malformed, names no page, or names a
page that is not published (``internal_links``). Readers see such a link as plain
text; this report lists each page with its broken links, so editors can fix them.
Only the latest revisions that hold an internal link at all are read.
"""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, TitleColumn
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from ..internal_links import broken_links_of_revisions, describe_broken_links
from ..resources import RESOURCES
from .base import ReportMixin, ReportViewSet


def pages_with_broken_links(pages=None):
    """``{page id: {field label: [BrokenLink]}}`` for the pages (all by default)
    whose latest revision has a broken internal link in a published rich-text field."""
    pages = Page.objects.all() if pages is None else pages
    models = [resource.model for resource in RESOURCES if resource.rich_text_fields]
    revisions = Revision.page_revisions.filter(
        id__in=pages.type(*models).values("latest_revision_id"),
        content__icontains="linktype",
    ).only("object_id", "content_type_id", "content")
    return broken_links_of_revisions(revisions.iterator(chunk_size=500))


class BrokenLinksView(ReportMixin, PageReportView):
    page_title = "Broken links"
    header_icon = "link"
    export_name = "broken-links"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    any_permission_required = ["add", "change", "publish"]
    description = (
        "Pages whose latest version has links that lead nowhere: to a page that is "
        "not published, to a page that no longer exists, or with a page id that is "
        "not valid (from an import, for example). Readers see the linked words as "
        "plain text. Link them to a published page, publish the page they point to, "
        "or remove the link."
    )
    columns = [
        TitleColumn(
            "title",
            label="Title",
            accessor="get_admin_display_title",
            url_name="wagtailadmin_pages:edit",
        ),
        Column("page_type", label="Type"),
        Column("broken_links_text", label="Broken links"),
        LiveStatusTagColumn(label="Live or draft", sort_key=None),
    ]
    list_export = ["title", "page_type", "broken_links_text", "status_string"]
    export_headings = {
        "title": "Title",
        "page_type": "Type",
        "broken_links_text": "Broken links",
        "status_string": "Live or draft",
    }

    def get_base_queryset(self):
        policy = policy_registry.get_by_type(Page)
        pages = policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "publish"]
        )
        self.broken_links = pages_with_broken_links(pages)
        return (
            Page.objects.filter(pk__in=self.broken_links)
            .order_by("title", "pk")
            .annotate_approved_schedule()
            .prefetch_workflow_states()
        )

    def decorate_paginated_queryset(self, pages):
        for page in pages:
            page.page_type = capfirst(page.specific_class._meta.verbose_name)
            page.broken_links_text = describe_broken_links(
                self.broken_links.get(page.pk, {})
            )
        return pages


# In the Reports menu after Wagtail's own reports and the governance reports.
broken_links_viewset = ReportViewSet(
    "broken-links",
    view_class=BrokenLinksView,
    menu_label="Broken links",
    icon="link",
    menu_order=1600,
)
