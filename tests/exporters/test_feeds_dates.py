"""Entry dates in every feed format: exact, distinct and in the feed's order, even for
pages published within the same second (as the demo content is)."""

import datetime
import json

import pytest
from lxml import etree

from content_models.conditions import ConditionPage
from content_models.resources import RESOURCES
from exporters.feeds.model import FEED_RESOURCES
from tests.factories import make_condition

from .feed_support import clinic, render  # noqa: F401

FEED = "/api/v1/{resource}/export/{name}/"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def atom_updated(body):
    feed = etree.fromstring(body)
    return [
        entry.findtext("a:updated", namespaces=ATOM)
        for entry in feed.iterfind("a:entry", ATOM)
    ]


def rss_updated(body):
    channel = etree.fromstring(body).find("channel")
    return [
        item.findtext("a:updated", namespaces=ATOM) for item in channel.iter("item")
    ]


def json_feed_updated(body):
    return [item["date_modified"] for item in json.loads(body)["items"]]


UPDATED = {"atom": atom_updated, "rss": rss_updated, "json-feed": json_feed_updated}


@pytest.mark.parametrize("name", UPDATED)
def test_demo_entries_have_distinct_updated_dates_newest_first(
    client, demo_content, name
):
    for resource in FEED_RESOURCES:
        response = client.get(FEED.format(resource=resource, name=name))
        assert response.status_code == 200
        dates = [
            datetime.datetime.fromisoformat(text)
            for text in UPDATED[name](response.content)
        ]

        published = (
            RESOURCES[resource].model.objects.live().filter(last_published_at__in=dates)
        )
        newest_first = sorted(
            (page.last_published_at for page in published), reverse=True
        )
        assert dates == newest_first, f"{resource}: not the publish times in order"
        assert len(set(dates)) == len(dates), f"{resource}: two entries share a date"


@pytest.mark.usefixtures("clinic")
@pytest.mark.parametrize("name", UPDATED)
def test_pages_published_in_the_same_second_keep_their_order(name):
    second = datetime.datetime(2026, 11, 25, 8, 30, tzinfo=datetime.UTC)
    for microsecond, slug in [(250_000, "first"), (750_000, "second")]:
        page = make_condition(slug=slug)
        ConditionPage.objects.filter(pk=page.pk).update(
            last_published_at=second.replace(microsecond=microsecond)
        )
    pages = list(ConditionPage.objects.order_by("-last_published_at"))

    dates = UPDATED[name](render(name, pages=pages))

    assert dates == ["2026-11-25T08:30:00.750000Z", "2026-11-25T08:30:00.250000Z"]
