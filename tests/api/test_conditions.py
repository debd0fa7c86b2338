"""GET /api/v1/conditions/ and /api/v1/conditions/{slug}/."""

import pytest
from wagtail.models import Site

from content_models.licenses import License
from content_models.settings import ClinicSettings
from tests.factories import make_condition, make_symptom, make_treatment

pytestmark = pytest.mark.django_db

COMPACT = {
    "id",
    "slug",
    "title",
    "summary",
    "url",
    "api_url",
    "updated",
    "last_reviewed",
    "next_review_due",
    "review_overdue",
}


def slugs(response):
    return [item["slug"] for item in response.data["results"]]


def test_listing_shows_compact_items_with_links(api, sciatica):
    response = api.get("/api/v1/conditions/")
    assert response.status_code == 200
    assert response.data["count"] == 1
    assert response.data["next"] is None and response.data["previous"] is None
    [item] = response.data["results"]
    assert set(item) == COMPACT
    assert item["url"] == "http://testserver/conditions/sciatica/"
    assert item["api_url"] == "http://testserver/api/v1/conditions/sciatica/"
    assert item["summary"] == "Pain along the sciatic nerve."


def test_listing_pages_with_limit_and_offset(api, site_tree):
    for n in range(5):
        make_condition(title=f"Condition {n}", slug=f"c{n}")
    first = api.get("/api/v1/conditions/?limit=2")
    assert first.data["count"] == 5
    assert slugs(first) == ["c0", "c1"]
    assert first.data["next"] == "http://testserver/api/v1/conditions/?limit=2&offset=2"
    last = api.get("/api/v1/conditions/?limit=2&offset=4")
    assert slugs(last) == ["c4"]
    assert last.data["next"] is None
    assert "offset=2" in last.data["previous"]


def test_listing_default_page_size_is_twenty(api, site_tree):
    for n in range(21):
        make_condition(slug=f"c{n:02d}")
    assert len(api.get("/api/v1/conditions/").data["results"]) == 20


def test_fields_star_gives_detail_fields_in_listings(api, sciatica):
    listed = api.get("/api/v1/conditions/?fields=*").data["results"][0]
    detail = api.get("/api/v1/conditions/sciatica/").data
    assert listed == detail


def test_fields_add_and_remove_single_fields(api, sciatica):
    item = api.get("/api/v1/conditions/?fields=-summary,medical_term").data["results"][
        0
    ]
    assert set(item) == (COMPACT - {"summary"}) | {"medical_term"}
    item = api.get("/api/v1/conditions/?fields=_,title").data["results"][0]
    assert set(item) == {"id", "slug", "title"}
    detail = api.get("/api/v1/conditions/sciatica/?fields=*,-causes").data
    assert "causes" not in detail and "symptoms" in detail


def test_detail_has_everything_a_page_needs(api, sciatica):
    data = api.get("/api/v1/conditions/sciatica/").data
    assert data["medical_term"] == "Lumbar radiculopathy"
    assert data["also_called"] == ["Sciatic nerve pain", "Lumbar radicular pain"]
    assert data["causes"] == [{"name": "Trauma", "description": "A fall."}]
    assert data["red_flags"] == ["you cannot control your bladder"]
    assert data["references"] == [{"citation": "A study, 2020", "url": None}]
    assert data["clinical_codes"] == [
        {"system": "icd-10", "code": "M54.3", "display": None},
        {"system": "icd-10-cm", "code": "M54.16", "display": None},
    ]
    assert data["reviewed_by"] == {"name": "Dr A. Sato", "credentials": "Lic. Ac."}


def test_symptom_list_keeps_editor_order_notes_and_red_flags(api, sciatica):
    symptoms = api.get("/api/v1/conditions/sciatica/").data["symptoms"]
    assert [s["slug"] for s in symptoms] == [
        "lower-back-pain",
        "leg-pain",
        "saddle-numbness",
    ]
    assert symptoms[1]["note"] == "worse when sitting"
    assert symptoms[1]["body_location"] == "leg"
    assert [s["is_red_flag"] for s in symptoms] == [False, False, True]
    assert (
        symptoms[0]["api_url"] == "http://testserver/api/v1/symptoms/lower-back-pain/"
    )


def test_treatments_carry_how_they_are_used_for_this_condition(api, sciatica):
    treatments = api.get("/api/v1/conditions/sciatica/").data["treatments"]
    assert [t["slug"] for t in treatments] == ["acupuncture", "massage"]
    how_used = treatments[0]["how_used"]
    # rich text, sanitised, with its internal link made absolute
    assert how_used.startswith('<p>Needling along the <a href="http://testserver/')
    assert "/symptoms/" in how_used and "script" not in how_used
    assert treatments[0]["tradition"] == "Japanese medicine"
    assert treatments[1]["how_used"] is None
    assert "note" not in treatments[0]


def test_related_case_studies_need_web_consent(api, sciatica):
    cases = api.get("/api/v1/conditions/sciatica/").data["case_studies"]
    assert [c["slug"] for c in cases] == ["mr-k"]


def test_rich_text_is_sanitised_with_absolute_live_links(api, sciatica):
    overview = api.get("/api/v1/conditions/sciatica/").data["overview"]
    assert 'href="http://testserver/treatments/acupuncture/"' in overview
    assert "draft-cure" not in overview and "a draft" in overview
    assert "<script" not in overview
    assert 'href="http://testserver/about/"' in overview


def test_hero_image_has_size_credit_and_renditions(api, sciatica):
    image = api.get("/api/v1/conditions/sciatica/").data["hero_image"]
    assert image["id"] == sciatica.image.pk
    assert (image["width"], image["height"]) == (400, 300)
    assert image["credit"]["creator"] == "A. Painter"
    assert image["credit"]["license"]["spdx_id"] == "CC-BY-4.0"
    assert "CC BY 4.0" in image["credit"]["text"]
    assert set(image["renditions"]) == {"thumbnail", "medium", "large"}
    thumbnail = image["renditions"]["thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (320, 240)
    assert thumbnail["url"].startswith("http://testserver/media/")


def test_attribution_names_clinic_canonical_url_and_copyright(api, sciatica):
    attribution = api.get("/api/v1/conditions/sciatica/").data["attribution"]
    assert attribution["canonical_url"] == "http://testserver/conditions/sciatica/"
    assert attribution["clinic"] in attribution["copyright"]
    assert attribution["copyright"].startswith("©")
    assert "Sciatica" in attribution["text"]


def test_canonical_urls_use_the_front_end_when_configured(api, sciatica, settings):
    settings.MERIDIAN_FRONTEND_URL = "https://clinic.example"
    data = api.get("/api/v1/conditions/sciatica/").data
    assert data["url"] == "https://clinic.example/conditions/sciatica/"
    assert 'href="https://clinic.example/treatments/acupuncture/"' in data["overview"]


def test_unknown_slug_is_a_json_404(api, site_tree):
    response = api.get("/api/v1/conditions/no-such-thing/")
    assert response.status_code == 404
    assert response.data["detail"] == "no condition with slug 'no-such-thing'"


# ------------------------------------------------------------------ filters via HTTP


def test_filter_by_symptom_treatment_and_code(api, sciatica):
    make_condition(slug="gout", codes=[("icd-10", "M10.9")])
    assert slugs(api.get("/api/v1/conditions/?symptom=leg-pain")) == ["sciatica"]
    assert slugs(api.get("/api/v1/conditions/?treatment=acupuncture")) == ["sciatica"]
    assert slugs(api.get("/api/v1/conditions/?code=M10.9")) == ["gout"]
    assert slugs(api.get("/api/v1/conditions/?code=snomed-ct:M10.9")) == []


def test_filter_by_update_and_review_dates(api, site_tree):
    make_condition(slug="old", last_reviewed="2020-01-01", next_review_due="2023-01-01")
    make_condition(slug="new", last_reviewed="2025-01-01", next_review_due="2028-01-01")
    due = api.get("/api/v1/conditions/?next_review_before=2025-01-01")
    assert slugs(due) == ["old"]
    since = api.get("/api/v1/conditions/?updated_since=2000-01-01")
    assert sorted(slugs(since)) == ["new", "old"]
    assert slugs(api.get("/api/v1/conditions/?updated_since=2999-01-01")) == []


def test_ordering_by_review_date_and_update(api, site_tree):
    make_condition(slug="b", title="B", next_review_due="2030-01-01")
    make_condition(slug="a", title="A", next_review_due="2029-01-01")
    assert slugs(api.get("/api/v1/conditions/?ordering=next_review_due")) == ["a", "b"]
    assert slugs(api.get("/api/v1/conditions/?ordering=-updated")) == ["a", "b"]
    assert slugs(api.get("/api/v1/conditions/?ordering=-title")) == ["b", "a"]


def test_search_matches_summary_and_synonyms(api, sciatica):
    make_condition(slug="gout", summary="A painful big toe.")
    assert slugs(api.get("/api/v1/conditions/?search=sciatic nerve")) == ["sciatica"]
    assert slugs(api.get("/api/v1/conditions/?search=radicular")) == ["sciatica"]
    assert slugs(api.get("/api/v1/conditions/?search=toe")) == ["gout"]


def test_filters_combine(api, site_tree):
    leg = make_symptom(slug="leg")
    needles = make_treatment(slug="needles")
    make_condition(slug="both", symptoms=[leg], treatments=[needles])
    make_condition(slug="one", symptoms=[leg])
    found = api.get("/api/v1/conditions/?symptom=leg&treatment=needles")
    assert slugs(found) == ["both"]


def test_a_licence_has_one_shape_wherever_it_appears(api, sciatica):
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.text_license = License.objects.get(spdx_id="CC-BY-SA-4.0")
    clinic.save()
    data = api.get("/api/v1/conditions/sciatica/").data
    image_licence = data["hero_image"]["credit"]["license"]
    text_licence = data["attribution"]["license"]
    listed = {
        item["spdx_id"]: item for item in api.get("/api/v1/licenses/").data["results"]
    }
    for licence in (image_licence, text_licence):
        assert set(licence) == {"spdx_id", "name", "short_name", "url"}
        entry = listed[licence["spdx_id"]]
        assert (licence["name"], licence["short_name"]) == (
            entry["name"],
            entry["short_name"],
        )
    assert image_licence["name"] == "Attribution 4.0 International"
    assert image_licence["short_name"] == "CC BY 4.0"
