"""Licences per channel in feeds: non-commercial images stay out of syndication.

When the clinic's channels are commercial (``MERIDIAN_GOVERNANCE["COMMERCIAL_CHANNELS"]``,
the default), a page whose hero image is under an NC licence is still in the RSS,
Atom and JSON feeds, but without the image: no enclosure or Media RSS, no figure,
no image credit in the rights.
"""

import json

import pytest
from lxml import etree

from tests.factories import make_condition, make_image

from .feed_support import FEEDS, clinic, parse, render  # noqa: F401

pytestmark = pytest.mark.usefixtures("clinic")

NS = {"atom": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}
NON_COMMERCIAL = {"COMMERCIAL_CHANNELS": False}


@pytest.fixture
def nc_condition():
    image = make_image(
        license="CC-BY-NC-4.0",
        work_title="Moxibustion on the lower back",
        source_url="https://collection.example/works/moxa",
    )
    make_condition(title="Lumbago", slug="lumbago", hero_image=image)
    return image


def rendition_urls(image):
    return [r.url for r in image.renditions.all()]


def entries(name):
    """``[(title, content HTML)]`` of the feed, as a reader gets them."""
    if name == "json-feed":
        items = json.loads(render(name))["items"]
        return [(item["title"], item["content_html"]) for item in items]
    return [(entry.title, entry.content[0].value) for entry in parse(name).entries]


@pytest.mark.parametrize("name", FEEDS)
def test_nc_image_is_left_out_of_every_feed_but_its_entry_stays(nc_condition, name):
    raw = render(name).decode()

    ((title, _),) = entries(name)
    assert title == "Lumbago"
    assert "Moxibustion" not in raw
    assert "collection.example/works/moxa" not in raw
    assert "/media/" not in raw and "<figure" not in raw
    assert "Image:" not in raw


@pytest.mark.parametrize("name", FEEDS)
def test_nc_image_is_in_every_feed_when_the_clinic_is_not_commercial(
    nc_condition, name, settings
):
    settings.MERIDIAN_GOVERNANCE = NON_COMMERCIAL
    raw = render(name).decode()

    ((title, content),) = entries(name)
    assert title == "Lumbago"
    assert "Moxibustion on the lower back" in raw
    assert "<figure" in content
    assert rendition_urls(nc_condition)[0] in raw


def test_rss_item_without_nc_image_has_no_media_content(nc_condition):
    item = etree.fromstring(render("rss")).find("channel/item")
    assert item.findtext("title") == "Lumbago"
    assert item.find("media:content", NS) is None


def test_atom_entry_without_nc_image_has_no_enclosure_and_text_only_rights(
    nc_condition,
):
    entry = etree.fromstring(render("atom")).find("atom:entry", NS)
    assert entry.find("atom:link[@rel='enclosure']", NS) is None
    assert entry.find("media:content", NS) is None
    assert "CC BY-NC" not in entry.findtext("atom:rights", namespaces=NS)


def test_json_feed_item_without_nc_image_has_no_image_or_credit(nc_condition):
    (item,) = json.loads(render("json-feed"))["items"]
    assert "image" not in item
    assert item["_meridian"]["image_credit"] is None
    assert "Image:" not in item["_meridian"]["rights"]


def test_json_feed_carries_the_nc_image_and_its_credit_when_not_commercial(
    nc_condition, settings
):
    settings.MERIDIAN_GOVERNANCE = NON_COMMERCIAL
    (item,) = json.loads(render("json-feed"))["items"]
    assert item["image"].startswith("http://testserver/media/")
    assert item["_meridian"]["image_credit"]["license"]["spdx_id"] == "CC-BY-NC-4.0"
    assert "Image: " in item["_meridian"]["rights"]


def test_commercially_licensed_image_stays_in_feeds_of_a_commercial_clinic():
    make_condition(hero_image=make_image(license="CC-BY-4.0", work_title="Cupping"))
    for name in FEEDS:
        assert "Cupping" in render(name).decode(), name
