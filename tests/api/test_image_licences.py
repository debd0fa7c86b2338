"""Licences per channel in the API: partners learn which images they may pass on.

The API is the clinic's own web channel, so it shows every image of a public page;
``syndication_allowed`` says whether a partner may republish it. An image under a
no-derivatives licence gets its sizes uncropped, without extra queries.
"""

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.demo.placeholder import placeholder_png
from content_models.images import CreditedImage
from content_models.licenses import License
from tests.factories import make_condition, make_image

pytestmark = pytest.mark.django_db


def image_on_a_page(license, **fields):
    image = make_image(license=license, **fields)
    make_condition(slug=f"page-of-image-{image.pk}", hero_image=image)
    return image


def make_wide_image(license):
    """A 900×300 image (3:1), on a public page."""
    image = CreditedImage(
        title="Meridian chart",
        file=placeholder_png("Meridian chart", size=(900, 300)),
        source_name="Wellcome Collection",
        source_url="https://wellcomecollection.org/works/chart",
        license=License.objects.get(spdx_id=license),
    )
    image.save()
    make_condition(slug=f"page-of-image-{image.pk}", hero_image=image)
    return image


def test_nc_image_is_shown_but_not_syndication_allowed(api, site_tree):
    image = image_on_a_page("CC-BY-NC-4.0")
    data = api.get(f"/api/v1/images/{image.pk}/").data
    assert data["syndication_allowed"] is False
    # The clinic's own channel still shows it, with its credit and sizes.
    assert data["credit"]["license"]["spdx_id"] == "CC-BY-NC-4.0"
    assert set(data["renditions"]) == {"thumbnail", "medium", "large"}


def test_cc_by_image_is_syndication_allowed(api, site_tree):
    image = image_on_a_page("CC-BY-4.0")
    assert api.get(f"/api/v1/images/{image.pk}/").data["syndication_allowed"] is True


def test_nc_image_is_syndication_allowed_when_the_clinic_is_not_commercial(
    api, site_tree, settings
):
    settings.MERIDIAN_GOVERNANCE = {"COMMERCIAL_CHANNELS": False}
    image = image_on_a_page("CC-BY-NC-4.0")
    assert api.get(f"/api/v1/images/{image.pk}/").data["syndication_allowed"] is True


def test_hero_image_of_a_page_says_whether_it_may_be_syndicated(api, site_tree):
    image = image_on_a_page("CC-BY-NC-ND-4.0")
    data = api.get(f"/api/v1/conditions/page-of-image-{image.pk}/").data
    assert data["hero_image"]["id"] == image.pk
    assert data["hero_image"]["syndication_allowed"] is False


def test_schema_documents_syndication_allowed(client, site_tree):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    images = [
        component
        for component in schema["components"]["schemas"].values()
        if "syndication_allowed" in component.get("properties", {})
    ]
    assert images
    for component in images:
        field = component["properties"]["syndication_allowed"]
        assert field["type"] == "boolean"
        assert "republish" in field["description"]
        assert "syndication_allowed" in component["required"]


def test_nd_image_thumbnail_has_the_image_aspect_ratio(api, site_tree):
    image = make_wide_image("CC-BY-NC-ND-4.0")
    thumbnail = api.get(f"/api/v1/images/{image.pk}/").data["renditions"]["thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (320, 106)
    assert ".max-320x240." in thumbnail["url"]


def test_cc_by_image_thumbnail_is_cropped_to_the_box(api, site_tree):
    image = make_wide_image("CC-BY-4.0")
    thumbnail = api.get(f"/api/v1/images/{image.pk}/").data["renditions"]["thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (320, 240)


def listing_queries(client):
    """Queries of a warm listing with every field (the first request makes the
    renditions; later ones must find them prefetched)."""
    client.get("/api/v1/conditions/?fields=*&limit=50")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/conditions/?fields=*&limit=50")
    assert response.status_code == 200
    return len(queries), response.json()["results"]


def test_nd_hero_images_cost_no_query_per_image(client, site_tree, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "RESPONSE_CACHE": ""}
    make_wide_image("CC-BY-NC-ND-4.0")
    one, _ = listing_queries(client)
    for _ in range(3):
        make_wide_image("CC-BY-NC-ND-4.0")
    four, results = listing_queries(client)
    assert four == one
    heights = [
        item["hero_image"]["renditions"]["thumbnail"]["height"] for item in results
    ]
    assert heights == [106] * 4
