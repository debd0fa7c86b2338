"""The OpenAPI document validates, documents every filter, and matches the responses."""

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, site_tree):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_a_valid_openapi_document(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_describes_only_api_v1(schema):
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    for path in (
        "/api/v1/conditions/",
        "/api/v1/conditions/{slug}/",
        "/api/v1/symptoms/",
        "/api/v1/treatments/",
        "/api/v1/case-studies/{slug}/",
        "/api/v1/images/{id}/",
        "/api/v1/licenses/",
    ):
        assert path in schema["paths"]


@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "/api/v1/conditions/",
            {
                "symptom",
                "treatment",
                "code",
                "updated_since",
                "next_review_before",
                "search",
                "ordering",
                "limit",
                "offset",
                "fields",
            },
        ),
        ("/api/v1/symptoms/", {"red_flag", "search", "ordering"}),
        ("/api/v1/treatments/", {"condition", "search", "ordering"}),
        ("/api/v1/case-studies/", {"condition", "treatment", "search", "ordering"}),
    ],
)
def test_every_filter_is_documented(schema, path, expected):
    parameters = schema["paths"][path]["get"]["parameters"]
    documented = {parameter["name"]: parameter for parameter in parameters}
    assert expected <= set(documented)
    for name in expected:
        assert documented[name].get("description"), name


def response_schema(schema, path, status="200"):
    content = schema["paths"][path]["get"]["responses"][status]["content"]
    return content["application/json"]["schema"]


def assert_conforms(schema, path, data, status="200"):
    """Validate ``data`` against the documented response, with $refs resolved."""
    wrapper = {**schema, **response_schema(schema, path, status)}
    wrapper.pop("openapi", None)
    jsonschema.validate(data, wrapper, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "template, url",
    [
        ("/api/v1/conditions/", "/api/v1/conditions/"),
        ("/api/v1/conditions/", "/api/v1/conditions/?fields=*"),
        ("/api/v1/conditions/{slug}/", "/api/v1/conditions/sciatica/"),
        ("/api/v1/symptoms/", "/api/v1/symptoms/?fields=*"),
        ("/api/v1/symptoms/{slug}/", "/api/v1/symptoms/leg-pain/"),
        ("/api/v1/treatments/", "/api/v1/treatments/?fields=*"),
        ("/api/v1/treatments/{slug}/", "/api/v1/treatments/acupuncture/"),
        ("/api/v1/case-studies/", "/api/v1/case-studies/?fields=*"),
        ("/api/v1/case-studies/{slug}/", "/api/v1/case-studies/mr-k/"),
        ("/api/v1/licenses/", "/api/v1/licenses/"),
        ("/api/v1/", "/api/v1/"),
    ],
)
def test_responses_conform_to_the_schema(client, schema, sciatica, template, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_conforms(schema, template, response.json())


def test_image_and_error_responses_conform(client, schema, sciatica):
    image = client.get(f"/api/v1/images/{sciatica.image.pk}/").json()
    assert_conforms(schema, "/api/v1/images/{id}/", image)
    missing = client.get("/api/v1/conditions/nope/").json()
    assert_conforms(schema, "/api/v1/conditions/{slug}/", missing, status="404")
    bad = client.get("/api/v1/conditions/?limit=0").json()
    assert_conforms(schema, "/api/v1/conditions/", bad, status="400")


def test_schema_rejects_a_response_that_breaks_it(client, schema, sciatica):
    data = client.get("/api/v1/conditions/sciatica/").json()
    data["symptoms"][0]["is_red_flag"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        assert_conforms(schema, "/api/v1/conditions/{slug}/", data)
