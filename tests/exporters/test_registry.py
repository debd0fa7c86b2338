"""The registry: entry points, the allow-list, clashes, broken plugins, the check."""

from importlib.metadata import distributions

import pytest
from django.core.exceptions import ImproperlyConfigured

from exporters.checks import exporters_loaded
from exporters.registry import (
    ENTRY_POINT_GROUP,
    Registry,
    UnknownExporter,
    get_registry,
    reset_registry,
)
from tests.plugins.installing import write_dist_info


@pytest.fixture(autouse=True)
def fresh_registry():
    reset_registry()
    yield
    reset_registry()


def entry_points_in(folder):
    """The entry points of the distributions installed in ``folder`` only."""
    return [
        entry_point
        for dist in distributions(path=[str(folder)])
        for entry_point in dist.entry_points
        if entry_point.group == ENTRY_POINT_GROUP
    ]


def test_built_in_exporters_come_from_meridians_own_entry_points():
    registry = get_registry()
    assert {"leaflet-pdf", "rss", "atom", "json-feed"} <= set(registry.names())
    assert registry.origins["leaflet-pdf"].distribution == "meridian"


def test_all_is_sorted_by_name_and_get_returns_the_instance():
    registry = get_registry()
    names = [exporter.name for exporter in registry.all()]
    assert names == sorted(names)
    assert registry.get("leaflet-pdf").media_type == "application/pdf"


def test_unknown_exporter_is_a_key_error_with_a_clear_message():
    with pytest.raises(UnknownExporter) as raised:
        get_registry().get("fax")
    assert isinstance(raised.value, KeyError)
    assert str(raised.value).startswith("no exporter named 'fax'; available: ")
    assert "leaflet-pdf" in str(raised.value)


def test_for_resource_filters_by_resource_and_scope():
    registry = get_registry()
    items = registry.for_resource("conditions", scope="item")
    assert "leaflet-pdf" in [exporter.name for exporter in items]
    assert all(exporter.scope == "item" for exporter in items)
    assert registry.for_resource("symptoms", scope="item") == []


def test_allow_list_enables_only_the_named_exporters(settings):
    settings.MERIDIAN_EXPORTERS = ["leaflet-pdf"]
    registry = get_registry()
    assert registry.names() == ["leaflet-pdf"]
    assert "rss" in registry.installed  # installed, just not enabled
    with pytest.raises(UnknownExporter):
        registry.get("rss")


def test_two_exporters_with_one_name_stop_start_up_naming_both(tmp_path):
    write_dist_info(
        tmp_path, "clinic-leaflets", "1.0",
        {ENTRY_POINT_GROUP: {"leaflet-pdf": "clinic_leaflets:Leaflet"}},
    )  # fmt: skip
    found = entry_points_in(tmp_path) + list(get_registry_entry_points())
    with pytest.raises(ImproperlyConfigured) as raised:
        Registry.from_entry_points(found)
    message = str(raised.value)
    assert "two installed exporters are named 'leaflet-pdf'" in message
    assert "clinic-leaflets 1.0" in message and "meridian" in message


def test_a_clash_left_out_of_the_allow_list_is_not_an_error(tmp_path):
    write_dist_info(
        tmp_path, "clinic-leaflets", "1.0",
        {ENTRY_POINT_GROUP: {"leaflet-pdf": "clinic_leaflets:Leaflet"}},
    )  # fmt: skip
    found = entry_points_in(tmp_path) + list(get_registry_entry_points())
    registry = Registry.from_entry_points(found, allowed=["rss"])
    assert registry.names() == ["rss"]


def test_an_entry_point_that_fails_to_import_is_named_in_the_error(tmp_path):
    write_dist_info(
        tmp_path, "meridian-broken", "0.1",
        {ENTRY_POINT_GROUP: {"broken": "no_such_module_here:Exporter"}},
    )  # fmt: skip
    with pytest.raises(ImproperlyConfigured) as raised:
        Registry.from_entry_points(entry_points_in(tmp_path))
    message = str(raised.value)
    assert "exporter entry point 'broken' from meridian-broken" in message
    assert "no_such_module_here" in message


def test_an_entry_point_whose_name_differs_from_the_exporter_is_refused(tmp_path):
    write_dist_info(
        tmp_path, "meridian-misnamed", "0.1",
        {ENTRY_POINT_GROUP: {"pdf": "exporters.leaflet.exporter:LeafletExporter"}},
    )  # fmt: skip
    with pytest.raises(ImproperlyConfigured, match="names must match"):
        Registry.from_entry_points(entry_points_in(tmp_path))


def test_system_check_reports_what_is_loaded():
    (info,) = exporters_loaded()
    assert info.id == "exporters.I001"
    assert "leaflet-pdf [meridian]" in info.msg


def test_system_check_warns_about_allow_listed_names_not_installed(settings):
    settings.MERIDIAN_EXPORTERS = ["leaflet-pdf", "fax"]
    messages = exporters_loaded()
    assert [m.id for m in messages] == ["exporters.I001", "exporters.W001"]
    assert "fax" in messages[1].msg


def get_registry_entry_points():
    from importlib.metadata import entry_points

    return entry_points(group=ENTRY_POINT_GROUP)


def test_the_exporter_core_imports_nothing_from_content_models():
    """Plugins and content_models build on the core; the core needs neither."""
    import subprocess
    import sys

    code = (
        "import sys, exporters.base, exporters.registry, exporters.store, "
        "exporters.checks; "
        "print(sorted(m for m in sys.modules if m.startswith('content_models')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
