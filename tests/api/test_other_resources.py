"""Symptoms, treatments, case studies, images, licences and the index."""

import pytest

from content_models.settings import ClinicSettings
from tests.factories import make_case_study, make_image, make_treatment

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.data["results"]]


def test_symptom_listing_and_red_flag_filter(api, sciatica):
    listed = api.get("/api/v1/symptoms/")
    assert slugs(listed) == ["leg-pain", "lower-back-pain", "saddle-numbness"]
    assert set(listed.data["results"][0]) == {
        "id",
        "slug",
        "title",
        "description",
        "is_red_flag",
        "url",
        "api_url",
        "updated",
    }
    assert slugs(api.get("/api/v1/symptoms/?red_flag=true")) == ["saddle-numbness"]
    assert "saddle-numbness" not in slugs(api.get("/api/v1/symptoms/?red_flag=false"))


def test_symptom_detail_lists_its_conditions_with_notes(api, sciatica):
    data = api.get("/api/v1/symptoms/leg-pain/").data
    assert data["body_location"] == "leg"
    assert data["conditions"] == [
        {
            "slug": "sciatica",
            "title": "Sciatica",
            "url": "http://testserver/conditions/sciatica/",
            "api_url": "http://testserver/api/v1/conditions/sciatica/",
            "note": "worse when sitting",
        }
    ]


def test_treatment_detail_keeps_traditional_and_biomedical_apart(api, sciatica):
    data = api.get("/api/v1/treatments/acupuncture/").data
    assert data["traditional_view"] == "<p>Traditional view.</p>"
    assert data["biomedical_mechanism"] == "<p>Biomedical mechanism.</p>"
    assert data["tradition"] == "Japanese medicine"
    assert [c["slug"] for c in data["conditions"]] == ["sciatica"]
    assert data["conditions"][0]["how_used"].startswith("<p>Needling along the <a")
    assert "attribution" in data and "reviewed_by" in data


def test_treatments_filter_by_condition(api, sciatica):
    make_treatment(slug="cupping")
    found = api.get("/api/v1/treatments/?condition=sciatica")
    assert slugs(found) == ["acupuncture", "massage"]


def test_case_study_detail_shows_outcomes_consent_and_disclaimer(api, sciatica):
    data = api.get("/api/v1/case-studies/mr-k/").data
    assert data["patient_label"] == sciatica.case.patient_label
    assert data["condition"]["slug"] == "sciatica"
    assert data["outcomes"] == [
        {"after_session": 1, "measure": "Pain", "result": "-60%"}
    ]
    assert [t["slug"] for t in data["treatments_given"]] == ["acupuncture"]
    assert data["consent_scope"] == ["web"]
    assert data["disclaimer"]


def test_case_studies_filter_by_condition_and_treatment(api, sciatica):
    make_case_study(slug="other")
    assert slugs(api.get("/api/v1/case-studies/?condition=sciatica")) == ["mr-k"]
    assert slugs(api.get("/api/v1/case-studies/?treatment=acupuncture")) == ["mr-k"]


def test_image_of_a_public_page_has_credit_and_renditions(api, sciatica):
    data = api.get(f"/api/v1/images/{sciatica.image.pk}/").data
    assert data["credit"]["source"]["name"] == "Test Collection"
    assert data["alt"]
    assert set(data["renditions"]) == {"thumbnail", "medium", "large"}


def test_image_not_used_on_a_public_page_is_not_served(api, sciatica):
    unused = make_image()
    assert api.get(f"/api/v1/images/{unused.pk}/").status_code == 404


def test_renditions_come_from_the_allow_list_setting(api, sciatica, settings):
    settings.MERIDIAN_API = {
        **settings.MERIDIAN_API,
        "RENDITIONS": {"tiny": "fill-16x16"},
    }
    data = api.get(f"/api/v1/images/{sciatica.image.pk}/").data
    assert list(data["renditions"]) == ["tiny"]
    assert data["renditions"]["tiny"]["width"] == 16


def test_licenses_are_listed_with_their_terms(api, site_tree):
    data = api.get("/api/v1/licenses/?limit=100").data
    by_id = {item["spdx_id"]: item for item in data["results"]}
    assert by_id["CC-BY-4.0"]["short_name"] == "CC BY 4.0"
    assert by_id["CC-BY-4.0"]["attribution_required"] is True
    assert data["count"] == len(by_id)


def test_index_lists_resources_and_exporters_with_urls(api, site_tree):
    data = api.get("/api/v1/").data
    assert data["resources"]["conditions"] == "http://testserver/api/v1/conditions/"
    assert data["resources"]["case-studies"] == "http://testserver/api/v1/case-studies/"
    assert data["schema"] == "http://testserver/api/v1/schema/"
    assert data["docs"] == "http://testserver/api/v1/docs/"
    names = {exporter["name"] for exporter in data["exporters"]}
    assert {"rss", "leaflet-pdf"} <= names
    rss = next(e for e in data["exporters"] if e["name"] == "rss")
    assert (
        rss["urls"]["conditions"] == "http://testserver/api/v1/conditions/export/rss/"
    )


def test_attribution_uses_clinic_settings(api, sciatica):
    settings = ClinicSettings.objects.get_or_create(
        site_id=sciatica.condition.get_site().pk
    )[0]
    settings.clinic_name = "Kyoto Clinic"
    settings.save()
    attribution = api.get("/api/v1/treatments/massage/").data["attribution"]
    assert attribution["clinic"] == "Kyoto Clinic"
    assert "Kyoto Clinic" in attribution["copyright"]


def test_docs_are_served_from_local_assets(api, site_tree):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html
