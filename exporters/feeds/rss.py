"""RSS 2.0 feeds with Media RSS image credits.

    GET /api/v1/conditions/export/rss/?symptom=lower-back-pain

Each item has a permanent ``guid`` (not the link, which follows the slug), an RFC 822
``pubDate``, ``atom:updated``, the summary as ``description``, the full HTML as
``content:encoded``, categories, the clinic as author and the image as
``media:content`` with its credit, copyright and licence.
"""

from html import escape

from .exporter import FeedExporter, rfc822, rfc3339
from .xml import ATOM, CONTENT, DC, ET, add_media_content, qname, sub, to_bytes


class RSSExporter(FeedExporter):
    name = "rss"
    label = "RSS 2.0 feed"
    media_type = "application/rss+xml; charset=utf-8"
    extension = "rss"

    def render(self, items, context):
        feed = self.feed(items, context)
        rss = ET.Element("rss", version="2.0")
        channel = sub(rss, "channel")
        sub(channel, "title", feed.title)
        sub(channel, "link", feed.link)
        sub(channel, "description", feed.description)
        sub(channel, "language", feed.language)
        sub(channel, "copyright", feed.rights)
        sub(channel, "lastBuildDate", rfc822(feed.updated))
        sub(channel, "docs", "https://www.rssboard.org/rss-specification")
        sub(channel, qname(ATOM, "link"), href=feed.self_url, rel="self",
            type=self.media_type.split(";")[0])  # fmt: skip
        if feed.text_license and feed.text_license.url:
            sub(channel, qname(ATOM, "link"), href=feed.text_license.url, rel="license")
        for entry in feed.entries:
            item = sub(channel, "item")
            sub(item, "title", entry.title)
            sub(item, "link", entry.link)
            # RSS readers read description as HTML: escape the plain-text summary.
            sub(item, "description", escape(entry.summary))
            sub(item, qname(CONTENT, "encoded"), entry.content_html)
            sub(item, "guid", entry.id, isPermaLink="false")
            sub(item, "pubDate", rfc822(entry.published))
            sub(item, qname(ATOM, "updated"), rfc3339(entry.updated))
            if entry.author.email:
                sub(item, "author", f"{entry.author.email} ({entry.author.name})")
            else:
                sub(item, qname(DC, "creator"), entry.author.name)
            for category in entry.categories:
                sub(item, "category", category.label, domain=category.scheme)
            if entry.image:
                add_media_content(item, entry.image)
        return to_bytes(rss)
