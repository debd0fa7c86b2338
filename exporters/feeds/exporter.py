"""What the three feed exporters share: the base class, the self URL and date notation.

    class RSSExporter(FeedExporter):
        name = "rss"
        ...
        def render(self, items, context):
            feed = self.feed(items, context)    # an exporters.feeds.model.Feed
            ...rfc822(feed.updated)...          # "Wed, 25 Nov 2026 08:30:00 GMT"
            ...rfc3339(entry.updated)...        # "2026-11-25T08:30:00.254817Z"

A feed is a collection export of the reviewed resources, sent out on the syndication
channel (a case study only with the patient's consent for it).
"""

import datetime
from email.utils import format_datetime
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse

from content_models.case_studies import ConsentChannel

from ..base import Exporter
from .model import FEED_RESOURCES, build_feed


class FeedExporter(Exporter):
    """What the three feed exporters share: scope, resources and ``build_feed``."""

    scope = Exporter.COLLECTION
    resources = FEED_RESOURCES
    channel = ConsentChannel.SYNDICATION
    version = "2"  # 2: dates to the microsecond, EBU credit roles

    def feed(self, items, context):
        return build_feed(items, context, self_url=feed_url(self, context))


def feed_url(exporter, context):
    """Where this feed is served: the request's URL, or the API route (export files)."""
    if context.self_url:
        return context.self_url
    path = reverse(
        "api:export-collection",
        kwargs={"resource": context.resource, "exporter": exporter.name},
    )
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def rfc3339(moment):
    """``2026-11-25T08:30:00.254817Z``: Atom and JSON Feed dates.

    To the microsecond, as stored: pages published in the same second (a batch, the
    demo) keep distinct ``updated`` dates in the order they were published.
    """
    return (
        moment.astimezone(datetime.UTC)
        .isoformat(timespec="microseconds")
        .replace("+00:00", "Z")
    )


def rfc822(moment):
    """``Wed, 25 Nov 2026 08:30:00 GMT``: RSS 2.0 dates, to the second (RFC 822 has
    no fractions; RSS items also carry ``atom:updated`` in :func:`rfc3339`)."""
    return format_datetime(moment.astimezone(datetime.UTC), usegmt=True)
