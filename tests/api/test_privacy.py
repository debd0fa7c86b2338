"""Only live, public content leaves through the API: each leak class, everywhere."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import make_case_study, make_condition, make_symptom

pytestmark = pytest.mark.django_db


def expired(page):
    page.expire_at = timezone.now() - datetime.timedelta(days=1)
    page.save(update_fields=["expire_at"])
    return page


def private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return page


def unpublished(page):
    page.unpublish()
    return page


LEAKS = {
    "draft": lambda **f: make_condition(publish=False, **f),
    "unpublished": lambda **f: unpublished(make_condition(**f)),
    "expired": lambda **f: expired(make_condition(**f)),
    "private": lambda **f: private(make_condition(**f)),
}


def everywhere(api, resource, slug, search_word):
    """Every way a client could reach an item: listing, detail, search, filters."""
    listed = api.get(f"/api/v1/{resource}/?limit=100").data["results"]
    starred = api.get(f"/api/v1/{resource}/?limit=100&fields=*").data["results"]
    searched = api.get(f"/api/v1/{resource}/?search={search_word}").data["results"]
    return {
        "listing": slug in {item["slug"] for item in listed + starred},
        "detail": api.get(f"/api/v1/{resource}/{slug}/").status_code != 404,
        "search": slug in {item["slug"] for item in searched},
    }


@pytest.mark.parametrize("leak", sorted(LEAKS))
def test_hidden_condition_never_appears(api, site_tree, leak):
    symptom = make_symptom(slug="shared-symptom")
    make_condition(slug="visible", summary="Zebracorn visible.", symptoms=[symptom])
    LEAKS[leak](slug="hidden", summary="Zebracorn hidden.", symptoms=[symptom])
    assert everywhere(api, "conditions", "hidden", "zebracorn") == {
        "listing": False,
        "detail": False,
        "search": False,
    }
    assert everywhere(api, "conditions", "visible", "zebracorn")["search"]
    filtered = api.get("/api/v1/conditions/?symptom=shared-symptom").data["results"]
    assert [item["slug"] for item in filtered] == ["visible"]
    linked = api.get("/api/v1/symptoms/shared-symptom/").data["conditions"]
    assert [item["slug"] for item in linked] == ["visible"]


@pytest.mark.parametrize(
    "consent, withdrawn",
    [
        ((), None),
        (("print", "syndication"), None),
        (("web",), datetime.date(2026, 1, 1)),
    ],
    ids=["no-consent", "print-only", "withdrawn"],
)
def test_case_study_without_web_consent_never_appears(
    api, site_tree, consent, withdrawn
):
    condition = make_condition(slug="sciatica")
    make_case_study(
        slug="hidden",
        summary="Zebracorn case.",
        consent=consent,
        consent_withdrawn_on=withdrawn,
        condition=condition,
    )
    assert everywhere(api, "case-studies", "hidden", "zebracorn") == {
        "listing": False,
        "detail": False,
        "search": False,
    }
    assert api.get("/api/v1/case-studies/?condition=sciatica").data["results"] == []
    assert api.get("/api/v1/conditions/sciatica/").data["case_studies"] == []


@pytest.mark.parametrize("leak", sorted(LEAKS))
def test_hidden_case_study_is_not_listed(api, site_tree, leak):
    page = make_case_study(slug="hidden", publish=leak != "draft")
    if leak == "unpublished":
        unpublished(page)
    elif leak == "expired":
        expired(page)
    elif leak == "private":
        private(page)
    assert api.get("/api/v1/case-studies/").data["count"] == 0
    assert api.get("/api/v1/case-studies/hidden/").status_code == 404


def test_links_to_hidden_pages_are_left_out_of_details(api, sciatica):
    data = api.get("/api/v1/conditions/sciatica/").data
    assert "draft-symptom" not in {s["slug"] for s in data["symptoms"]}
    assert "draft-cure" not in {t["slug"] for t in data["treatments"]}
    case = api.get("/api/v1/case-studies/mr-k/").data
    assert "draft-cure" not in {t["slug"] for t in case["treatments_given"]}


def test_case_study_of_a_hidden_condition_shows_no_condition(api, sciatica):
    sciatica.condition.unpublish()
    assert api.get("/api/v1/case-studies/mr-k/").data["condition"] is None


def test_hero_image_of_a_draft_condition_is_not_served(api, site_tree):
    from tests.factories import make_image

    image = make_image()
    make_condition(publish=False, hero_image=image)
    assert api.get(f"/api/v1/images/{image.pk}/").status_code == 404


def test_rich_text_links_to_expired_pages_become_plain_text(api, site_tree):
    gone = expired(make_condition(slug="gone"))
    make_condition(
        slug="linking", overview=f'<p><a linktype="page" id="{gone.pk}">old</a></p>'
    )
    overview = api.get("/api/v1/conditions/linking/").data["overview"]
    assert "gone" not in overview and "old" in overview
