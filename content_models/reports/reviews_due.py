"""The "Reviews due" report and the clinical reviewers' dashboard panel.

    pages_due_for_review(pages)   # annotated with review_due, reviewer, review_status…
    ReviewsDuePanel.is_shown_to(user)

Lists the pages with review metadata (conditions, treatments, case studies) whose
next review date has passed (overdue) or falls within ``governance.due_soon_days()``
(due soon), and those with no review date at all (never signed off).
"""

import datetime

import django_filters
from django.db.models import Case, Count, F, Q, TextChoices, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import capfirst
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import (
    Column,
    LiveStatusTagColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, get_page_models
from wagtail.permissions import policy_registry

from .. import governance
from ..groups import CLINICAL_REVIEWERS
from ..resources import resource_name
from ..review import ReviewedContent
from .base import ReportMixin, ReportViewSet

# Conditions, treatments and case studies: every page type with review metadata.
REVIEWED_PAGE_MODELS = tuple(
    sorted(
        (model for model in get_page_models() if issubclass(model, ReviewedContent)),
        key=lambda model: model._meta.verbose_name,
    )
)


class ReviewStatus(TextChoices):
    # "Overdue" means a review date has passed, as in the API and the channels that
    # withhold overdue pages; a page with no date is not overdue but never reviewed.
    NOT_REVIEWED = "not-reviewed", "Not reviewed"
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due-soon", "Due soon"


def _review_field(name):
    """One review field of whichever reviewed page type a Page row is."""
    return Coalesce(*(f"{m._meta.model_name}__{name}" for m in REVIEWED_PAGE_MODELS))


def pages_due_for_review(pages=None):
    """Reviewed pages not reviewed, overdue or due soon: undated first, then soonest.

    ``pages`` narrows the search (e.g. to the pages a user may edit). Each page is
    annotated with ``review_due``, ``last_review``, ``reviewer`` and ``review_status``.
    """
    day = governance.today()
    horizon = day + datetime.timedelta(days=governance.due_soon_days())
    pages = Page.objects.all() if pages is None else pages
    return (
        pages.type(*REVIEWED_PAGE_MODELS)
        .annotate(
            review_due=_review_field("next_review_due"),
            last_review=_review_field("last_reviewed"),
            reviewer=_review_field("reviewed_by_name"),
        )
        .filter(Q(review_due__isnull=True) | Q(review_due__lte=horizon))
        .annotate(
            review_status=Case(
                When(
                    review_due__isnull=True,
                    then=Value(ReviewStatus.NOT_REVIEWED.value),
                ),
                When(review_due__lt=day, then=Value(ReviewStatus.OVERDUE.value)),
                default=Value(ReviewStatus.DUE_SOON.value),
            )
        )
        .order_by(F("review_due").asc(nulls_first=True), "title", "pk")
    )


def pages_user_may_review(user):
    """The pages ``user`` may edit or publish, the scope of both report and panel."""
    policy = policy_registry.get_by_type(Page)
    return policy.instances_user_has_any_permission_for(user, ["change", "publish"])


def reviewer_choices():
    names = (
        pages_due_for_review()
        .exclude(reviewer="")
        .order_by("reviewer")
        .values_list("reviewer", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


class ReviewsDueFilterSet(WagtailFilterSet):
    page_type = django_filters.ChoiceFilter(
        label="Type",
        empty_label="All types",
        choices=[
            (resource_name(m), capfirst(m._meta.verbose_name))
            for m in REVIEWED_PAGE_MODELS
        ],
        method="filter_page_type",
    )
    reviewer = django_filters.ChoiceFilter(
        label="Reviewer", empty_label="Anyone", choices=reviewer_choices
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        empty_label="Any",
        field_name="review_status",
        choices=ReviewStatus.choices,
    )

    class Meta:
        model = Page
        fields = []

    def filter_page_type(self, queryset, name, value):
        model = next(m for m in REVIEWED_PAGE_MODELS if resource_name(m) == value)
        return queryset.exact_type(model)


class ReviewsDueView(ReportMixin, PageReportView):
    page_title = "Reviews due"
    header_icon = "date"
    export_name = "reviews-due"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    filterset_class = ReviewsDueFilterSet
    any_permission_required = ["add", "change", "publish"]
    columns = [
        TitleColumn(
            "title",
            label="Title",
            accessor="get_admin_display_title",
            url_name="wagtailadmin_pages:edit",
        ),
        Column("page_type", label="Type"),
        Column("last_review", label="Last reviewed"),
        Column(
            "review_due",
            label="Next review due",
            accessor=lambda page: page.review_due or "Not set",
        ),
        Column("reviewer", label="Reviewer"),
        StatusTagColumn(
            "review_status_label",
            label="Status",
            primary=lambda page: page.review_status != ReviewStatus.DUE_SOON,
        ),
        LiveStatusTagColumn(label="Live or draft", sort_key=None),
    ]
    list_export = [
        "title",
        "page_type",
        "last_review",
        "review_due",
        "reviewer",
        "review_status_label",
        "status_string",
    ]
    export_headings = {
        "title": "Title",
        "page_type": "Type",
        "last_review": "Last reviewed",
        "review_due": "Next review due",
        "reviewer": "Reviewer",
        "review_status_label": "Status",
        "status_string": "Live or draft",
    }

    @property
    def description(self):
        return (
            "Conditions, treatments and case studies whose next review date has "
            f"passed (overdue) or falls within the next {governance.due_soon_days()} "
            "days (due soon). A page with no next review date has never been "
            "signed off: it is listed first, as not reviewed."
        )

    def get_base_queryset(self):
        pages = pages_due_for_review(pages_user_may_review(self.request.user))
        # Both feed status_string ("live", "draft", "in moderation"…) without a query
        # per row.
        return pages.annotate_approved_schedule().prefetch_workflow_states()

    def decorate_paginated_queryset(self, pages):
        for page in pages:
            page.page_type = capfirst(page.specific_class._meta.verbose_name)
            page.review_status_label = ReviewStatus(page.review_status).label
        return pages


class ReviewsDuePanel(Component):
    """Dashboard panel: how many pages are overdue or never reviewed, and the next
    five coming due."""

    name = "reviews_due"
    template_name = "content_models/reports/reviews_due_panel.html"
    order = 120
    upcoming_count = 5

    @staticmethod
    def is_shown_to(user):
        in_group = user.groups.filter(name=CLINICAL_REVIEWERS).exists()
        return (user.is_superuser or in_group) and ReviewsDueView.user_may_view(user)

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        pages = pages_due_for_review(pages_user_may_review(request.user))
        counts = pages.aggregate(
            overdue=Count("pk", filter=Q(review_status=ReviewStatus.OVERDUE)),
            not_reviewed=Count("pk", filter=Q(review_status=ReviewStatus.NOT_REVIEWED)),
        )
        report_url = reverse(reviews_due_viewset.get_url_name("index"))
        return {
            "overdue_count": counts["overdue"],
            "not_reviewed_count": counts["not_reviewed"],
            "upcoming": pages.filter(review_status=ReviewStatus.DUE_SOON)[
                : self.upcoming_count
            ],
            "due_soon_days": governance.due_soon_days(),
            "report_url": report_url,
            "overdue_url": f"{report_url}?status={ReviewStatus.OVERDUE}",
            "not_reviewed_url": f"{report_url}?status={ReviewStatus.NOT_REVIEWED}",
        }


# In the Reports menu after Wagtail's own reports (orders 700–1300).
reviews_due_viewset = ReportViewSet(
    "reviews-due",
    view_class=ReviewsDueView,
    menu_label="Reviews due",
    icon="date",
    menu_order=1400,
)
