"""docs/exporters.md documents every part of the exporter contract, and the built-ins
as they are declared and laid out."""

import tomllib
from pathlib import Path

import exporters
from exporters.base import ExportContext, Exporter
from exporters.registry import ENTRY_POINT_GROUP

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "exporters.md"
BUILT_IN_PACKAGES = ("feeds", "leaflet")


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


def test_built_in_entry_points_are_documented_as_pyproject_declares_them():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["entry-points"][ENTRY_POINT_GROUP]
    text = DOCS.read_text()
    missing = [
        f'{name} = "{target}"'
        for name, target in declared.items()
        if f'{name} = "{target}"' not in text
    ]
    assert missing == []


def test_every_module_of_the_built_in_packages_is_in_the_documented_layout():
    text = DOCS.read_text()
    package_dir = Path(exporters.__file__).parent
    modules = [
        path.name
        for package in BUILT_IN_PACKAGES
        for path in sorted((package_dir / package).glob("*.py"))
        if path.name != "__init__.py"
    ]
    assert modules and [name for name in modules if name not in text] == []
