"""Routes for exports through the exporter registry (item and collection)."""

from django.urls import path

from content_models.resources import RESOURCES

from .export_collection import OtherResourceExportView, collection_export_view_for
from .export_item import ExporterListView, ItemExportView

urlpatterns = [
    path("exporters/", ExporterListView.as_view(), name="exporters"),
    # Three segments, so they never meet the {resource}/{slug}/ routes. One route
    # per resource, so the schema shows each resource's filters; then any other.
    *(
        path(
            f"{resource.name}/export/<str:exporter>/",
            collection_export_view_for(resource).as_view(),
            name="export-collection",
        )
        for resource in RESOURCES
    ),
    path(
        "<str:resource>/export/<str:exporter>/",
        OtherResourceExportView.as_view(),
        name="export-collection",
    ),
    path(
        "<str:resource>/<slug:slug>/export/<str:exporter>/",
        ItemExportView.as_view(),
        name="export-item",
    ),
]
