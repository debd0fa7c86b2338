"""RSS 2.0: what a feed reader and a Media RSS consumer get."""

import datetime
import html
import re

import pytest
from lxml import etree

from content_models.settings import ClinicSettings
from tests.factories import make_condition, make_image, make_symptom, make_treatment

from .feed_support import clinic, parse, render  # noqa: F401

pytestmark = pytest.mark.usefixtures("clinic")

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
}
RFC822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")


def test_every_field_round_trips_through_feedparser():
    symptom = make_symptom(title="Lower back pain", slug="lower-back-pain")
    treatment = make_treatment(title="Acupuncture", slug="acupuncture")
    condition = make_condition(
        title="Sciatica",
        slug="sciatica",
        summary="Pain along the sciatic nerve.",
        overview="<p>The nerve is <b>irritated</b>.</p>",
        symptoms=[symptom],
        treatments=[treatment],
    )

    feed = parse("rss")

    condition.refresh_from_db()
    assert feed.version == "rss20"
    assert feed.feed.title == "Harbour Clinic patient information: Conditions"
    assert feed.feed.language == "en-GB"
    (entry,) = feed.entries
    assert entry.title == "Sciatica"
    assert entry.link == "http://testserver/conditions/sciatica/"
    assert entry.id == f"urn:uuid:{condition.translation_key}"
    assert entry.guidislink is False
    assert html.unescape(entry.summary) == "Pain along the sciatic nerve."
    assert "<b>irritated</b>" in entry.content[0].value
    assert entry.author == "desk@harbour.example (Harbour Clinic)"
    assert [tag.term for tag in entry.tags] == ["Lower back pain", "Acupuncture"]
    assert entry.tags[0].scheme == "http://testserver/symptoms/"
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert published == condition.first_published_at.replace(microsecond=0)
    assert entry.updated_parsed == entry.published_parsed


def test_channel_has_self_link_language_licence_and_dates():
    make_condition()

    channel = etree.fromstring(render("rss")).find("channel")

    self_link = channel.find("atom:link[@rel='self']", NS)
    assert self_link.get("href") == "http://testserver/api/v1/conditions/export/rss/"
    assert self_link.get("type") == "application/rss+xml"
    license_link = channel.find("atom:link[@rel='license']", NS)
    assert license_link.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in channel.findtext("copyright")
    assert channel.findtext("language") == "en-GB"
    assert RFC822.match(channel.findtext("lastBuildDate"))
    assert RFC822.match(channel.findtext("item/pubDate"))


def test_image_credit_and_licence_are_media_rss():
    image = make_image(
        work_title="Qigong exercise",
        creator="Unknown artist",
        source_name="Wellcome Collection",
        source_url="https://collection.example/works/qigong",
    )
    make_condition(hero_image=image)

    item = etree.fromstring(render("rss")).find("channel/item")

    media = item.find("media:content", NS)
    assert media.get("url").startswith("http://testserver/media/")
    assert media.get("medium") == "image"
    assert media.get("type") == "image/png"
    assert (media.get("width"), media.get("height")) == ("400", "300")
    credits = {
        (c.get("scheme"), c.get("role")): c.text
        for c in media.findall("media:credit", NS)
    }
    assert credits == {  # EBU role codes, Media RSS's default role scheme
        ("urn:ebu", "author"): "Unknown artist",
        ("urn:ebu", "distribution company"): "Wellcome Collection",
    }
    copyright = media.find("media:copyright", NS)
    assert copyright.text.startswith('"Qigong exercise" by Unknown artist.')
    assert copyright.get("url") == "https://collection.example/works/qigong"
    license = media.find("media:license", NS)
    assert license.text == "CC BY 4.0"
    assert license.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert media.findtext("media:title", namespaces=NS) == "Qigong exercise"


def test_title_with_ampersand_and_angle_bracket_is_text_not_markup():
    make_condition(title="Back & <neck> pain", summary="Stiff & <sore>.")

    raw = render("rss")
    entry = parse("rss").entries[0]

    assert b"<title>Back &amp; &lt;neck&gt; pain</title>" in raw
    assert entry.title == "Back & <neck> pain"
    assert html.unescape(entry.summary) == "Stiff & <sore>."


def test_clinic_without_email_is_named_as_dc_creator():
    ClinicSettings.objects.update(email="")
    make_condition()

    item = etree.fromstring(render("rss")).find("channel/item")

    assert item.find("author") is None
    assert (
        item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Harbour Clinic"
    )
    assert parse("rss").entries[0].author == "Harbour Clinic"
