"""Atom 1.0 feeds (RFC 4287) with licence links (RFC 4946) and Media RSS credits.

    GET /api/v1/treatments/export/atom/

Unlike Django's generator, every entry carries its required ``updated`` and every URL
in its content is absolute; the text licence is the feed's ``rights`` and its
``link rel="license"``.
"""

from .exporter import FeedExporter, rfc3339
from .xml import ATOM, ET, add_media_content, sub, to_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _author(parent, author):
    element = sub(parent, "author")
    sub(element, "name", author.name)
    if author.url:
        sub(element, "uri", author.url)
    if author.email:
        sub(element, "email", author.email)


class AtomExporter(FeedExporter):
    name = "atom"
    label = "Atom 1.0 feed"
    media_type = "application/atom+xml; charset=utf-8"
    extension = "atom"

    def render(self, items, context):
        feed = self.feed(items, context)
        # Atom is the default namespace, declared on the root, so its names stay plain.
        root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: feed.language})
        sub(root, "id", feed.id)
        sub(root, "title", feed.title, type="text")
        sub(root, "subtitle", feed.description, type="text")
        sub(root, "updated", rfc3339(feed.updated))
        sub(root, "link", rel="self", href=feed.self_url,
            type=self.media_type.split(";")[0])  # fmt: skip
        sub(root, "link", rel="alternate", href=feed.link, type="text/html")
        if feed.text_license and feed.text_license.url:
            sub(root, "link", rel="license", href=feed.text_license.url,
                title=feed.text_license.short_name)  # fmt: skip
        sub(root, "rights", feed.rights, type="text")
        _author(root, feed.author)
        sub(root, "generator", "Meridian")
        for entry in feed.entries:
            element = sub(root, "entry")
            sub(element, "id", entry.id)
            sub(element, "title", entry.title, type="text")
            sub(element, "link", rel="alternate", href=entry.link, type="text/html")
            sub(element, "published", rfc3339(entry.published))
            sub(element, "updated", rfc3339(entry.updated))
            _author(element, entry.author)
            for category in entry.categories:
                sub(element, "category", term=category.term,
                    scheme=category.scheme, label=category.label)  # fmt: skip
            sub(element, "summary", entry.summary, type="text")
            sub(element, "content", entry.content_html, type="html")
            sub(element, "rights", entry.rights, type="text")
            if entry.image:
                sub(element, "link", rel="enclosure", href=entry.image.url,
                    type=entry.image.media_type)  # fmt: skip
                add_media_content(element, entry.image)
        return to_bytes(root)
