"""Placeholder, replaced by the feeds exporter: lets the registry load."""

from .base import Exporter


class AtomExporter(Exporter):
    # Placeholder: replaced by the feeds exporter.
    name = "atom"
    label = "Atom (not yet available)"
    scope = Exporter.COLLECTION
    resources = ("conditions", "treatments", "case-studies")
