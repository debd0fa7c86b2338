"""The feed model: what every feed says about a collection of pages, built once for
RSS, Atom and JSON Feed.

    >>> from exporters.feeds.model import build_feed
    >>> feed = build_feed(pages, context)      # pages: specific, public pages
    >>> feed.title, feed.updated, feed.text_license
    >>> entry = feed.entries[0]
    >>> entry.id, entry.link, entry.published, entry.content_html, entry.image.credit.text

Feeds carry the reviewed resources (:data:`FEED_RESOURCES`, read from the registry
in ``content_models.resources``).

An entry carries its page's hero image only where the image's licence allows
syndication (``CreditedImage.may_syndicate``); otherwise the entry has no image, no
figure and no image credit in its rights.

The facts come from the shared formatters (``canonical_url_for_path``, the batched
``RichTextRenderer``, ``credit_for``, ``attribution_for`` for the rights); dates stay
timezone-aware datetimes and each exporter only writes them in its own notation
(``exporters.feeds.exporter.rfc822`` and ``rfc3339``).
Related pages are fetched with a fixed number of queries whatever the number of pages.
"""

import datetime
import mimetypes
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

from content_models.attribution import attribution_for
from content_models.canonical import canonical_url_for_path, site_root_paths
from content_models.case_studies import ConsentChannel
from content_models.conditions import ConditionSymptom, ConditionTreatment
from content_models.credits import credit_for
from content_models.images import CreditedImage
from content_models.licenses import LicenseRef
from content_models.public import (
    public_conditions,
    public_images,
    public_symptoms,
    public_treatments,
)
from content_models.resources import RESOURCES
from content_models.richtext import RichTextRenderer

from .content import EntryBody, figure, rich_text_sources

# Feeds syndicate clinical content, which is what a clinician reviews on a cycle.
FEED_RESOURCES = tuple(resource.name for resource in RESOURCES.reviewed())
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Author:
    name: str
    url: str = ""
    email: str = ""


@dataclass(frozen=True)
class Category:
    """A related page: ``term`` is its slug, ``scheme`` the URL of its collection."""

    term: str
    label: str
    scheme: str
    url: str


@dataclass(frozen=True)
class FeedImage:
    url: str
    media_type: str
    width: int
    height: int
    title: str
    credit: object  # content_models.credits.Credit


@dataclass(frozen=True)
class FeedEntry:
    id: str  # stable for the life of the page, whatever its slug or title
    title: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    summary: str  # plain text
    content_html: str  # sanitised, absolute URLs
    categories: list
    author: Author
    image: FeedImage | None
    rights: str
    resource: str
    slug: str


@dataclass
class Feed:
    id: str
    title: str
    description: str
    link: str  # the collection on the front end
    self_url: str
    language: str  # BCP 47, e.g. en-GB
    updated: datetime.datetime
    author: Author
    rights: str
    text_license: LicenseRef | None
    syndication_terms: str | None
    resource: str
    entries: list = field(default_factory=list)


def language_tag(code=None):
    """Django's ``en-gb`` as the BCP 47 tag ``en-GB``."""
    language, _, region = (code or settings.LANGUAGE_CODE).partition("-")
    return f"{language}-{region.upper()}" if region else language


def media_url(url, context):
    """Absolute URL of a stored file: media is served by the CMS, not the front end."""
    if urlsplit(url).scheme:
        return url
    origin = context.self_url or settings.WAGTAILADMIN_BASE_URL
    return urljoin(origin, url)


def feed_rendition():
    """The image size feeds publish: the API's "large" rendition (an allowed size)."""
    return settings.MERIDIAN_API.get("RENDITIONS", {}).get("large", "max-1600x1200")


def _images():
    # Only images that may leave the system: a page whose image is in a private
    # collection gets none (the prefetch finds nothing), in one query for all.
    return (
        public_images(CreditedImage.objects.all())
        .select_related("license")
        .prefetch_renditions(feed_rendition())
    )


def _condition_lookups():
    return [
        Prefetch("hero_image", _images()),
        Prefetch(
            "symptom_links",
            ConditionSymptom.objects.filter(
                symptom__in=public_symptoms()
            ).select_related("symptom"),
        ),
        Prefetch(
            "treatment_links",
            ConditionTreatment.objects.filter(
                treatment__in=public_treatments()
            ).select_related("treatment"),
        ),
    ]


def _treatment_lookups():
    return [
        Prefetch("hero_image", _images()),
        Prefetch(
            "condition_links",
            ConditionTreatment.objects.filter(
                condition__in=public_conditions()
            ).select_related("condition"),
            to_attr="public_condition_links",
        ),
    ]


def _case_study_lookups():
    return [
        Prefetch("condition", public_conditions()),
        Prefetch("treatments_given", public_treatments()),
        "outcomes",
    ]


# Related pages a feed names, limited to public ones; one query per lookup.
PREFETCH = {
    "conditions": _condition_lookups,
    "treatments": _treatment_lookups,
    "case-studies": _case_study_lookups,
}


def _may_syndicate(page, resource):
    # A guard, not a filter: callers pass public_case_studies(SYNDICATION).
    if RESOURCES[resource].needs_consent:
        return ConsentChannel.SYNDICATION in page.consent_scope
    return True


class _EntryBuilder:
    """Turns one page into a FeedEntry; shared state is resolved once per feed."""

    def __init__(self, resource, context, author, text_rights, html_by_key):
        self.resource = resource
        self.context = context
        self.author = author
        self.text_rights = text_rights
        self.roots = site_root_paths()
        self.body = EntryBody(resource, html_by_key, url_of=self.url)

    def url(self, page):
        return canonical_url_for_path(page.url_path, self.roots)

    def category(self, page):
        collection_path = page.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
        return Category(
            term=page.slug,
            label=page.title,
            scheme=canonical_url_for_path(collection_path, self.roots),
            url=self.url(page),
        )

    def image(self, image):
        # Feeds are syndicated: an image whose licence does not allow that (NC when
        # the clinic is commercial) is left out, with its credit; the entry stays.
        if image is None or not image.may_syndicate():
            return None
        # Prefetched; made once (and then kept) the first time an image is in a feed.
        rendition = image.get_rendition(feed_rendition())
        return FeedImage(
            url=media_url(rendition.url, self.context),
            media_type=mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg",
            width=rendition.width,
            height=rendition.height,
            title=image.title,
            credit=credit_for(image),
        )

    def entry(self, page):
        html, related, hero_image = self.body.build(page)
        image = self.image(hero_image)
        rights = self.text_rights
        if image:
            html = f"{figure(image)}\n{html}"
            rights = f"{rights} Image: {image.credit.text}"
        return FeedEntry(
            id=f"urn:uuid:{page.translation_key}",
            title=page.title,
            link=self.url(page),
            published=page.first_published_at or page.last_published_at,
            updated=page.last_published_at or page.first_published_at,
            summary=page.summary,
            content_html=html,
            categories=[self.category(linked) for linked in related],
            author=self.author,
            image=image,
            rights=rights,
            resource=self.resource,
            slug=page.slug,
        )


def build_feed(pages, context, self_url=""):
    """The :class:`Feed` for ``pages`` (specific, public pages of ``context.resource``).

    Queries: one per related-object prefetch, one for the text licence and at most
    one for every internal link in every entry's rich text, whatever ``len(pages)``.
    """
    resource = context.resource
    pages = [page for page in pages if _may_syndicate(page, resource)]
    if pages:
        prefetch_related_objects(pages, *PREFETCH[resource]())
    clinic = context.clinic
    attribution = attribution_for(clinic, clinic.text_license)
    author = Author(clinic.clinic_name, clinic.website, clinic.email)
    html_by_key = RichTextRenderer(context.base_url).render_many(
        rich_text_sources(resource, pages)
    )
    builder = _EntryBuilder(resource, context, author, attribution.rights, html_by_key)
    entries = [builder.entry(page) for page in pages]
    label = RESOURCES[resource].index_title  # "Case studies"
    link = f"{context.base_url}/{resource}/"
    self_url = self_url or context.self_url or link
    return Feed(
        id=self_url,
        title=f"{clinic.feed_title or clinic.clinic_name}: {label}",
        description=f"{label} published by {clinic.clinic_name}.",
        link=link,
        self_url=self_url,
        language=language_tag(),
        # An empty feed has changed never; a fixed date keeps its bytes stable.
        updated=max((entry.updated for entry in entries), default=EPOCH),
        author=author,
        rights=attribution.rights,
        text_license=attribution.license,
        syndication_terms=attribution.terms,
        resource=resource,
        entries=entries,
    )
