"""?search= on the listings: best match first, codes, synonyms, symptoms, prefixes, typos.

The same tests run on SQLite (Wagtail's embedded FTS5 index) and on PostgreSQL (its
full-text search); where the two differ the test says so (docs/operations.md,
"Search").
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    make_case_study,
    make_condition,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="typo tolerance is PostgreSQL's (pg_trgm trigram similarity, Wagtail's "
    "Fuzzy query); SQLite's embedded FTS5 index matches whole words and, through "
    "autocomplete, prefixes only",
)


def slugs(api, query, resource="conditions"):
    response = api.get(f"/api/v1/{resource}/?{query}")
    assert response.status_code == 200, response.data
    return [item["slug"] for item in response.data["results"]]


@pytest.fixture
def library(site_tree):
    """Sciatica, three conditions that mention it, and one that shares a symptom."""
    leg = make_symptom(title="Leg pain", slug="leg-pain")
    draft = make_symptom(title="Zebracorn tingling", slug="zebracorn", publish=False)
    make_condition(
        title="Piriformis syndrome",
        slug="piriformis",
        summary="A tight buttock muscle presses on a nerve.",
        overview="<p>Often taken for sciatica: like sciatica, and sciatica-like "
        "pain runs down the leg.</p>",
        symptoms=[leg],
    )
    make_condition(
        title="Sciatica",
        slug="sciatica",
        summary="Pain along the sciatic nerve, from the lower back down one leg.",
        medical_term="Lumbar radiculopathy",
        also_called="Sciatic nerve pain\nLumbar radicular pain",
        overview="<p>Pressure on a nerve root in the lower back.</p>",
        symptoms=[leg, draft],
        codes=[
            ("icd-10", "M54.3"),
            ("icd-10-cm", "M54.16"),
            ("snomed-ct", "23056005"),
        ],
    )
    make_condition(
        title="Hamstring strain",
        slug="hamstring",
        summary="A torn muscle at the back of the thigh.",
        symptoms=[leg],
    )
    make_condition(
        title="Gout",
        slug="gout",
        summary="A painful big toe; not to be confused with sciatica.",
        codes=[("icd-10", "M10.9")],
    )
    make_condition(
        title="Lumbago",
        slug="lumbago",
        summary="Low back pain.",
        overview="<p>Coded M54.5; sciatica (M54.3) is coded apart.</p>",
        codes=[("icd-10", "M54.5")],
    )


# ----------------------------------------------------------------------- relevance


def test_a_condition_named_by_the_words_comes_before_those_that_mention_them(
    api, library
):
    found = slugs(api, "search=sciatica")
    assert found[0] == "sciatica"
    assert set(found) == {"sciatica", "piriformis", "gout", "lumbago"}


def test_relevance_order_survives_paging(api, library):
    everything = slugs(api, "search=sciatica")
    pages = [slugs(api, f"search=sciatica&limit=1&offset={n}") for n in range(4)]
    assert [slug for page in pages for slug in page] == everything


def test_relevance_can_be_named_and_is_the_default_when_searching(api, library):
    assert slugs(api, "search=sciatica&ordering=relevance") == slugs(
        api, "search=sciatica"
    )


def test_an_explicit_ordering_wins_over_relevance(api, library):
    assert slugs(api, "search=sciatica&ordering=title") == [
        "gout",
        "lumbago",
        "piriformis",
        "sciatica",
    ]
    assert slugs(api, "search=sciatica&ordering=-title")[0] == "sciatica"


def test_without_a_search_listings_keep_title_order(api, library):
    assert slugs(api, "") == ["gout", "hamstring", "lumbago", "piriformis", "sciatica"]


@pytest.mark.parametrize(
    "query",
    ["ordering=relevance", "ordering=relevance&search=%22(*)", "ordering=-relevance"],
)
def test_ordering_by_relevance_needs_a_search_and_has_one_direction(
    api, library, query
):
    response = api.get(f"/api/v1/conditions/?{query}")
    assert response.status_code == 400
    assert "ordering" in response.data["errors"]
    assert "relevance" in response.data["detail"]


# resource → its factory, the body text field it searches, and that field's markup
BODY_TEXT = {
    "symptoms": (make_symptom, "description", "{}"),
    "treatments": (make_treatment, "biomedical_mechanism", "<p>{}</p>"),
    "case-studies": (make_case_study, "findings", "<p>{}</p>"),
}


@pytest.mark.parametrize("resource", BODY_TEXT)
def test_every_resource_ranks_its_search(api, site_tree, resource):
    make, field, markup = BODY_TEXT[resource]
    make(
        title="Tenderness",
        slug="a-tender",
        **{field: markup.format("Cupping eases it.")},
    )
    make(title="Cupping", slug="b-cupping", **{field: markup.format("Suction cups.")})
    assert slugs(api, "search=cupping", resource) == ["b-cupping", "a-tender"]
    assert slugs(api, "search=cupping&ordering=-title", resource) == [
        "a-tender",
        "b-cupping",
    ]


# ---------------------------------------------------------------------- what matches


@pytest.mark.parametrize("code", ["M54.3", "m54.3", "M54.16", "23056005"])
def test_a_clinical_code_finds_the_condition_that_carries_it_first(api, library, code):
    assert slugs(api, f"search={code}")[0] == "sciatica"


def test_a_code_mentioned_in_text_comes_after_the_condition_coded_with_it(api, library):
    assert slugs(api, "search=M54.3") == ["sciatica", "lumbago"]
    assert slugs(api, "search=M54.5") == ["lumbago"]


def test_codes_match_exactly_never_as_a_prefix_or_typo(api, library):
    assert slugs(api, "search=M54.1") == []
    assert slugs(api, "search=M54.4") == []


def test_synonyms_and_the_medical_term_find_the_condition(api, library):
    assert slugs(api, "search=radicular") == ["sciatica"]
    assert slugs(api, "search=radiculopathy") == ["sciatica"]


def test_summary_and_body_text_are_searched(api, library):
    assert slugs(api, "search=buttock muscle") == ["piriformis"]
    assert slugs(api, "search=nerve root") == ["sciatica"]
    assert slugs(api, "search=toe") == ["gout"]


def test_a_symptoms_title_finds_the_conditions_that_list_it(api, library):
    # Hamstring strain never says "leg" or "pain": it lists the symptom Leg pain,
    # so it comes after the conditions whose own text has the words.
    found = slugs(api, "search=leg pain")
    assert set(found[:2]) == {"sciatica", "piriformis"}
    assert found[2:] == ["hamstring"]
    assert slugs(api, "search=leg pain&ordering=title") == [
        "hamstring",
        "piriformis",
        "sciatica",
    ]


def test_a_draft_symptoms_title_finds_nothing(api, library):
    assert slugs(api, "search=zebracorn") == []


def test_the_start_of_a_name_finds_it(api, library):
    assert slugs(api, "search=sciat") == ["sciatica"]
    assert slugs(api, "search=lumbar radic") == ["sciatica"]


def test_words_that_match_nothing_find_nothing_without_an_error(api, library):
    # On PostgreSQL without pg_trgm the typo query fails inside a savepoint.
    assert slugs(api, "search=qwxzvk") == []


@postgresql_only
def test_a_typo_still_finds_the_condition(api, library, trigram):
    assert slugs(api, "search=sciatca")[0] == "sciatica"
    assert slugs(api, "search=piriformos") == ["piriformis"]
    assert slugs(api, "search=M54.4") == []  # a code is exact even here


@pytest.fixture
def trigram(db):
    """pg_trgm in this test's database; in production ``manage.py enable_unaccent``
    then ``enable_trigram`` (docs/operations.md, "Search")."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL server has no pg_trgm extension")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


# ------------------------------------------------------------------------ query cost


def test_a_searched_listing_costs_the_same_for_any_page_size(api, library):
    slugs(api, "search=sciatica&limit=2")  # settles the store once
    # Each measured URL is asked for the first time: no kept listing body answers it.
    counts = []
    for limit in (1, 4):
        with CaptureQueriesContext(connection) as queries:
            assert len(slugs(api, f"search=sciatica&limit={limit}")) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1]
