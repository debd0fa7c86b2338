"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), served as application/feed+json.

    GET /api/v1/case-studies/export/json-feed/

Credits and licences travel in the ``_meridian`` extension object, at feed level (the
text licence and syndication terms) and per item (the image credit, as the API gives
it). Feed readers that do not know the extension ignore it, as the spec requires.
"""

import json

from ..characters import printable
from .exporter import FeedExporter, rfc3339

VERSION = "https://jsonfeed.org/version/1.1"


def _printable(value):
    """``value`` (decoded JSON) with every string passed through ``printable``."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


def _author(author):
    return {key: value for key, value in (("name", author.name), ("url", author.url))
            if value}  # fmt: skip


class JSONFeedExporter(FeedExporter):
    name = "json-feed"
    label = "JSON Feed 1.1"
    media_type = "application/feed+json; charset=utf-8"
    extension = "json"

    def render(self, items, context):
        feed = self.feed(items, context)
        document = {
            "version": VERSION,
            "title": feed.title,
            "home_page_url": feed.link,
            "feed_url": feed.self_url,
            "description": feed.description,
            "authors": [_author(feed.author)],
            "language": feed.language,
            "_meridian": {
                "updated": rfc3339(feed.updated),
                "rights": feed.rights,
                "text_license": (
                    feed.text_license.as_dict() if feed.text_license else None
                ),
                "syndication_terms": feed.syndication_terms or None,
            },
            "items": [self.item(entry) for entry in feed.entries],
        }
        # JSON could escape control characters, but a reader would still get them.
        text = json.dumps(_printable(document), ensure_ascii=False, indent=2)
        return text.encode("utf-8")

    def item(self, entry):
        item = {
            "id": entry.id,
            "url": entry.link,
            "title": entry.title,
            "content_html": entry.content_html,
            "summary": entry.summary,
            "date_published": rfc3339(entry.published),
            "date_modified": rfc3339(entry.updated),
            "authors": [_author(entry.author)],
            "tags": [category.label for category in entry.categories],
            "_meridian": {
                "resource": entry.resource,
                "slug": entry.slug,
                "rights": entry.rights,
                "categories": [
                    {"term": c.term, "label": c.label, "scheme": c.scheme, "url": c.url}
                    for c in entry.categories
                ],
                "image_credit": entry.image.credit.as_dict() if entry.image else None,
            },
        }
        if entry.image:
            item["image"] = entry.image.url
        return item
