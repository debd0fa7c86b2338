"""Helpers for the feed tests: render a feed the way the API and the command do."""

import feedparser
import pytest
from wagtail.models import Site

from content_models.licenses import License
from content_models.settings import ClinicSettings
from exporters.exports import build_context, public_queryset
from exporters.registry import get_registry

FEEDS = ("rss", "atom", "json-feed")
SELF_URL = "http://testserver/api/v1/{resource}/export/{name}/"


@pytest.fixture
def clinic(site_tree):
    """Clinic settings with a text licence, as staff would fill them in."""
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.clinic_name = "Harbour Clinic"
    settings.email = "desk@harbour.example"
    settings.website = "https://harbour.example"
    settings.feed_title = "Harbour Clinic patient information"
    settings.text_license = License.objects.get(spdx_id="CC-BY-4.0")
    settings.syndication_terms = "Show the attribution and link back."
    settings.save()
    return settings


def render(name, resource="conditions", pages=None):
    """Bytes of the ``name`` feed of ``resource`` (all public pages by default)."""
    exporter = get_registry().get(name)
    if pages is None:
        pages = list(public_queryset(resource, exporter).order_by("pk"))
    context = build_context(
        resource, self_url=SELF_URL.format(resource=resource, name=name)
    )
    return exporter.render(pages, context)


def parse(name, resource="conditions", pages=None):
    """The feed as feedparser (a real client) reads it; fails on any bozo bit."""
    parsed = feedparser.parse(render(name, resource, pages))
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed
