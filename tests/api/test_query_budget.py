"""Query counts: the same for 5 items or 100, and small and fixed for a detail.

The counts are exact so that a change which adds a query per request is noticed. A
detail with every field: the content fingerprint (ETag), the page with its hero image,
one query per related list (symptoms, treatments, codes, case studies, image
renditions) and one for the batched rich-text link lookup. Clinic settings and the
site's base URL are memoised until content changes, so a warm request skips them.
"""

import pytest

from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db

LISTING_ALL_FIELDS = 9
LISTING_COMPACT = 3
DETAIL_ALL_FIELDS = 9  # one more: the item is looked up before any 304


@pytest.fixture
def many_conditions(site_tree, client):
    """105 fully linked conditions, each with rich text that links to a page."""
    symptoms = [make_symptom() for _ in range(3)]
    treatments = [make_treatment() for _ in range(2)]
    image = make_image()
    for n in range(105):
        condition = make_condition(
            slug=f"linked-{n}",
            overview=f'<p>See <a linktype="page" id="{treatments[0].pk}">this</a>.</p>',
            symptoms=symptoms,
            treatments=treatments,
            codes=[("icd-10", "M54.3")],
            hero_image=image,
            red_flags=[("red_flag", "it gets worse")],
        )
        if n % 20 == 0:
            make_case_study(condition=condition)
    # The first request makes the image renditions and caches the site roots.
    client.get("/api/v1/conditions/?fields=*&limit=1")


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("limit", [5, 100])
def test_listing_with_all_fields_costs_the_same_for_any_page_size(
    client, many_conditions, django_assert_num_queries, limit
):
    with django_assert_num_queries(LISTING_ALL_FIELDS):
        data = get(client, f"/api/v1/conditions/?fields=*&limit={limit}")
    assert len(data["results"]) == limit
    assert all(len(item["symptoms"]) == 3 for item in data["results"])


@pytest.mark.parametrize("limit", [5, 100])
def test_compact_listing_costs_three_queries(
    client, many_conditions, django_assert_num_queries, limit
):
    with django_assert_num_queries(LISTING_COMPACT):
        get(client, f"/api/v1/conditions/?limit={limit}")


def test_detail_costs_a_fixed_small_number_of_queries(
    client, many_conditions, django_assert_num_queries
):
    for slug in ("linked-0", "linked-7"):
        with django_assert_num_queries(DETAIL_ALL_FIELDS):
            get(client, f"/api/v1/conditions/{slug}/")


def test_not_modified_detail_costs_two_queries(
    client, many_conditions, django_assert_num_queries
):
    etag = client.get("/api/v1/conditions/linked-3/").headers["ETag"]
    # the item's lookup (a 304 only for what is public), then the validators
    with django_assert_num_queries(2):
        response = client.get(
            "/api/v1/conditions/linked-3/", headers={"If-None-Match": etag}
        )
    assert response.status_code == 304


def test_repeat_request_is_served_from_the_response_cache(
    client, many_conditions, django_assert_num_queries
):
    first = client.get("/api/v1/conditions/?fields=*&limit=50")
    with django_assert_num_queries(1):
        again = client.get("/api/v1/conditions/?fields=*&limit=50")
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
