"""The hook that turns public pages into stored representations.

The API registers its renderer when it starts (``api.apps``)::

    from content_models.publishing import renderer

    def render(resource, pages):          # pages: a queryset of public pages
        return {page.pk: Rendered(body=..., compact=..., jsonld=...) for page in ...}

    renderer.register(render)

so the store, which lives beside the content, never imports the API. A renderer
may raise: the store then renders the items one by one, keeps the stored body of
any that still fails and tries it again later (``store.refresh``).

    with renderer.using(other):           # for a block only (tests, a one-off run)
        ...
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Rendered:
    """One item's representations, as text ready to send."""

    body: str  # the detail, every field, JSON
    compact: str  # the listing's default fields, JSON
    jsonld: str  # schema.org JSON-LD


_renderer = None


def register(render):
    """Set the function ``render(resource, pages) -> {page id: Rendered}``."""
    global _renderer
    _renderer = render


@contextmanager
def using(render):
    """Render with ``render`` inside the block, then go back to the one before."""
    before = _renderer
    register(render)
    try:
        yield
    finally:
        register(before)


def render(resource, pages):
    if _renderer is None:
        raise ImproperlyConfigured(
            "no publication renderer registered: is the 'api' app installed?"
        )
    return _renderer(resource, pages)
