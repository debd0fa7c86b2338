"""Admin registrations: licences as snippets, and the admin's page search scope."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .licenses import License


class LicenseViewSet(SnippetViewSet):
    model = License
    icon = "copy"
    menu_label = "Licences"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["short_name", "spdx_id", "attribution_required"]
    search_fields = ["short_name", "name", "spdx_id"]


register_snippet(LicenseViewSet)
