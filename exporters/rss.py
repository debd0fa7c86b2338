"""Placeholder, replaced by the feeds exporter: lets the registry load."""

from .base import Exporter


class RSSExporter(Exporter):
    # Placeholder: replaced by the feeds exporter.
    name = "rss"
    label = "RSS (not yet available)"
    scope = Exporter.COLLECTION
    resources = ("conditions", "treatments", "case-studies")
