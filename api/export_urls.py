"""Routes for exports through the exporter registry (item and collection)."""

from django.urls import path

from .export_item import ExporterListView, ItemExportView

urlpatterns = [
    path("exporters/", ExporterListView.as_view(), name="exporters"),
    path(
        "<str:resource>/<slug:slug>/export/<str:exporter>/",
        ItemExportView.as_view(),
        name="export-item",
    ),
]
