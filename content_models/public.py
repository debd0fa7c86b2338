"""What may leave the system: one queryset per resource, used by every channel.

    >>> public("conditions")                     # live, public, not expired
    >>> public("case-studies", ConsentChannel.PRINT)  # … and consent for printing
    >>> public_for_channel("conditions", ConsentChannel.PRINT)  # … and, if the
    ...     # clinic withholds overdue pages from print, reviewed in time

The API, feeds, leaflets and exports all start from these; none re-writes the filter.
Images have their rule too: a licence, and no view restriction on their collection::

    >>> public_images()                          # every image that may leave
    >>> image_is_public(page.hero_image)         # one image a page shows
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .case_studies import ConsentChannel
from .governance import today, withholds_overdue
from .resources import RESOURCES

CONSENT_FIELDS = {
    ConsentChannel.WEB: "consent_web",
    ConsentChannel.PRINT: "consent_print",
    ConsentChannel.SYNDICATION: "consent_syndication",
}


def live_and_public(queryset, now=None):
    """Live, not past its expiry date, and with no view restriction on it or above."""
    now = now or timezone.now()
    not_expired = Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    # Same rule as PageQuerySet.public(), but in SQL: building the queryset makes no
    # query. A restriction covers its page and every page whose path starts with it.
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.live().filter(not_expired).exclude(Exists(restricted))


def public(resource, channel=ConsentChannel.WEB, now=None):
    """Live and public pages of ``resource`` (a name or :class:`Resource`); for a
    resource that needs consent, only those consented to ``channel`` and not
    withdrawn. Review dates are not considered (see :func:`public_for_channel`)."""
    resource = RESOURCES[str(resource)]
    queryset = resource.model.objects.all()
    if resource.needs_consent:
        consent = {CONSENT_FIELDS[channel]: True, "consent_withdrawn_on__isnull": True}
        if channel != ConsentChannel.WEB:
            # Print and syndication copies are copies of the web page.
            consent["consent_web"] = True
        queryset = queryset.filter(**consent)
    return live_and_public(queryset, now)


def public_conditions():
    return public("conditions")


def public_symptoms():
    return public("symptoms")


def public_treatments():
    return public("treatments")


def public_case_studies(channel=ConsentChannel.WEB):
    """Case studies whose patient consented to ``channel`` and has not withdrawn."""
    return public("case-studies", channel)


def public_for_channel(resource, channel=ConsentChannel.WEB, now=None):
    """What ``channel`` may show of ``resource``: consent where needed, and no
    page past its review date where ``MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"]``
    names the channel. ``now`` (default: now) is the moment the rules apply to."""
    queryset = public(resource, channel, now)
    if RESOURCES[str(resource)].reviewed and withholds_overdue(channel):
        day = now.astimezone(datetime.UTC).date() if now else today()
        queryset = queryset.exclude(next_review_due__lt=day)
    return queryset


def withheld_as_overdue(resource, channel, slug):
    """The public page ``channel`` holds back only because its review is overdue."""
    if not RESOURCES[str(resource)].reviewed or not withholds_overdue(channel):
        return None
    overdue = public(resource, channel).filter(next_review_due__lt=today())
    return overdue.filter(slug=slug).first()


def private_collections():
    """Collections with a view restriction on them or above them (in SQL): what an
    anonymous reader may not see, whatever the restriction asks for."""
    restricted = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    return Collection.objects.filter(Exists(restricted))


def public_images(queryset=None):
    """Images that may leave the system: with a licence, in no private collection."""
    if queryset is None:
        queryset = get_image_model().objects.all()
    return queryset.filter(license__isnull=False).exclude(
        collection__in=private_collections()
    )


def image_is_public(image, private_collection_ids=None):
    """Whether one image (or None) may be shown by any channel.

    A caller that checks many images passes ``private_collection_ids`` (the ids of
    :func:`private_collections`, read once); without it this asks the database."""
    if image is None or image.license_id is None:
        return False
    if private_collection_ids is not None:
        return image.collection_id not in private_collection_ids
    return not collection_is_private(image.collection_id)


def collection_is_private(collection_id):
    """Whether the collection, or one above it, has a view restriction."""
    return private_collections().filter(pk=collection_id).exists()
