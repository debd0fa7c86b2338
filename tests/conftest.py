"""Shared fixtures: the page tree, the demo content, and small factories."""

import pytest
from django.core.cache import cache

from content_models import demo
from content_models.demo.tree import ensure_site_tree


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths; each test's database starts fresh.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db):
    """(home page, {resource slug: index page}) for a fresh database."""
    return ensure_site_tree(hostname="testserver", port=80)


@pytest.fixture
def demo_content(site_tree):
    """The full demo content, as returned by ``content_models.demo.load()``."""
    return demo.load()
