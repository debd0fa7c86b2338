"""Admin registrations: licences as snippets, the admin's page search scope, and the
clinical governance reports and dashboard panel (``reports``)."""

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_actions  # noqa: F401  (governance actions register their hooks)
from .licenses import License
from .reports import ReviewsDuePanel, image_licences_viewset, reviews_due_viewset


class LicenseViewSet(SnippetViewSet):
    model = License
    icon = "copy"
    menu_label = "Licences"
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "short_name",
        "spdx_id",
        BooleanColumn("attribution_required", label="Attribution required"),
        BooleanColumn("commercial_use_allowed", label="Commercial use"),
        BooleanColumn("derivatives_allowed", label="Derivatives"),
    ]
    search_fields = ["short_name", "name", "spdx_id"]


register_snippet(LicenseViewSet)


# Clinical governance: reports and the reviewers' dashboard panel -------------------


@hooks.register("register_admin_viewset")
def register_reviews_due_report():
    return reviews_due_viewset


@hooks.register("register_admin_viewset")
def register_image_licences_report():
    return image_licences_viewset


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    if ReviewsDuePanel.is_shown_to(request.user):
        panels.append(ReviewsDuePanel())
