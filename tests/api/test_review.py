"""Review dates in the API: review_overdue, its filters, and channels that withhold."""

import datetime

import pytest
from django.test import override_settings

from content_models.governance import today
from tests.factories import make_case_study, make_condition, make_treatment

DAY = datetime.timedelta(days=1)


@pytest.fixture
def reviewed(site_tree):
    """Conditions whose next review is past, today-ish and far off; one undated."""
    return {
        "late": make_condition(
            slug="late",
            title="Late",
            last_reviewed=today() - 1200 * DAY,
            next_review_due=today() - DAY,
        ),
        "soon": make_condition(
            slug="soon",
            title="Soon",
            last_reviewed=today() - 1000 * DAY,
            next_review_due=today() + 30 * DAY,
        ),
        "fresh": make_condition(slug="fresh", title="Fresh", last_reviewed=today()),
        "undated": make_condition(slug="undated", title="Undated"),
    }


def slugs(api, query):
    response = api.get(f"/api/v1/conditions/?{query}")
    assert response.status_code == 200, response.data
    return [item["slug"] for item in response.data["results"]]


def test_every_reviewed_item_says_whether_its_review_is_overdue(api, reviewed):
    listing = {
        item["slug"]: item["review_overdue"]
        for item in api.get("/api/v1/conditions/").data["results"]
    }
    assert listing == {"late": True, "soon": False, "fresh": False, "undated": False}
    assert api.get("/api/v1/conditions/late/").data["review_overdue"] is True
    make_treatment(slug="old", next_review_due=today() - DAY)
    make_case_study(slug="old-case", next_review_due=today() - DAY)
    assert api.get("/api/v1/treatments/old/").data["review_overdue"] is True
    assert api.get("/api/v1/case-studies/old-case/").data["review_overdue"] is True


def test_review_overdue_filters_both_ways(api, reviewed):
    assert slugs(api, "review_overdue=true") == ["late"]
    assert slugs(api, "review_overdue=false") == ["fresh", "soon", "undated"]
    assert api.get("/api/v1/conditions/?review_overdue=yes").status_code == 400


def test_next_review_before_and_ordering_by_next_review(api, reviewed):
    before = (today() + 60 * DAY).isoformat()
    assert slugs(api, f"next_review_before={before}") == ["late", "soon"]
    # pages without a date come last, on SQLite and PostgreSQL alike
    assert slugs(api, "ordering=next_review_due") == [
        "late",
        "soon",
        "fresh",
        "undated",
    ]
    assert slugs(api, "ordering=-next_review_due") == [
        "fresh",
        "soon",
        "late",
        "undated",
    ]
    make_treatment(slug="old", next_review_due=today() - DAY)
    response = api.get(f"/api/v1/treatments/?next_review_before={before}")
    assert [item["slug"] for item in response.data["results"]] == ["old"]


def test_overdue_pages_stay_everywhere_by_default(client, reviewed):
    leaflet = client.get("/api/v1/conditions/late/export/leaflet-pdf/")
    assert leaflet.status_code == 200
    assert "/late/" in client.get("/api/v1/conditions/export/rss/").content.decode()


@override_settings(MERIDIAN_GOVERNANCE={"WITHHOLD_OVERDUE": ["print", "syndication"]})
def test_a_withheld_leaflet_says_why_instead_of_sending_a_file(client, reviewed):
    response = client.get("/api/v1/conditions/late/export/leaflet-pdf/")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert "'Late' is withheld from Leaflet (PDF)" in detail
    assert f"{today() - DAY:%d %B %Y}" in detail
    assert client.get("/api/v1/conditions/soon/export/leaflet-pdf/").status_code == 200


@override_settings(MERIDIAN_GOVERNANCE={"WITHHOLD_OVERDUE": ["print", "syndication"]})
def test_feeds_leave_out_overdue_pages_when_syndication_withholds_them(
    client, reviewed
):
    rss = client.get("/api/v1/conditions/export/rss/").content.decode()
    assert "/late/" not in rss and "/soon/" in rss
    # the web channel is not named, so the API still lists it
    listing = client.get("/api/v1/conditions/").json()["results"]
    assert "late" in [item["slug"] for item in listing]


@override_settings(MERIDIAN_GOVERNANCE={"WITHHOLD_OVERDUE": ["web"]})
def test_the_api_withholds_overdue_pages_when_the_web_channel_is_named(api, reviewed):
    assert "late" not in slugs(api, "")
    assert api.get("/api/v1/conditions/late/").status_code == 404


@override_settings(MERIDIAN_GOVERNANCE={"WITHHOLD_OVERDUE": ["web", "print"]})
def test_a_leaflet_withheld_from_print_says_so_even_when_the_web_withholds_too(
    client, reviewed
):
    response = client.get("/api/v1/conditions/late/export/leaflet-pdf/")
    assert response.status_code == 409
    assert "withheld" in response.json()["detail"]
