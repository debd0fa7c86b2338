"""Atom 1.0: RFC 4287's required elements, licence links and a real client's view."""

import re

import pytest
from lxml import etree

from content_models.settings import ClinicSettings
from tests.factories import make_condition, make_image, make_symptom

from .feed_support import clinic, parse, render  # noqa: F401

pytestmark = pytest.mark.usefixtures("clinic")

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def _only(element, path):
    found = element.findall(path, NS)
    assert len(found) == 1, f"expected exactly one {path} in {element.tag}"
    return found[0]


def test_feed_and_entries_have_every_element_rfc_4287_requires():
    make_condition(title="Sciatica")
    make_condition(title="Gout", hero_image=make_image())

    feed = etree.fromstring(render("atom"))

    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    for required in ("a:id", "a:title", "a:updated"):  # 4.1.1
        assert _only(feed, required).text
    assert RFC3339.match(_only(feed, "a:updated").text)
    _only(feed, "a:author/a:name")  # so entries need not each carry one
    self_link = _only(feed, "a:link[@rel='self']")
    assert self_link.get("href") == "http://testserver/api/v1/conditions/export/atom/"
    assert self_link.get("type") == "application/atom+xml"
    assert len(feed.findall("a:link[@rel='alternate']", NS)) == 1

    entries = feed.findall("a:entry", NS)
    assert len(entries) == 2
    for entry in entries:  # 4.1.2
        assert _only(entry, "a:id").text.startswith("urn:uuid:")
        assert _only(entry, "a:title").text
        assert RFC3339.match(_only(entry, "a:updated").text)
        assert RFC3339.match(_only(entry, "a:published").text)
        assert _only(entry, "a:link[@rel='alternate']").get("href").startswith("http")
        assert _only(entry, "a:content").get("type") == "html"
        assert _only(entry, "a:summary").get("type") == "text"
    ids = [entry.findtext("a:id", namespaces=NS) for entry in entries]
    assert len(set(ids)) == 2


def test_text_licence_is_rights_and_a_license_link():
    make_condition(hero_image=make_image(work_title="Moxa"))

    feed = etree.fromstring(render("atom"))

    license_link = _only(feed, "a:link[@rel='license']")  # RFC 4946
    assert license_link.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    rights = _only(feed, "a:rights").text
    assert "Harbour Clinic" in rights and "CC BY 4.0" in rights
    entry = _only(feed, "a:entry")
    assert '"Moxa"' in _only(entry, "a:rights").text
    enclosure = _only(entry, "a:link[@rel='enclosure']")
    assert enclosure.get("type") == "image/png"
    credit = entry.find("media:content/media:license", NS)
    assert credit.get("href") == "https://creativecommons.org/licenses/by/4.0/"


def test_image_credits_use_ebu_role_codes_and_keep_the_licence():
    image = make_image(creator="Hokusai", source_name="Wellcome Collection")
    make_condition(hero_image=image)

    entry = _only(etree.fromstring(render("atom")), "a:entry")

    media = _only(entry, "media:content")
    credits = [
        (c.get("scheme"), c.get("role"), c.text)
        for c in media.findall("media:credit", NS)
    ]
    assert credits == [
        ("urn:ebu", "author", "Hokusai"),
        ("urn:ebu", "distribution company", "Wellcome Collection"),
    ]
    assert _only(media, "media:license").text == "CC BY 4.0"


def test_feedparser_reads_every_field():
    symptom = make_symptom(title="Toe pain", slug="toe-pain")
    condition = make_condition(
        title="Gout", slug="gout", summary="Sudden joint pain.", symptoms=[symptom]
    )

    feed = parse("atom")

    condition.refresh_from_db()
    assert feed.version == "atom10"
    assert feed.feed.rights_detail.type == "text/plain"
    assert feed.feed.links[0].rel == "self"
    (entry,) = feed.entries
    assert entry.id == f"urn:uuid:{condition.translation_key}"
    assert entry.title == "Gout"
    assert entry.link == "http://testserver/conditions/gout/"
    assert entry.summary == "Sudden joint pain."
    assert entry.content[0].type == "text/html"
    assert entry.author_detail.name == "Harbour Clinic"
    assert entry.author_detail.email == "desk@harbour.example"
    (tag,) = entry.tags
    assert (tag.term, tag.label, tag.scheme) == (
        "toe-pain",
        "Toe pain",
        "http://testserver/symptoms/",
    )
    assert entry.updated == condition.last_published_at.strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
    assert feed.feed.updated == entry.updated


def test_escaped_title_round_trips_and_script_never_survives():
    make_condition(
        title="Back & <neck> pain",
        overview='<p>Rest.</p><script>alert("x")</script><p onclick="x()">Move.</p>',
    )

    raw = render("atom")
    (entry,) = parse("atom").entries

    assert entry.title == "Back & <neck> pain"
    assert b"script" not in raw.lower()
    assert b"onclick" not in raw
    assert "<p>Rest.</p>" in entry.content[0].value


def test_relative_and_internal_links_become_absolute():
    target = make_condition(title="Gout", slug="gout")
    make_condition(
        title="Sciatica",
        overview=f'<p><a href="/treatments/acupuncture/">Acupuncture</a> and '
        f'<a linktype="page" id="{target.pk}">gout</a>.</p>',
    )

    feed = parse("atom")

    content = next(e for e in feed.entries if e.title == "Sciatica").content[0].value
    assert 'href="http://testserver/treatments/acupuncture/"' in content
    assert 'href="http://testserver/conditions/gout/"' in content
    assert 'href="/' not in content


def test_without_a_text_licence_the_feed_reserves_all_rights():
    ClinicSettings.objects.update(text_license=None)
    make_condition()

    feed = etree.fromstring(render("atom"))

    assert feed.findall("a:link[@rel='license']", NS) == []
    assert _only(feed, "a:rights").text.endswith("All rights reserved.")
