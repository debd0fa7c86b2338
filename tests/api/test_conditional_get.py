"""ETag / Last-Modified / 304 / Cache-Control on every response, and CORS.

Details and listings are validated by the publication store (an item's own ETag, a
resource's last change); other routes by a hash of their body.
"""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from content_models.licenses import License
from tests.factories import make_condition

pytestmark = pytest.mark.django_db

CONTENT = [
    "/api/v1/conditions/",
    "/api/v1/conditions/?fields=*",
    "/api/v1/conditions/sciatica/",
    "/api/v1/symptoms/",
    "/api/v1/symptoms/leg-pain/",
    "/api/v1/treatments/",
    "/api/v1/treatments/acupuncture/",
    "/api/v1/case-studies/",
    "/api/v1/case-studies/mr-k/",
    "/api/v1/conditions/sciatica/?format=jsonld",
    "/api/v1/conditions/export/rss/",
    "/api/v1/conditions/sciatica/export/leaflet-pdf/",
]
# Their bodies are their validators; Last-Modified is when what they show last
# changed (licences, images) or, for what changes only with a deploy, server start.
OTHERS = [
    "/api/v1/",
    "/api/v1/licenses/",
    "/api/v1/exporters/",
    "/api/v1/schema/",
    "/api/v1/docs/",
]


@pytest.fixture
def image_path(sciatica):
    return f"/api/v1/images/{sciatica.image.pk}/"


@pytest.mark.parametrize("path", CONTENT + OTHERS)
def test_every_response_carries_validators_and_answers_304(api, sciatica, path):
    first = api.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"].startswith('"')
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = api.get(path, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert first.headers["Last-Modified"].endswith("GMT")
    since = api.get(path, **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


@pytest.mark.parametrize("path", CONTENT + OTHERS)
def test_if_match_that_does_not_match_is_a_json_412(api, sciatica, path):
    response = api.get(path, **{"If-Match": '"not-this-one"'})
    assert response.status_code == 412
    assert response.json()["detail"].startswith("precondition failed")


def test_image_detail_answers_304(api, image_path):
    etag = api.get(image_path).headers["ETag"]
    assert api.get(image_path, **{"If-None-Match": etag}).status_code == 304


def test_editing_a_licence_moves_the_licence_list_validators(api, sciatica):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    License.objects.update(updated_at=an_hour_ago)
    first = api.get("/api/v1/licenses/")
    licence = sciatica.image.license
    licence.name = "Attribution 4.0 International (revised)"
    licence.save()
    for headers in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        assert api.get("/api/v1/licenses/", **headers).status_code == 200


def test_stale_etag_gets_the_full_response(api, sciatica):
    response = api.get("/api/v1/conditions/", **{"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert response.data["count"] == 1


def test_publishing_changes_the_etag_and_the_content(api, sciatica):
    before = api.get("/api/v1/conditions/sciatica/")
    sciatica.condition.title = "Sciatica (revised)"
    sciatica.condition.save_revision().publish()
    after = api.get(
        "/api/v1/conditions/sciatica/", **{"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200
    assert after.data["title"] == "Sciatica (revised)"
    assert after.headers["ETag"] != before.headers["ETag"]


def test_new_content_changes_the_listing_etag(api, sciatica):
    before = api.get("/api/v1/conditions/").headers["ETag"]
    make_condition()
    response = api.get("/api/v1/conditions/", **{"If-None-Match": before})
    assert response.status_code == 200
    assert response.data["count"] == 2


def test_editing_an_image_credit_changes_the_etag(api, sciatica):
    before = api.get("/api/v1/conditions/sciatica/").headers["ETag"]
    sciatica.image.creator = "B. Painter"
    sciatica.image.save()
    after = api.get("/api/v1/conditions/sciatica/", **{"If-None-Match": before})
    assert after.status_code == 200
    assert after.data["hero_image"]["credit"]["creator"] == "B. Painter"


def test_field_selection_has_its_own_etag(api, sciatica):
    compact = api.get("/api/v1/conditions/").headers["ETag"]
    full = api.get("/api/v1/conditions/?fields=*").headers["ETag"]
    assert compact != full


def test_max_age_comes_from_settings(api, sciatica, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "CACHE_MAX_AGE": 60}
    assert (
        api.get("/api/v1/conditions/").headers["Cache-Control"] == "public, max-age=60"
    )


def test_errors_are_not_cached_as_content(api, site_tree):
    response = api.get("/api/v1/conditions/nope/")
    assert response.status_code == 404
    assert "ETag" not in response.headers


def test_cors_allows_any_origin_by_default_and_exposes_etag(api, sciatica):
    response = api.get("/api/v1/conditions/", Origin="https://partner.example")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "Last-Modified" in exposed


def test_cors_preflight_allows_get(client, site_tree):
    response = client.options(
        "/api/v1/conditions/",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_cors_allow_list_limits_origins(api, sciatica, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    allowed = api.get("/api/v1/conditions/", Origin="https://partner.example")
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    other = api.get("/api/v1/conditions/", Origin="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other.headers


def test_absolute_urls_come_from_the_configured_base_not_the_host(
    client, sciatica, settings
):
    # Stored bodies are the same for every reader, so they cannot echo a Host header.
    one = client.get("/api/v1/conditions/sciatica/", headers={"Host": "cms.example"})
    other = client.get("/api/v1/conditions/sciatica/", headers={"Host": "api.example"})
    assert one.content == other.content
    assert one.headers["ETag"] == other.headers["ETag"]
    assert one.json()["api_url"] == "http://testserver/api/v1/conditions/sciatica/"
    settings.MERIDIAN_API_URL = "https://api.clinic.example"
    moved = client.get("/api/v1/conditions/sciatica/")
    assert moved.json()["api_url"].startswith("https://api.clinic.example/api/v1/")
    assert moved.headers["ETag"] != one.headers["ETag"]


def test_settings_that_change_bodies_change_the_etag(api, sciatica, settings):
    before = api.get("/api/v1/conditions/sciatica/")
    settings.MERIDIAN_FRONTEND_URL = "https://clinic.example"
    after = api.get(
        "/api/v1/conditions/sciatica/", **{"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200
    assert after.data["url"] == "https://clinic.example/conditions/sciatica/"


@pytest.mark.parametrize(
    "path", ["/api/v1/conditions/no-such-slug/", "/api/v1/conditions/draft/"]
)
def test_a_missing_or_draft_item_is_404_whatever_the_validators(api, site_tree, path):
    make_condition(slug="draft", publish=False)
    for headers in ({"If-None-Match": "*"}, {"If-Modified-Since": http_date(2**31)}):
        response = api.get(path, **headers)
        assert response.status_code == 404, headers
        assert response.data["detail"].startswith("no condition with slug")
    jsonld = api.get(path + "?format=jsonld", **{"If-None-Match": "*"})
    assert jsonld.status_code == 404


def test_expiry_moves_the_validators_so_revalidation_sees_the_change(api, site_tree):
    make_condition(slug="gout")
    soon = timezone.now() + datetime.timedelta(hours=1)
    make_condition(slug="fading", expire_at=soon)
    before = api.get("/api/v1/conditions/")
    detail = api.get("/api/v1/conditions/fading/")
    assert sorted(item["slug"] for item in before.data["results"]) == ["fading", "gout"]

    later = soon + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        after = api.get(
            "/api/v1/conditions/",
            **{"If-None-Match": before.headers["ETag"]},
        )
        gone = api.get(
            "/api/v1/conditions/fading/", **{"If-None-Match": detail.headers["ETag"]}
        )
    assert after.status_code == 200
    assert [item["slug"] for item in after.data["results"]] == ["gout"]
    assert after.headers["ETag"] != before.headers["ETag"]
    assert parse_http_date(after.headers["Last-Modified"]) > parse_http_date(
        before.headers["Last-Modified"]
    )
    assert gone.status_code == 404


def test_a_plain_save_that_expires_a_page_moves_the_validators(api, site_tree):
    make_condition(slug="gout")
    fading = make_condition(slug="fading")
    before = api.get("/api/v1/conditions/")
    fading.expire_at = timezone.now() - datetime.timedelta(seconds=1)
    fading.save()
    after = api.get("/api/v1/conditions/", **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert [item["slug"] for item in after.data["results"]] == ["gout"]
