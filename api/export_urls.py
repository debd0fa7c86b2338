"""Routes for exports through the exporter registry (item and collection)."""

from django.urls import path

from .export_collection import CollectionExportView
from .export_item import ExporterListView, ItemExportView

urlpatterns = [
    path("exporters/", ExporterListView.as_view(), name="exporters"),
    # Three segments, so it never meets the {resource}/{slug}/ routes.
    path(
        "<str:resource>/export/<str:exporter>/",
        CollectionExportView.as_view(),
        name="export-collection",
    ),
    path(
        "<str:resource>/<slug:slug>/export/<str:exporter>/",
        ItemExportView.as_view(),
        name="export-item",
    ),
]
