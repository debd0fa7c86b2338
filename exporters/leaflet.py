"""Printed patient leaflets (PDF) for conditions, treatments and case studies."""

from .base import Exporter


class LeafletExporter(Exporter):
    name = "leaflet-pdf"
    label = "Leaflet (PDF)"
    media_type = "application/pdf"
    extension = "pdf"
    scope = Exporter.ITEM
    resources = ("conditions", "treatments", "case-studies")
    version = "1"
