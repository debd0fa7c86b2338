"""What every feed format holds back or keeps: consent, privacy, identity, queries."""

import datetime
import json

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from content_models.conditions import ConditionPage
from exporters.exports import build_context, public_queryset
from exporters.registry import get_registry
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_linked_conditions,
    make_symptom,
    make_treatment,
)

from .feed_support import FEEDS, clinic, render  # noqa: F401

pytestmark = pytest.mark.usefixtures("clinic")


def titles(name, resource="conditions"):
    content = render(name, resource)
    if name == "json-feed":
        return {item["title"] for item in json.loads(content)["items"]}
    return {entry.title for entry in feedparser.parse(content).entries}


def ids(name, resource="conditions"):
    content = render(name, resource)
    if name == "json-feed":
        return [item["id"] for item in json.loads(content)["items"]]
    return [entry.id for entry in feedparser.parse(content).entries]


@pytest.mark.parametrize("name", FEEDS)
def test_case_studies_need_consent_to_syndicate(name):
    make_case_study(title="Shared", consent=("web", "syndication"))
    make_case_study(title="Web only", consent=("web",))
    make_case_study(title="Printed", consent=("web", "print"))
    make_case_study(
        title="Withdrawn",
        consent=("web", "syndication"),
        consent_withdrawn_on=datetime.date(2026, 1, 2),
    )

    assert titles(name, "case-studies") == {"Shared"}


@pytest.mark.parametrize("name", FEEDS)
def test_feed_guards_consent_even_when_handed_web_case_studies(name):
    make_case_study(title="Web only", consent=("web",))
    web_pages = list(public_queryset("case-studies"))  # the web channel's queryset
    exporter = get_registry().get(name)

    content = exporter.render(web_pages, build_context("case-studies"))

    assert b"Web only" not in content


@pytest.mark.parametrize("name", FEEDS)
def test_drafts_private_and_expired_pages_never_appear(name):
    make_condition(title="Published")
    make_condition(title="Draft", publish=False)
    private = make_condition(title="Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    expired = make_condition(title="Expired")
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(days=1)
    )

    assert titles(name) == {"Published"}


@pytest.mark.parametrize("name", FEEDS)
def test_draft_symptoms_and_treatments_are_not_named_in_categories(name):
    hidden_symptom = make_symptom(title="Secret symptom", publish=False)
    hidden_treatment = make_treatment(title="Secret treatment", publish=False)
    make_condition(symptoms=[hidden_symptom], treatments=[hidden_treatment])

    content = render(name)

    assert b"Secret" not in content


@pytest.mark.parametrize("name", FEEDS)
def test_entry_id_survives_new_title_slug_and_republishing(name):
    condition = make_condition(title="Sciatica", slug="sciatica")
    before = ids(name)

    condition = ConditionPage.objects.get(pk=condition.pk)
    condition.title, condition.slug = "Sciatic pain", "sciatic-pain"
    condition.save_revision().publish()

    assert ids(name) == before
    assert titles(name) == {"Sciatic pain"}


@pytest.mark.parametrize("name", FEEDS)
def test_empty_feed_is_still_a_valid_feed(name):
    content = render(name)

    if name == "json-feed":
        assert json.loads(content)["items"] == []
    else:
        parsed = feedparser.parse(content)
        assert not parsed.bozo and parsed.entries == []


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("count", [10, 100])
def test_query_count_does_not_grow_with_the_number_of_items(
    name, count, django_assert_num_queries
):
    make_linked_conditions(count, image_per_condition=True)
    exporter = get_registry().get(name)

    def fresh(limit=None):
        pages = list(public_queryset("conditions", exporter).order_by("pk"))[:limit]
        context = build_context("conditions", self_url="http://testserver/feed/")
        return pages, context

    exporter.render(*fresh())  # makes the image renditions and caches site roots
    pages, context = fresh(limit=2)
    with CaptureQueriesContext(connection) as two_entries:
        exporter.render(pages, context)

    # One query per kind of related data (public symptoms, public treatments, images,
    # renditions, symptom links, treatment links, the text licence) and one batch for
    # every entry's rich-text links, whatever the number of entries.
    assert len(two_entries) <= 10
    pages, context = fresh()
    with django_assert_num_queries(len(two_entries)):
        content = exporter.render(pages, context)

    assert content.count(b"Condition ") >= count - 1


def test_demo_sciatica_entry_carries_the_whole_page(demo_content):
    document = json.loads(render("json-feed"))

    html = next(i for i in document["items"] if i["title"] == "Sciatica")[
        "content_html"
    ]
    assert (
        'href="http://testserver/symptoms/lower-back-pain/">Lower back pain</a>' in html
    )
    assert "worse when sitting" in html
    assert "<h2>Get urgent help if…</h2>" in html
    assert "bladder or bowels" in html
    assert "Traditional Japanese Acupuncture</a>: " in html
    assert "<figcaption>" in html and "Wellcome Collection" in html
    assert "&lt;" not in html  # nothing escaped twice


def test_case_study_entry_keeps_its_disclaimer_and_outcomes(demo_content):
    document = json.loads(render("json-feed", "case-studies"))

    (item,) = [i for i in document["items"] if i["title"].startswith("Mr. K.")]
    assert "<ol><li>After session 1:" in item["content_html"]
    assert "not a promise of any outcome" in item["content_html"]


@pytest.mark.parametrize("name", FEEDS)
def test_links_follow_the_front_end_while_images_stay_on_the_cms(name, settings):
    settings.MERIDIAN_FRONTEND_URL = "https://www.harbour.example"
    make_condition(slug="gout", hero_image=make_image())

    content = render(name).decode()

    assert "https://www.harbour.example/conditions/gout/" in content
    assert "http://testserver/media/images/" in content
    assert "http://testserver/api/v1/conditions/export/" in content  # self link
    assert "https://www.harbour.example/media/" not in content


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_characters_xml_forbids_are_dropped_not_written(name):
    make_condition(title="Back\x0bpain", summary="Stiff\x0c neck.")

    parsed = feedparser.parse(render(name))

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == "Backpain"
