"""Query counts: small, fixed, and the same for 5 items or 100, or 1 or 105 in all.

The counts are exact so that a change which adds a query per request is noticed.
Items are rendered when they are published (``content_models.publishing``), so a
request reads the store:

- a detail, JSON or JSON-LD, warm or first asked for since its publish: one query
  (the public item's stored representation, by slug, public rules in SQL);
- a 304 for a detail: the same one query (found before any 304);
- a listing page, compact or every field: five — items still due (none), the
  resource's last change (its ETag), the count, the page of ids (filters, order and
  public rules in SQL on the content tables), and their stored entries; asked again
  with nothing changed, two: the body is kept under its ETag.
"""

import pytest

from content_models.conditions import ConditionSymptom
from content_models.publishing.tasks import render_due
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db

DETAIL = 1
LISTING = 5
LISTING_AGAIN = 2


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
    # What publishing does after commit: render every item into the store.
    render_due.call()
    # This process checks once that the store matches its settings.
    client.get("/api/v1/conditions/?limit=1")


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("limit", [5, 100])
def test_listing_with_all_fields_costs_the_same_for_any_page_size(
    client, many_conditions, django_assert_num_queries, limit
):
    with django_assert_num_queries(LISTING):
        data = get(client, f"/api/v1/conditions/?fields=*&limit={limit}")
    assert len(data["results"]) == limit
    assert all(len(item["symptoms"]) == 3 for item in data["results"])


@pytest.mark.parametrize("limit", [5, 100])
def test_compact_listing_costs_the_same_for_any_page_size(
    client, many_conditions, django_assert_num_queries, limit
):
    with django_assert_num_queries(LISTING):
        data = get(client, f"/api/v1/conditions/?limit={limit}")
    assert data["count"] == 105 and len(data["results"]) == limit


def test_a_filtered_listing_costs_the_same(
    client, many_conditions, django_assert_num_queries
):
    with django_assert_num_queries(LISTING):
        data = get(client, "/api/v1/conditions/?code=M54.3&ordering=-title&limit=7")
    assert data["count"] == 105 and len(data["results"]) == 7


def test_detail_costs_a_fixed_small_number_of_queries(
    client, many_conditions, django_assert_num_queries
):
    # Never asked for since it was published, then again: the same single query.
    for slug in ("linked-0", "linked-7", "linked-7"):
        with django_assert_num_queries(DETAIL):
            data = get(client, f"/api/v1/conditions/{slug}/")
        assert data["slug"] == slug and len(data["symptoms"]) == 3
    for fields in ("?format=jsonld", "?fields=title,symptoms"):
        with django_assert_num_queries(DETAIL):
            assert (
                client.get(f"/api/v1/conditions/linked-8/{fields}").status_code == 200
            )


def test_not_modified_detail_costs_one_query(
    client, many_conditions, django_assert_num_queries
):
    etag = client.get("/api/v1/conditions/linked-3/").headers["ETag"]
    # the item's lookup (a 304 only for what is public) holds its ETag
    with django_assert_num_queries(DETAIL):
        response = client.get(
            "/api/v1/conditions/linked-3/", headers={"If-None-Match": etag}
        )
    assert response.status_code == 304


def test_an_item_due_again_is_rendered_by_the_request_that_finds_it(
    client, many_conditions, django_assert_max_num_queries
):
    # No worker has run since the symptom changed: the reader renders what is due.
    symptom = ConditionSymptom.objects.first().symptom
    symptom.title = "Renamed"
    symptom.save_revision().publish()
    data = get(client, "/api/v1/conditions/linked-4/")
    assert "Renamed" in {item["title"] for item in data["symptoms"]}


def test_a_listing_asked_again_is_kept_under_its_etag(
    client, many_conditions, django_assert_num_queries
):
    first = client.get("/api/v1/conditions/?limit=30&fields=*")
    with django_assert_num_queries(LISTING_AGAIN):
        again = client.get("/api/v1/conditions/?limit=30&fields=*")
    assert again.content == first.content
    # A change moves the ETag, and so the key: the next request builds afresh.
    condition = ConditionSymptom.objects.first().condition
    condition.title = "A condition renamed"
    condition.save_revision().publish()
    changed = client.get("/api/v1/conditions/?limit=30&fields=*")
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert b"A condition renamed" in changed.content  # first by title
