"""Placeholder, replaced by the feeds exporter: lets the registry load."""

from .base import Exporter


class JSONFeedExporter(Exporter):
    # Placeholder: replaced by the feeds exporter.
    name = "json-feed"
    label = "JSON Feed (not yet available)"
    scope = Exporter.COLLECTION
    resources = ("conditions", "treatments", "case-studies")
