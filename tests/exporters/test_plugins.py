"""Third-party plugins, installed as packages, appear with no change to Meridian."""

import pytest
from django.core.management import call_command

from exporters.registry import get_registry, reset_registry
from tests.factories import make_condition, make_symptom
from tests.plugins.installing import EXAMPLE_MARKDOWN, TEST_EXPORTER, installed


@pytest.fixture
def markdown_plugin():
    with installed(EXAMPLE_MARKDOWN) as name:
        reset_registry()
        yield name
    reset_registry()


@pytest.fixture
def codes_plugin():
    with installed(TEST_EXPORTER) as name:
        reset_registry()
        yield name
    reset_registry()


def test_example_markdown_plugin_is_found_through_its_entry_point(markdown_plugin):
    registry = get_registry()
    assert "markdown" in registry
    assert registry.origins["markdown"].distribution == "meridian-exporter-markdown"


def test_plugin_is_gone_once_uninstalled():
    with installed(EXAMPLE_MARKDOWN):
        reset_registry()
        assert "markdown" in get_registry()
    reset_registry()
    assert "markdown" not in get_registry()


def test_api_lists_the_installed_plugin(client, markdown_plugin):
    listing = client.get("/api/v1/exporters/").json()
    markdown = next(e for e in listing["results"] if e["name"] == "markdown")
    assert markdown == {
        "name": "markdown",
        "label": "Markdown",
        "media_type": "text/markdown; charset=utf-8",
        "extension": "md",
        "scope": "item",
        "resources": ["conditions"],
        "version": "0.1.0",
    }


def test_api_exports_a_condition_as_markdown(client, site_tree, markdown_plugin):
    make_condition(
        title="Gout",
        slug="gout",
        medical_term="Gouty arthritis",
        summary="Sudden, painful swelling of a joint.",
        symptoms=[make_symptom(title="Swollen big toe")],
        red_flags=[("red_flag", "you have a high temperature")],
    )
    response = client.get("/api/v1/conditions/gout/export/markdown/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# Gout\n")
    assert "*Medical name: Gouty arthritis*" in text
    assert "- Swollen big toe" in text
    assert "> - you have a high temperature" in text
    assert "Read online: http://testserver/conditions/gout/" in text


def test_plugin_refuses_resources_it_does_not_declare(
    client, site_tree, markdown_plugin
):
    response = client.get("/api/v1/treatments/anything/export/markdown/")
    assert response.status_code == 404
    assert "does not export treatments" in response.json()["detail"]


def test_command_exports_with_a_test_plugin(site_tree, codes_plugin, tmp_path):
    make_condition(slug="gout", codes=[("icd-10", "M10.0")])
    call_command("export", "codes-csv", "--slug", "gout", "--output", str(tmp_path),
                 verbosity=0)  # fmt: skip
    rows = (tmp_path / "gout.csv").read_text().splitlines()
    assert rows == ["condition,system,code,display", "gout,icd-10,M10.0,"]
