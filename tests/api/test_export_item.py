"""GET /api/v1/exporters/ and GET /api/v1/{resource}/{slug}/export/{exporter}/."""

import pytest
import yaml

from tests.factories import make_condition, make_symptom

LEAFLET = "/api/v1/conditions/{}/export/leaflet-pdf/"


def test_exporters_are_listed_with_what_they_accept(client, db):
    body = client.get("/api/v1/exporters/").json()
    leaflet = next(e for e in body["results"] if e["name"] == "leaflet-pdf")
    assert leaflet == {
        "name": "leaflet-pdf",
        "label": "Leaflet (PDF)",
        "media_type": "application/pdf",
        "extension": "pdf",
        "scope": "item",
        "resources": ["conditions", "treatments", "case-studies"],
        "version": leaflet["version"],
    }
    assert body["count"] == len(body["results"])
    assert [e["name"] for e in body["results"]] == sorted(
        e["name"] for e in body["results"]
    )


def test_leaflet_of_a_condition_is_a_pdf_named_after_its_slug(client, site_tree):
    make_condition(slug="gout", title="Gout")
    response = client.get(LEAFLET.format("gout"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'inline; filename="gout.pdf"'
    assert response["ETag"] and response["Last-Modified"]


def test_download_parameter_makes_an_attachment_named_by_options(client, site_tree):
    make_condition(slug="gout")
    response = client.get(
        LEAFLET.format("gout") + "?paper=a5&large_print=true&download=true"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="gout-a5-large-print.pdf"'
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/conditions/gout/export/fax/", "no exporter named 'fax'"),
        (
            "/api/v1/symptoms/gout/export/leaflet-pdf/",
            "exporter 'leaflet-pdf' does not export symptoms",
        ),
        ("/api/v1/recipes/gout/export/leaflet-pdf/", "unknown resource 'recipes'"),
        (
            "/api/v1/conditions/nothing-here/export/leaflet-pdf/",
            "no published conditions with slug 'nothing-here'",
        ),
    ],
)
def test_unknown_things_are_404_with_a_json_message(client, site_tree, url, message):
    make_condition(slug="gout")
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["detail"]


def test_collection_exporter_is_not_an_item_export(client, site_tree):
    make_condition(slug="gout")
    response = client.get("/api/v1/conditions/gout/export/rss/")
    assert response.status_code == 404
    assert "does not export conditions as item" in response.json()["detail"]


def test_bad_option_is_a_400_with_a_json_message(client, site_tree):
    make_condition(slug="gout")
    response = client.get(LEAFLET.format("gout") + "?paper=letter")
    assert response.status_code == 400
    assert response.json() == {"detail": "paper must be a4 or a5, not 'letter'"}


def test_matching_etag_is_a_304_without_a_body(client, site_tree):
    make_condition(slug="gout")
    first = client.get(LEAFLET.format("gout"))
    again = client.get(LEAFLET.format("gout"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_symptom_link_to_a_draft_symptom_is_not_printed(client, site_tree):
    from tests.exporters.leaflet_pdf import pdf_text

    make_condition(
        slug="gout",
        symptoms=[
            make_symptom(title="Swollen toe"),
            make_symptom(title="Secret draft sign", publish=False),
        ],
    )
    text = pdf_text(client.get(LEAFLET.format("gout")).content)
    assert "Swollen toe" in text
    assert "Secret draft sign" not in text


def test_leaflets_are_throttled_like_every_api_route(client, site_tree, settings):
    make_condition(slug="gout")
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "2/minute"}

    responses = [client.get(LEAFLET.format("gout")) for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 429, 429]
    assert responses[-1]["Content-Type"] == "application/json"
    assert "throttled" in responses[-1].json()["detail"].lower()


def test_download_takes_the_apis_one_boolean_syntax(client, site_tree):
    make_condition(slug="gout")
    attachment = client.get(LEAFLET.format("gout") + "?download=true")
    assert attachment["Content-Disposition"].startswith("attachment")
    refused = client.get(LEAFLET.format("gout") + "?download=yes")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"download": ["enter true or false"]}


def test_a_missing_leaflet_is_404_even_with_if_none_match_star(client, site_tree):
    response = client.get(LEAFLET.format("nope"), HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no published conditions")


def test_item_exports_and_the_exporter_list_are_in_the_schema(client, db):
    paths = yaml.safe_load(client.get("/api/v1/schema/").content)["paths"]
    assert "/api/v1/{resource}/{slug}/export/{exporter}/" in paths
    assert "/api/v1/exporters/" in paths
    responses = paths["/api/v1/{resource}/{slug}/export/{exporter}/"]["get"][
        "responses"
    ]
    assert {"200", "404", "409", "429"} <= set(responses)
