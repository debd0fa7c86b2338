"""One pipeline for every route under /api/v1/: throttled, JSON errors in one shape,
conditional, found before any 304, and in the OpenAPI schema."""

import re

import pytest
from django.core.cache import cache
from django.urls import get_resolver

from api.filters import FILTERSETS
from api.serializers import serializer_for
from content_models.publishing import renderer
from content_models.publishing.tasks import render_due
from content_models.resources import RESOURCES
from tests.factories import (
    make_case_study,
    make_condition,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db

# One URL per route, with real values; every route of the v1 URLconf is listed.
ROUTES = {
    "/api/v1/": "index",
    "/api/v1/schema/": "schema",
    "/api/v1/docs/": "docs",
    "/api/v1/exporters/": "exporters",
    "/api/v1/changes/": "changes",
    "/api/v1/licenses/": "licenses-list",
    "/api/v1/images/{image}/": "images-detail",
    "/api/v1/conditions/": "conditions-list",
    "/api/v1/conditions/sciatica/": "conditions-detail",
    "/api/v1/symptoms/": "symptoms-list",
    "/api/v1/symptoms/leg-pain/": "symptoms-detail",
    "/api/v1/treatments/": "treatments-list",
    "/api/v1/treatments/acupuncture/": "treatments-detail",
    "/api/v1/case-studies/": "case-studies-list",
    "/api/v1/case-studies/mr-k/": "case-studies-detail",
    "/api/v1/conditions/export/rss/": "export-collection",
    "/api/v1/conditions/sciatica/export/leaflet-pdf/": "export-item",
}
# Previews are deliberately not conditional (no-store): their rules are in
# tests/api/test_preview.py.
UNCACHED = {"/api/v1/preview/": "preview"}
# Items that are not public, one per route that names an item.
MISSING = [
    "/api/v1/conditions/draft-condition/",
    "/api/v1/conditions/draft-condition/?format=jsonld",
    "/api/v1/symptoms/draft-symptom/",
    "/api/v1/treatments/draft-cure/",
    "/api/v1/case-studies/ms-l/",  # no consent for the web
    "/api/v1/images/999999/",
    "/api/v1/conditions/draft-condition/export/leaflet-pdf/",
    "/api/v1/conditions/no-such-thing/export/leaflet-pdf/",
]


@pytest.fixture
def urls(sciatica):
    return [path.format(image=sciatica.image.pk) for path in ROUTES]


def route_names():
    names = set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern).startswith("api/v1/"):
            names |= {name for name in _names(pattern) if name}
    return names


def _names(pattern):
    if hasattr(pattern, "url_patterns"):
        for inner in pattern.url_patterns:
            yield from _names(inner)
    else:
        yield pattern.name


def test_the_lists_above_cover_every_v1_route():
    assert set(ROUTES.values()) | set(UNCACHED.values()) == route_names()


def test_every_route_is_in_the_schema(client, site_tree):
    schema = client.get(
        "/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}
    )
    paths = schema.json()["paths"]
    templates = {re.sub(r"\{[^}]+\}", "{}", path) for path in paths}
    assert set(UNCACHED) <= templates
    for url in ROUTES:
        template = re.sub(
            r"/(sciatica|leg-pain|acupuncture|mr-k|\{image\})/", "/{}/", url
        )
        template = template.replace("/conditions/export/rss/", "/conditions/export/{}/")
        template = template.replace(
            "/conditions/{}/export/leaflet-pdf/", "/{}/{}/export/{}/"
        )
        assert template in templates, url


@pytest.mark.parametrize("path", MISSING)
@pytest.mark.parametrize(
    "headers",
    [{"If-None-Match": "*"}, {"If-Modified-Since": "Tue, 19 Jan 2038 03:14:07 GMT"}],
)
def test_a_missing_item_is_404_whatever_the_validators(api, sciatica, path, headers):
    make_condition(slug="draft-condition", publish=False)
    response = api.get(path, **headers)
    assert response.status_code == 404, path
    assert set(response.json()) <= {"detail", "errors"}
    assert response.json()["detail"]


def test_every_route_answers_304_and_412_in_the_one_shape(client, urls):
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        etag = first.headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        failed = client.get(url, headers={"If-Match": '"another"'})
        assert failed.status_code == 412, url
        assert failed.json() == {
            "detail": "precondition failed: the representation has changed"
        }


def test_every_route_is_throttled_with_a_json_429(client, urls, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "1/minute"}
    for url in urls:
        cache.clear()
        assert client.get(url).status_code == 200, url
        throttled = client.get(url)
        assert throttled.status_code == 429, url
        assert throttled.headers["Content-Type"] == "application/json"
        assert "throttled" in throttled.json()["detail"].lower()
        assert int(throttled.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing/", "/api/v1/conditions/a/b/c/", "/api/v1/condi%0Ations/"],
)
def test_unmatched_paths_are_json_404s(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert "the index at /api/v1/ lists them" in response.json()["detail"]


def test_publishing_one_condition_renders_only_it_and_what_shows_it(
    site_tree, django_capture_on_commit_callbacks
):
    symptoms = [make_symptom(slug="back"), make_symptom(slug="leg")]
    draft = make_symptom(slug="draft", publish=False)
    treatment = make_treatment(slug="needles")
    condition = make_condition(
        slug="sciatica", symptoms=[*symptoms, draft], treatments=[treatment]
    )
    make_case_study(slug="mr-k", condition=condition)
    # Unrelated: another condition with its own symptom and treatment.
    make_condition(
        slug="gout",
        symptoms=[make_symptom(slug="toe")],
        treatments=[make_treatment(slug="diet")],
    )
    render_due.call()
    rendered = []
    real = renderer._renderer

    def counting(resource, pages):
        rendered.extend(pages.values_list("slug", flat=True))
        return real(resource, pages)

    renderer.register(counting)
    try:
        condition.summary = "Pain along the sciatic nerve, revised."
        with django_capture_on_commit_callbacks(execute=True):
            condition.save_revision().publish()
    finally:
        renderer.register(real)
    # It, the symptoms and treatment it lists, the case study that names it; the
    # draft symptom is looked at but has nothing public to render.
    assert sorted(rendered) == ["back", "leg", "mr-k", "needles", "sciatica"]


def test_every_resource_in_the_registry_is_served_filtered_and_indexed(
    client, site_tree
):
    index = client.get("/api/v1/").json()["resources"]
    for resource in RESOURCES:
        assert FILTERSETS[resource.name]._meta.model is resource.model
        assert serializer_for(resource).resource == resource.name
        assert index[resource.name].endswith(f"/api/v1/{resource.name}/")
        assert client.get(f"/api/v1/{resource.name}/").status_code == 200


def test_a_bad_query_is_a_400_whatever_the_validators(client, sciatica):
    good = client.get("/api/v1/conditions/?limit=5")
    for headers in ({"If-None-Match": "*"}, {"If-None-Match": good.headers["ETag"]}):
        response = client.get("/api/v1/conditions/?limit=5&colour=red", headers=headers)
        assert response.status_code == 400
