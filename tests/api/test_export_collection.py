"""GET /api/v1/{resource}/export/{exporter}/ — feeds over HTTP, as subscribers see them."""

import json

import feedparser
import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.conditions import ConditionPage
from tests.exporters.feed_support import clinic  # noqa: F401
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_linked_conditions,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.usefixtures("clinic")

MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json-feed": "application/feed+json; charset=utf-8",
}


def url(resource="conditions", exporter="atom"):
    return f"/api/v1/{resource}/export/{exporter}/"


def entry_titles(response):
    if response["Content-Type"].startswith("application/feed+json"):
        return [item["title"] for item in json.loads(response.content)["items"]]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [entry.title for entry in parsed.entries]


@pytest.mark.parametrize("exporter", MEDIA_TYPES)
@pytest.mark.parametrize("resource", ["conditions", "treatments", "case-studies"])
def test_each_feed_is_served_with_its_media_type(client, exporter, resource):
    empty = client.get(url(resource, exporter))
    assert empty.status_code == 200
    assert empty["ETag"] and "Last-Modified" not in empty  # nothing published yet
    {
        "conditions": make_condition,
        "treatments": make_treatment,
        "case-studies": make_case_study,
    }[resource]()

    response = client.get(url(resource, exporter))

    assert response.status_code == 200
    assert response["Content-Type"] == MEDIA_TYPES[exporter]
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["ETag"] != empty["ETag"] and response["Last-Modified"]


@pytest.mark.parametrize("exporter", MEDIA_TYPES)
def test_self_link_is_the_requested_url(client, exporter):
    make_condition()

    response = client.get(url(exporter=exporter) + "?limit=5")

    assert b"http://testserver/api/v1/conditions/export/" in response.content
    assert b"?limit=5" in response.content


@pytest.mark.parametrize("exporter", MEDIA_TYPES)
def test_listing_filters_apply(client, exporter):
    back_pain = make_symptom(slug="lower-back-pain")
    make_condition(title="Sciatica", symptoms=[back_pain])
    make_condition(title="Gout", symptoms=[make_symptom()])

    response = client.get(url(exporter=exporter) + "?symptom=lower-back-pain")

    assert entry_titles(response) == ["Sciatica"]


def test_newest_first_unless_ordering_says_otherwise(client):
    make_condition(title="A older")
    make_condition(title="B newer")

    assert entry_titles(client.get(url())) == ["B newer", "A older"]
    assert entry_titles(client.get(url() + "?ordering=title")) == ["A older", "B newer"]


@pytest.mark.parametrize(
    "query", ["?limit=0", "?limit=201", "?limit=ten", "?limit=-1", "?colour=red"]
)
def test_bad_parameters_are_a_json_400(client, query):
    response = client.get(url() + query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_feed_reader_that_accepts_only_atom_gets_atom(client):
    response = client.get(url(), HTTP_ACCEPT="application/atom+xml")

    assert response.status_code == 200


def test_too_many_requests_from_one_client_are_a_429(client, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "2/minute"}

    responses = [client.get(url()) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 429]
    assert int(responses[-1]["Retry-After"]) > 0


def test_a_bad_filter_value_is_a_400(client):
    response = client.get(url() + "?updated_since=yesterday")

    assert response.status_code == 400
    assert "updated_since" in json.dumps(response.json())


@pytest.mark.parametrize(
    "path",
    [
        url("conditions", "no-such-feed"),
        url("conditions", "leaflet-pdf"),  # an item exporter
        url("symptoms", "rss"),  # feeds do not carry symptoms
        url("pets", "rss"),
    ],
)
def test_unknown_or_refused_exports_are_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("exporter", MEDIA_TYPES)
def test_case_studies_need_syndication_consent(client, exporter):
    make_case_study(title="Shared", consent=("web", "syndication"))
    make_case_study(title="Web only", consent=("web", "print"))
    make_case_study(title="Draft", consent=("web", "syndication"), publish=False)

    response = client.get(url("case-studies", exporter))

    assert entry_titles(response) == ["Shared"]


def test_matching_etag_or_date_gets_304_without_a_body(client):
    make_condition()
    first = client.get(url())

    by_etag = client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]


def test_etag_changes_when_a_page_is_published(client):
    condition = make_condition(title="Sciatica")
    before = client.get(url())["ETag"]

    condition = ConditionPage.objects.get(pk=condition.pk)
    condition.summary = "Updated."
    condition.save_revision().publish()
    response = client.get(url(), HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response["ETag"] != before


def test_etag_differs_between_filters_and_formats(client):
    make_condition()

    etags = {
        client.get(url(exporter="atom"))["ETag"],
        client.get(url(exporter="rss"))["ETag"],
        client.get(url(exporter="atom") + "?limit=5")["ETag"],
    }

    assert len(etags) == 3


@pytest.mark.parametrize("exporter", MEDIA_TYPES)
@pytest.mark.parametrize("count", [10, 100])
def test_query_count_is_the_same_for_10_and_100_entries(
    client, exporter, count, django_assert_num_queries
):
    make_linked_conditions(count)
    client.get(url(exporter=exporter))  # renditions made, site root paths cached
    with CaptureQueriesContext(connection) as two_entries:
        client.get(url(exporter=exporter) + "?limit=2")

    # The content fingerprint, the default site, the clinic settings, the pages, and
    # the feed's own (see tests/exporters/test_feeds_content.py): at most 16.
    assert len(two_entries) <= 16
    with django_assert_num_queries(len(two_entries)):
        response = client.get(url(exporter=exporter) + "?limit=100")

    assert len(entry_titles(response)) == count


def test_limit_defaults_to_50(client):
    make_linked_conditions(51)

    assert len(entry_titles(client.get(url()))) == 50


def test_feeds_are_listed_among_the_exporters(client):
    listed = {e["name"]: e for e in client.get("/api/v1/exporters/").json()["results"]}

    for name, media_type in MEDIA_TYPES.items():
        assert listed[name]["scope"] == "collection"
        assert listed[name]["media_type"] == media_type
        assert set(listed[name]["resources"]) == {
            "conditions",
            "treatments",
            "case-studies",
        }


@pytest.mark.parametrize("exporter", MEDIA_TYPES)
def test_export_command_writes_the_feed_to_a_file(exporter, tmp_path):
    make_condition(title="Sciatica")

    call_command(
        "export",
        exporter,
        "--resource",
        "conditions",
        "--all",
        "--output",
        str(tmp_path),
    )

    (written,) = tmp_path.iterdir()
    assert written.name.startswith("conditions.")
    assert b"Sciatica" in written.read_bytes()
    assert b"/api/v1/conditions/export/" in written.read_bytes()  # its self link


def test_api_index_links_to_each_feed_and_the_link_works(client):
    make_condition(title="Sciatica")

    index = client.get("/api/v1/").json()

    listed = {e["name"]: e for e in index["exporters"]}
    for exporter in MEDIA_TYPES:
        feed_url = listed[exporter]["urls"]["conditions"]
        assert feed_url == f"http://testserver/api/v1/conditions/export/{exporter}/"
        assert entry_titles(client.get(feed_url)) == ["Sciatica"]


def test_the_next_subscriber_gets_the_rendered_feed_from_the_cache(client):
    make_condition(title="Sciatica", hero_image=make_image())
    first = client.get(url())

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url())

    assert len(queries) <= 2  # the content fingerprint (and view restrictions)

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_publish_replaces_the_cached_feed(client):
    condition = make_condition(title="Sciatica")
    client.get(url())

    condition = ConditionPage.objects.get(pk=condition.pk)
    condition.title = "Sciatic pain"
    condition.save_revision().publish()

    assert entry_titles(client.get(url())) == ["Sciatic pain"]


def test_head_gives_the_headers_without_the_feed(client):
    make_condition()

    response = client.head(url())

    assert response.status_code == 200
    assert response["Content-Type"] == MEDIA_TYPES["atom"]
    assert response["ETag"]
    assert response.content == b""


def test_the_openapi_schema_documents_each_resources_feed_route(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)

    operation = schema["paths"]["/api/v1/conditions/export/{exporter}/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    # the listing's filters, the feed's limit with its bounds, and the orderings
    assert {"exporter", "symptom", "search", "limit", "ordering"} <= set(parameters)
    assert parameters["exporter"]["schema"]["enum"] == ["atom", "json-feed", "rss"]
    limit = parameters["limit"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 200, 50)
    assert "-updated" in parameters["ordering"]["schema"]["items"]["enum"]
    symptoms = schema["paths"]["/api/v1/symptoms/export/{exporter}/"]["get"]
    orderings = next(p for p in symptoms["parameters"] if p["name"] == "ordering")
    assert "last_reviewed" not in orderings["schema"]["items"]["enum"]
    media_types = set(operation["responses"]["200"]["content"])
    assert media_types == {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
    }


def test_limit_is_read_by_the_apis_one_parser(client):
    feed = client.get(url() + "?limit=500").json()
    listing = client.get("/api/v1/conditions/?limit=500").json()
    assert feed["detail"] == "invalid limit '500': a whole number from 1 to 200"
    assert listing["detail"] == "invalid limit '500': a whole number from 1 to 100"
    assert feed["errors"] == {"limit": ["a whole number from 1 to 200"]}
