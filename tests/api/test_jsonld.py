"""schema.org JSON-LD for each page detail: ?format=jsonld or Accept: application/ld+json."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.cache import cache
from django.utils.dateparse import parse_datetime
from openapi_spec_validator import validate

from tests.factories import make_condition, make_image

pytestmark = pytest.mark.django_db

JSONLD = "application/ld+json"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "jsonld-sciatica.jsonld"
SCIATICA = "/api/v1/conditions/sciatica/"
ACUPUNCTURE = "/api/v1/treatments/traditional-japanese-acupuncture/"
MR_K = "/api/v1/case-studies/mr-k-sciatica/"
SADDLE_NUMBNESS = "/api/v1/symptoms/saddle-numbness/"

# A cold-cache JSON-LD detail of a condition: the content fingerprint, the page with
# its hero image and licence, the symptom links, the treatment links, the codes, the
# image renditions and the batched rich-text link lookup. Clinic settings and the
# site's base URL are memoised until content changes.
CONDITION_JSONLD_QUERIES = 1  # the stored JSON-LD, found by slug


def get_jsonld(client, path, **headers):
    response = client.get(path, {"format": "jsonld"}, headers=headers)
    assert response.status_code == 200, response.content
    assert response.headers["Content-Type"] == JSONLD
    return json.loads(response.content)


def health_aspects(part):
    """A section's HealthAspectEnumeration members, e.g. {"SymptomsHealthAspect"}."""
    aspects = part.get("hasHealthAspect", [])
    return {aspect.removeprefix("https://schema.org/") for aspect in aspects}


def section(data, aspect):
    """The one hasPart section tagged with ``aspect`` (e.g. "SymptomsHealthAspect")."""
    found = [part for part in data["hasPart"] if aspect in health_aspects(part)]
    assert len(found) == 1, (aspect, data["hasPart"])
    return found[0]


def walk(value):
    """Every dict in a JSON-LD document, depth first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def nodes_of_type(data, type_name):
    return [node for node in walk(data) if node.get("@type") == type_name]


# ------------------------------------------------------------------ conditions


def test_condition_is_a_medical_web_page_about_a_medical_condition(
    client, demo_content
):
    detail = client.get(SCIATICA).json()
    data = get_jsonld(client, SCIATICA)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == detail["url"]
    assert data["name"] == "Sciatica"
    assert data["description"] == detail["summary"]
    assert data["isAccessibleForFree"] is True
    condition = data["about"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["name"] == "Sciatica"
    assert condition["url"] == detail["url"]
    assert data["mainEntity"] == {"@id": condition["@id"]}
    assert {"Lumbar radiculopathy", "Sciatic nerve pain"} <= set(
        condition["alternateName"]
    )


def test_condition_page_carries_review_audience_licence_and_publisher(
    client, demo_content
):
    detail = client.get(SCIATICA).json()
    data = get_jsonld(client, SCIATICA)

    assert data["lastReviewed"] == detail["last_reviewed"]
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": detail["reviewed_by"]["name"],
        "honorificSuffix": detail["reviewed_by"]["credentials"],
    }
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert data["license"] == detail["attribution"]["license"]["url"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["publisher"]["@type"] == "MedicalOrganization"
    assert data["publisher"]["name"] == detail["attribution"]["clinic"]
    assert data["publisher"]["url"] == "https://clinic.example/"
    assert data["copyrightNotice"] == detail["attribution"]["copyright"]
    assert data["creditText"] == detail["attribution"]["text"]
    assert parse_datetime(data["dateModified"]) == parse_datetime(detail["updated"])


def test_condition_codes_name_their_coding_system(client, demo_content):
    codes = get_jsonld(client, SCIATICA)["about"]["code"]

    assert all(code["@type"] == "MedicalCode" for code in codes)
    assert {(code["codingSystem"], code["codeValue"]) for code in codes} == {
        ("ICD-10", "M54.3"),
        ("ICD-10-CM", "M54.16"),
        ("SNOMED-CT", "23056005"),
    }


def test_condition_lists_symptoms_treatments_and_causes(client, demo_content):
    detail = client.get(SCIATICA).json()
    condition = get_jsonld(client, SCIATICA)["about"]

    symptoms = condition["signOrSymptom"]
    assert [s["@type"] for s in symptoms] == ["MedicalSignOrSymptom"] * len(symptoms)
    assert [(s["name"], s["url"]) for s in symptoms] == [
        (s["title"], s["url"]) for s in detail["symptoms"]
    ]
    assert symptoms[1]["description"] == "worse when sitting"

    therapies = condition["possibleTreatment"]
    assert {t["@type"] for t in therapies} == {"MedicalTherapy"}
    assert [(t["name"], t["url"]) for t in therapies] == [
        (t["title"], t["url"]) for t in detail["treatments"]
    ]
    assert "Bladder meridian" in therapies[0]["description"]
    assert "<" not in therapies[0]["description"]  # plain text, not HTML

    causes = condition["cause"]
    assert {c["@type"] for c in causes} == {"MedicalCause"}
    assert [c["name"] for c in causes] == [c["name"] for c in detail["causes"]]


def test_condition_sections_are_tagged_with_health_aspects(client, demo_content):
    data = get_jsonld(client, SCIATICA)

    assert {part["@type"] for part in data["hasPart"]} == {"HealthTopicContent"}
    assert "Lower back pain" in section(data, "SymptomsHealthAspect")["text"]
    assert "Sudden trauma" in section(data, "CausesHealthAspect")["text"]
    assert (
        "Traditional Japanese Acupuncture"
        in section(data, "TreatmentsHealthAspect")["text"]
    )
    assert "common nerve condition" in section(data, "OverviewHealthAspect")["text"]
    red_flags = section(data, "SeeDoctorHealthAspect")["text"].splitlines()
    assert red_flags[0] == (
        "Get urgent help if you have numbness around your genitals or buttocks."
    )
    assert any("bladder or bowels" in line for line in red_flags)


def test_hero_image_is_an_image_object_with_credit_and_licence(client, demo_content):
    hero = client.get(SCIATICA).json()["hero_image"]
    image = get_jsonld(client, SCIATICA)["primaryImageOfPage"]

    assert image["@type"] == "ImageObject"
    assert image["contentUrl"] == hero["renditions"]["large"]["url"]
    assert image["thumbnailUrl"] == hero["renditions"]["thumbnail"]["url"]
    assert image["creditText"] == hero["credit"]["text"]
    assert image["license"] == hero["credit"]["license"]["url"]
    assert image["copyrightNotice"] == "Wellcome Collection"
    assert image["acquireLicensePage"] == hero["credit"]["source"]["url"]


@pytest.fixture
def non_commercial_condition(site_tree):
    image = make_image(license="CC-BY-NC-4.0", creator="A. Painter")
    return make_condition(title="Gout", slug="gout", hero_image=image)


def test_non_commercial_image_is_left_out_while_the_clinic_is_commercial(
    client, non_commercial_condition
):
    body = client.get("/api/v1/conditions/gout/?format=jsonld").content.decode()

    assert "primaryImageOfPage" not in body
    assert "ImageObject" not in body
    assert "A. Painter" not in body


def test_non_commercial_image_is_shown_when_the_clinic_is_not_commercial(
    client, non_commercial_condition, settings
):
    settings.MERIDIAN_GOVERNANCE = {"COMMERCIAL_CHANNELS": False}
    data = get_jsonld(client, "/api/v1/conditions/gout/")

    image = data["primaryImageOfPage"]
    assert image["license"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert image["creator"] == {"@type": "Person", "name": "A. Painter"}


def test_draft_and_private_linked_pages_never_appear(client, sciatica):
    body = client.get(f"{SCIATICA}?format=jsonld").content.decode()
    case = client.get("/api/v1/case-studies/mr-k/?format=jsonld").content.decode()

    for text in (body, case):
        assert "Draft cure" not in text
        assert "draft-cure" not in text
        assert "Draft symptom" not in text
        assert "Ms L" not in text
    data = json.loads(body)
    assert [t["name"] for t in data["about"]["possibleTreatment"]] == [
        "Acupuncture",
        "Massage",
    ]


# ----------------------------------------------------------- other resources


def test_treatment_is_a_medical_web_page_about_a_medical_therapy(client, demo_content):
    detail = client.get(ACUPUNCTURE).json()
    data = get_jsonld(client, ACUPUNCTURE)

    therapy = data["about"]
    assert data["@type"] == "MedicalWebPage"
    assert therapy["@type"] == "MedicalTherapy"
    assert therapy["name"] == "Traditional Japanese Acupuncture"
    assert therapy["alternateName"] == ["TJA", "Japanese acupuncture"]
    assert therapy["description"] == detail["summary"]
    assert data["lastReviewed"] == detail["last_reviewed"]
    assert data["license"] == detail["attribution"]["license"]["url"]
    how_it_works = [
        part
        for part in data["hasPart"]
        if "HowItWorksHealthAspect" in health_aspects(part)
    ]
    assert "Qi" in how_it_works[0]["text"]
    assert "endorphins" in how_it_works[1]["text"]
    assert "SafetyHealthAspect" in health_aspects(data["hasPart"][3])
    offered_for = section(data, "MayTreatHealthAspect")
    assert [c["url"] for c in offered_for["about"]] == [
        c["url"] for c in detail["conditions"]
    ]
    assert {c["@type"] for c in offered_for["about"]} == {"MedicalCondition"}
    assert data["relatedLink"] == [c["url"] for c in detail["conditions"]]
    assert data["primaryImageOfPage"]["@type"] == "ImageObject"


def test_case_study_is_an_article_about_the_condition_with_its_disclaimer(
    client, demo_content
):
    detail = client.get(MR_K).json()
    data = get_jsonld(client, MR_K)

    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["about"]["url"] == detail["condition"]["url"]
    case = data["mainEntity"]
    assert case["@type"] == "Article"
    assert case["genre"] == "case study"
    assert case["audience"]["audienceType"] == "Patient"
    assert case["about"] == {"@id": data["about"]["@id"]}
    assert [t["name"] for t in case["mentions"]] == [
        t["title"] for t in detail["treatments_given"]
    ]
    disclaimers = [p for p in data["hasPart"] if p.get("name") == "Disclaimer"]
    assert disclaimers == [
        {"@type": "WebPageElement", "name": "Disclaimer", "text": detail["disclaimer"]}
    ]
    outcomes = section(data, "EffectivenessHealthAspect")
    assert "PatientExperienceHealthAspect" in health_aspects(outcomes)
    assert (
        "After session 1: Pain (self-reported) reduced by about 60%"
        in (outcomes["text"])
    )
    assert data["reviewedBy"]["name"] == detail["reviewed_by"]["name"]


def test_case_study_without_web_consent_has_no_jsonld(client, sciatica):
    response = client.get("/api/v1/case-studies/ms-l/?format=jsonld")

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"


def test_symptom_is_a_medical_web_page_about_a_sign_or_symptom(client, demo_content):
    detail = client.get(SADDLE_NUMBNESS).json()
    data = get_jsonld(client, SADDLE_NUMBNESS)

    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == "MedicalSignOrSymptom"
    assert data["about"]["name"] == detail["title"]
    assert data["description"] == detail["description"]
    # A red-flag symptom: its section also says when to see a doctor.
    assert {"SymptomsHealthAspect", "SeeDoctorHealthAspect"} <= health_aspects(
        data["hasPart"][0]
    )
    assert "license" in data and "publisher" in data
    assert "lastReviewed" not in data  # symptoms carry no review metadata


def test_symptom_links_the_public_conditions_that_list_it(client, sciatica):
    data = get_jsonld(client, "/api/v1/symptoms/leg-pain/")

    related = section(data, "RelatedTopicsHealthAspect")
    assert [c["name"] for c in related["about"]] == ["Sciatica"]
    assert related["text"] == "Sciatica (worse when sitting)"


# ------------------------------------------------------- negotiation and caching


def test_accept_header_and_format_parameter_give_the_same_body(client, demo_content):
    by_accept = client.get(SCIATICA, headers={"Accept": JSONLD})
    by_format = client.get(f"{SCIATICA}?format=jsonld")

    assert by_accept.headers["Content-Type"] == JSONLD
    assert json.loads(by_accept.content) == json.loads(by_format.content)


@pytest.mark.parametrize(
    "accept", ["*/*", "application/json", f"application/json, {JSONLD}"]
)
def test_json_stays_the_default(client, demo_content, accept):
    response = client.get(SCIATICA, headers={"Accept": accept})

    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["slug"] == "sciatica"


def test_format_parameter_wins_over_accept(client, demo_content):
    as_json = client.get(f"{SCIATICA}?format=json", headers={"Accept": JSONLD})
    as_jsonld = client.get(
        f"{SCIATICA}?format=jsonld", headers={"Accept": "application/json"}
    )

    assert as_json.headers["Content-Type"] == "application/json"
    assert as_jsonld.headers["Content-Type"] == JSONLD


def test_json_and_jsonld_of_one_url_have_different_etags(client, demo_content):
    json_response = client.get(SCIATICA)
    jsonld_response = client.get(SCIATICA, headers={"Accept": JSONLD})

    assert json_response.headers["ETag"] != jsonld_response.headers["ETag"]
    for response in (json_response, jsonld_response):
        assert "Accept" in response.headers["Vary"]
    # The JSON copy's ETag does not validate the JSON-LD body.
    revalidated = client.get(
        SCIATICA,
        headers={"Accept": JSONLD, "If-None-Match": json_response.headers["ETag"]},
    )
    assert revalidated.status_code == 200
    not_modified = client.get(
        SCIATICA,
        headers={"Accept": JSONLD, "If-None-Match": jsonld_response.headers["ETag"]},
    )
    assert not_modified.status_code == 304
    assert "Accept" in not_modified.headers["Vary"]


def test_listing_refuses_jsonld_with_a_clear_400(api, demo_content):
    response = api.get("/api/v1/conditions/?format=jsonld")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert "JSON-LD is per item" in response.data["detail"]
    assert "/api/v1/conditions/{slug}/?format=jsonld" in response.data["detail"]
    assert "format" in response.data["errors"]


def test_listing_asked_only_for_jsonld_is_a_406_that_says_why(api, demo_content):
    response = api.get("/api/v1/treatments/", Accept=JSONLD)
    both = api.get("/api/v1/treatments/", Accept=f"{JSONLD}, application/json")

    assert response.status_code == 406
    assert response.headers["Content-Type"] == "application/json"
    assert "JSON-LD is per item" in response.data["detail"]
    assert both.status_code == 200


def test_unknown_format_is_a_400_naming_the_allowed_ones(api, demo_content):
    response = api.get(f"{SCIATICA}?format=xml")

    assert response.status_code == 400
    assert response.data["detail"] == "unknown format 'xml'; allowed: json, jsonld"
    assert "format" in response.data["errors"]


def test_unsupported_accept_is_a_json_406(api, demo_content):
    response = api.get(SCIATICA, Accept="text/html")

    assert response.status_code == 406
    assert response.headers["Content-Type"] == "application/json"
    assert response.data["detail"]


def test_errors_stay_json_when_jsonld_is_asked_for(api, demo_content):
    missing = api.get("/api/v1/conditions/nope/", Accept=JSONLD)
    with_fields = api.get(f"{SCIATICA}?format=jsonld&fields=title")

    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == "application/json"
    assert missing.data["detail"] == "no condition with slug 'nope'"
    assert with_fields.status_code == 400
    assert with_fields.headers["Content-Type"] == "application/json"
    assert "'fields'" in with_fields.data["detail"]


def test_jsonld_detail_costs_a_fixed_small_number_of_queries(
    client, demo_content, django_assert_num_queries
):
    # Warm what every request shares: site roots, clinic settings, renditions.
    client.get(SCIATICA)
    with django_assert_num_queries(CONDITION_JSONLD_QUERIES):
        get_jsonld(client, SCIATICA)
    # Again: the same single query; nothing is rendered on request.
    with django_assert_num_queries(CONDITION_JSONLD_QUERIES):
        get_jsonld(client, SCIATICA)


# ------------------------------------------------------------------ the schema


@pytest.fixture
def schema(client, site_tree):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_documents_format_and_jsonld_on_every_detail(schema):
    validate(schema)
    for resource in ("conditions", "symptoms", "treatments", "case-studies"):
        detail = schema["paths"][f"/api/v1/{resource}/{{slug}}/"]["get"]
        parameters = {p["name"]: p for p in detail["parameters"]}
        assert parameters["format"]["schema"]["enum"] == ["json", "jsonld"]
        assert parameters["format"]["description"]
        responses = detail["responses"]
        assert set(responses["200"]["content"]) == {"application/json", JSONLD}
        for status in ("400", "404", "406"):
            assert set(responses[status]["content"]) == {"application/json"}
        listing = schema["paths"][f"/api/v1/{resource}/"]["get"]
        assert "format" not in {p["name"] for p in listing["parameters"]}
        assert set(listing["responses"]["200"]["content"]) == {"application/json"}


@pytest.mark.parametrize(
    "template, url",
    [
        ("/api/v1/conditions/{slug}/", SCIATICA),
        ("/api/v1/treatments/{slug}/", ACUPUNCTURE),
        ("/api/v1/case-studies/{slug}/", MR_K),
        ("/api/v1/symptoms/{slug}/", SADDLE_NUMBNESS),
    ],
)
def test_jsonld_conforms_to_the_documented_schema(
    client, schema, demo_content, template, url
):
    documented = schema["paths"][template]["get"]["responses"]["200"]["content"]
    wrapper = {**schema, **documented[JSONLD]["schema"]}
    wrapper.pop("openapi", None)
    jsonschema.validate(
        get_jsonld(client, url), wrapper, cls=jsonschema.Draft202012Validator
    )


# ------------------------------------------------------ the documented example


# In JSON-LD these values are structure, not content.
STRUCTURAL_KEYS = {"@context", "@type", "hasHealthAspect", "codingSystem"}


def shape(value, key=None):
    """Keys and value types, recursively (and the values of structural keys)."""
    if key in STRUCTURAL_KEYS:
        return value
    if isinstance(value, dict):
        return {name: shape(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


def test_committed_example_matches_what_sciatica_produces_today(
    client, demo_content, settings
):
    settings.MERIDIAN_FRONTEND_URL = "https://clinic.example"
    cache.clear()
    produced = get_jsonld(client, SCIATICA)
    example = json.loads(EXAMPLE.read_text())

    assert shape(produced) == shape(example)
    assert (
        produced["url"]
        == example["url"]
        == "https://clinic.example/conditions/sciatica/"
    )


def test_example_dates_are_iso_8601():
    example = json.loads(EXAMPLE.read_text())

    datetime.date.fromisoformat(example["lastReviewed"])
    assert parse_datetime(example["dateModified"]) is not None
