"""JSON Feed 1.1: valid against a schema written from the spec, with our extension."""

import json
from pathlib import Path

import jsonschema
import pytest

from tests.factories import make_condition, make_image, make_treatment

from .feed_support import clinic, render  # noqa: F401

pytestmark = pytest.mark.usefixtures("clinic")

SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())


def read(resource="conditions"):
    document = json.loads(render("json-feed", resource))
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    return document


def test_feed_is_valid_json_feed_1_1_with_every_field():
    treatment = make_treatment(title="Acupuncture", slug="acupuncture")
    condition = make_condition(
        title="Sciatica",
        slug="sciatica",
        summary="Nerve pain.",
        treatments=[treatment],
        hero_image=make_image(work_title="Qigong", creator="Anon"),
    )

    document = read()

    condition.refresh_from_db()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert (
        document["feed_url"] == "http://testserver/api/v1/conditions/export/json-feed/"
    )
    assert document["home_page_url"] == "http://testserver/conditions/"
    assert document["language"] == "en-GB"
    assert document["authors"] == [
        {"name": "Harbour Clinic", "url": "https://harbour.example"}
    ]
    (item,) = document["items"]
    assert item["id"] == f"urn:uuid:{condition.translation_key}"
    assert item["url"] == "http://testserver/conditions/sciatica/"
    assert item["title"] == "Sciatica"
    assert item["summary"] == "Nerve pain."
    assert item["date_published"] == condition.first_published_at.strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
    assert item["tags"] == ["Acupuncture"]
    assert item["image"].startswith("http://testserver/media/")
    assert 'href="http://testserver/treatments/acupuncture/"' in item["content_html"]


def test_meridian_extension_carries_credit_and_licences():
    make_condition(hero_image=make_image(work_title="Qigong", creator="Anon"))

    document = read()

    feed_extension = document["_meridian"]
    assert feed_extension["text_license"]["spdx_id"] == "CC-BY-4.0"
    assert feed_extension["syndication_terms"] == "Show the attribution and link back."
    assert "Harbour Clinic" in feed_extension["rights"]
    credit = document["items"][0]["_meridian"]["image_credit"]
    assert credit["title"] == "Qigong"
    assert credit["creator"] == "Anon"
    assert credit["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert credit["text"].startswith('"Qigong" by Anon.')


def test_item_without_image_has_no_image_key():
    make_treatment(title="Moxibustion")

    (item,) = read("treatments")["items"]

    assert "image" not in item
    assert item["_meridian"]["image_credit"] is None


def test_schema_refuses_what_the_spec_refuses():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "items": [{"id": "1", "content_text": "x"}],
    }
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "version": "https://jsonfeed.org/version/1"})
    assert not validator.is_valid({**good, "items": [{"id": "1"}]})  # no content
    assert not validator.is_valid({**good, "colour": "red"})  # not an extension
    bad_date = [{"id": "1", "content_text": "x", "date_published": "25/11/2026"}]
    assert not validator.is_valid({**good, "items": bad_date})


def test_control_characters_and_unpaired_surrogates_are_dropped():
    # A surrogate cannot be saved; a page object in memory can hold one.
    page = make_condition(summary="Stiff\x0c neck\x7f.")
    page.refresh_from_db()  # with its publish dates
    page.title = "Back\x0bpain\ud800"

    document = json.loads(render("json-feed", pages=[page]))

    (item,) = document["items"]
    assert (item["title"], item["summary"]) == ("Backpain", "Stiff neck.")
