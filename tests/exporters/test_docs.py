"""docs/exporters.md documents every part of the exporter contract."""

from pathlib import Path

from exporters.base import ExportContext, Exporter

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exporters.md"


def test_every_attribute_and_method_of_the_contract_is_documented():
    text = DOCS.read_text()
    public = [
        name
        for name in vars(Exporter)
        if not name.startswith("_") and name not in ("ITEM", "COLLECTION")
    ]
    missing = [name for name in public if f"`{name}" not in text]
    assert missing == []


def test_every_field_of_the_export_context_is_documented():
    text = DOCS.read_text()
    missing = [
        name for name in ExportContext.__dataclass_fields__ if f"`{name}`" not in text
    ]
    assert missing == []
