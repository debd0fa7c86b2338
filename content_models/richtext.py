"""Rich text leaves the system through one formatter: sanitised, with absolute links.

    >>> renderer = RichTextRenderer()
    >>> html_by_key = renderer.render_many({"a": page_a.overview, "b": page_b.overview})

Internal page links in every field passed at once are resolved with one query. A link
that names no public page (a draft, an expired or missing page, or an id that is no id
at all: see ``internal_links``) becomes plain text, as does any other Wagtail link
type. Everything is then cleaned with nh3, so no script, style or event handler
survives, and relative URLs become absolute.
"""

import re
from urllib.parse import urljoin

import nh3
from wagtail.models import Page
from wagtail.rich_text.rewriters import extract_attrs

from .canonical import base_url, canonical_url_for_path, site_root_paths
from .internal_links import OPENING_TAG, page_link_target
from .public import live_and_public
from .web_urls import WEB_SCHEMES

EMBED_TAG = re.compile(r"<embed(\b[^>]*)/?>", re.IGNORECASE)
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "h2", "h3", "h4",
    "h5", "h6", "i", "li", "ol", "p", "strong", "sub", "sup", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def sanitise(html, attribute_filter=None):
    """``html`` with only the tags and attributes rich text allows, and links only to
    web, mail and phone addresses: the one cleaning every channel's rich text gets."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={*WEB_SCHEMES, "mailto", "tel"},
        attribute_filter=attribute_filter,
        link_rel="noopener",
    )


class RichTextRenderer:
    """Renders many rich-text values with one batched lookup of linked pages."""

    def __init__(self, base=None):
        self.base = (base or base_url()).rstrip("/") + "/"
        self._page_urls = {}

    def _collect_page_ids(self, sources):
        ids = set()
        for source in sources:
            for match in OPENING_TAG.finditer(source):
                attrs = extract_attrs(match.group(1))
                if attrs.get("linktype") == "page":
                    ids.add(page_link_target(attrs))
        return ids - {None} - set(self._page_urls)

    def _resolve(self, ids):
        if not ids:
            return
        roots = site_root_paths()
        # The shared "public" rule: an expired or restricted page is not linked either.
        live = live_and_public(Page.objects.filter(id__in=ids))
        for page_id, url_path in live.values_list("id", "url_path"):
            self._page_urls[page_id] = canonical_url_for_path(url_path, roots)
        for page_id in ids:
            self._page_urls.setdefault(page_id, None)

    def _rewrite_links(self, source):
        def replace(match):
            attrs = extract_attrs(match.group(1))
            if "linktype" not in attrs:
                return match.group(0)
            url = None
            if attrs["linktype"] == "page":
                url = self._page_urls.get(page_link_target(attrs))
            # Without its opening tag the link is plain text: the HTML parser in nh3
            # drops the "</a>" left behind.
            return f'<a href="{url}">' if url else ""

        return EMBED_TAG.sub("", OPENING_TAG.sub(replace, source))

    def _absolute(self, element, attribute, value):
        if element == "a" and attribute == "href":
            return urljoin(self.base, value)
        return value

    def render(self, source):
        return self.render_many({"value": source})["value"]

    def render_many(self, sources):
        """Render a mapping of key → rich text source; returns key → safe HTML."""
        sources = {key: str(value or "") for key, value in sources.items()}
        self._resolve(self._collect_page_ids(sources.values()))
        return {
            key: sanitise(self._rewrite_links(source), self._absolute).strip()
            for key, source in sources.items()
        }


def render_rich_text(source, base=None):
    """Render one rich-text value; prefer RichTextRenderer.render_many for lists."""
    return RichTextRenderer(base).render(source)
