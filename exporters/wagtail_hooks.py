"""Admin: download a published page's exports (e.g. "Leaflet (PDF)") from its editor.

Each enabled item exporter that accepts the page's resource adds an item to the
editor's action menu, linking to ``/admin/exporters/page/<id>/<exporter>/``. That view
serves the *published* page through the export store, exactly as the API does; the
preview modes (``content_models.export_preview``) show unsaved changes.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page

from content_models.resources import resource_name

from .base import Exporter
from .exports import ItemNotFound, export_item, find_item
from .registry import UnknownExporter, get_registry


def download_export(request, page_id, exporter):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    resource = resource_name(page)
    try:
        exporter = get_registry().get_for(exporter, resource, Exporter.ITEM)
    except UnknownExporter as missing:
        raise Http404(str(missing)) from None
    try:
        refusal = page.export_refusal(exporter)
        if refusal:
            raise ItemNotFound(refusal)
        if not page.live:
            raise ItemNotFound(
                f"'{page.title}' is not published; its preview shows the draft's "
                f"{exporter.label}."
            )
        item = find_item(exporter, resource, page.slug)
    except ItemNotFound as missing:  # withheld, expired, restricted…
        messages.error(request, str(missing))
        return redirect("wagtailadmin_pages:edit", page.pk)
    options = exporter.clean_options({})
    exported = export_item(exporter, resource, item.specific, options)
    response = HttpResponse(exported.content, content_type=exporter.media_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@hooks.register("register_admin_urls")
def export_urls():
    return [
        path(
            "exporters/page/<int:page_id>/<str:exporter>/",
            download_export,
            name="exporters_download",
        )
    ]


class ExportMenuItem(ActionMenuItem):
    """'Leaflet (PDF)' and the like, on the edit view of pages that can export."""

    icon_name = "download"

    def __init__(self, exporter, order):
        super().__init__(order=order)
        self.exporter = exporter
        self.label = exporter.label
        self.name = f"action-export-{exporter.name}"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and page.live
            and self.exporter.accepts(resource_name(page))
            # e.g. no leaflet of a case study the patient did not agree to print
            and not page.export_refusal(self.exporter)
        )

    def get_url(self, parent_context):
        return reverse(
            "exporters_download", args=[parent_context["page"].pk, self.exporter.name]
        )


@hooks.register("construct_page_action_menu")
def add_export_items(menu_items, request, context):
    page = context.get("page")
    resource = resource_name(page)
    if not resource:
        return
    for position, exporter in enumerate(
        get_registry().for_resource(resource, Exporter.ITEM)
    ):
        item = ExportMenuItem(exporter, order=900 + position)
        if item.is_shown(context):
            menu_items.append(item)
