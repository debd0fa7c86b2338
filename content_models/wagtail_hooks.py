"""Admin registrations: licences as snippets, the admin's page search scope, the
clinical governance reports and dashboard panel (``reports``), and the broken-links
report and save warning (``link_warnings``)."""

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

# Imported for the hooks they register: governance actions, the broken-link warning.
from . import admin_actions, link_warnings  # noqa: F401
from .licenses import License
from .reports import (
    ReviewsDuePanel,
    broken_links_viewset,
    image_licences_viewset,
    reviews_due_viewset,
)


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


@hooks.register("register_admin_viewset")
def register_broken_links_report():
    return broken_links_viewset


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    if ReviewsDuePanel.is_shown_to(request.user):
        panels.append(ReviewsDuePanel())
