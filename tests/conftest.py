"""Shared fixtures: the page tree, the demo content, and small factories."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from api.policy import AnonymousRateThrottle
from content_models import demo
from content_models.demo.tree import ensure_site_tree


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths; each test's database starts fresh.
    cache.clear()
    yield
    cache.clear()


# A moment one second into a day (so into a minute and an hour too).
THROTTLE_EPOCH = 20_833 * 86_400 + 1


@pytest.fixture(autouse=True)
def throttle_clock(monkeypatch):
    """The API throttle counts in clock windows (a minute for "N/minute"). Its clock
    stands still for a test, so a test's requests share one window, whichever
    second the suite reaches them; a test that means to cross into the next window
    moves ``throttle_clock.now`` on."""
    clock = SimpleNamespace(now=float(THROTTLE_EPOCH))
    monkeypatch.setattr(AnonymousRateThrottle, "timer", lambda self: clock.now)
    return clock


@pytest.fixture
def site_tree(db):
    """(home page, {resource slug: index page}) for a fresh database."""
    return ensure_site_tree(hostname="testserver", port=80)


@pytest.fixture
def demo_content(site_tree):
    """The full demo content, as returned by ``content_models.demo.load()``."""
    return demo.load()
