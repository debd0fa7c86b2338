"""What may leave the system: one queryset per resource, used by every channel.

    >>> public_conditions()                      # live, public, not expired
    >>> public_case_studies(ConsentChannel.PRINT)  # … and consent for printing
    >>> public_for_channel("conditions", ConsentChannel.PRINT)  # … and, if the
    ...     # clinic withholds overdue pages from print, reviewed in time

The API, feeds, leaflets and exports all start from these; none re-writes the filter.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import PageViewRestriction

from .case_studies import CaseStudyPage, ConsentChannel
from .conditions import ConditionPage
from .governance import today, withholds_overdue
from .symptoms import SymptomPage
from .treatments import TreatmentPage

CONSENT_FIELDS = {
    ConsentChannel.WEB: "consent_web",
    ConsentChannel.PRINT: "consent_print",
    ConsentChannel.SYNDICATION: "consent_syndication",
}


def live_and_public(queryset):
    """Live, not past its expiry date, and with no view restriction on it or above."""
    not_expired = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
    # Same rule as PageQuerySet.public(), but in SQL: building the queryset makes no
    # query. A restriction covers its page and every page whose path starts with it.
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.live().filter(not_expired).exclude(Exists(restricted))


def public_conditions():
    return live_and_public(ConditionPage.objects.all())


def public_symptoms():
    return live_and_public(SymptomPage.objects.all())


def public_treatments():
    return live_and_public(TreatmentPage.objects.all())


def public_case_studies(channel=ConsentChannel.WEB):
    """Case studies whose patient consented to ``channel`` and has not withdrawn."""
    consent = {
        CONSENT_FIELDS[channel]: True,
        "consent_withdrawn_on__isnull": True,
    }
    if channel != ConsentChannel.WEB:
        # Print and syndication copies are copies of the web page.
        consent["consent_web"] = True
    return live_and_public(CaseStudyPage.objects.filter(**consent))


PUBLIC_QUERYSETS = {
    "conditions": public_conditions,
    "symptoms": public_symptoms,
    "treatments": public_treatments,
    "case-studies": public_case_studies,
}


# Resources a clinician reviews on a cycle (ReviewedContent).
REVIEWED_RESOURCES = ("conditions", "treatments", "case-studies")


def public_for_channel(resource, channel=ConsentChannel.WEB):
    """What ``channel`` may show of ``resource``: consent for case studies, and no
    page past its review date where ``MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"]``
    names the channel."""
    queryset = _consented(resource, channel)
    if resource in REVIEWED_RESOURCES and withholds_overdue(channel):
        queryset = queryset.exclude(next_review_due__lt=today())
    return queryset


def withheld_as_overdue(resource, channel, slug):
    """The public page ``channel`` holds back only because its review is overdue."""
    if resource not in REVIEWED_RESOURCES or not withholds_overdue(channel):
        return None
    overdue = _consented(resource, channel).filter(next_review_due__lt=today())
    return overdue.filter(slug=slug).first()


def _consented(resource, channel):
    """Public, and for case studies consented to ``channel``; review not considered."""
    if resource == "case-studies":
        return public_case_studies(channel)
    return PUBLIC_QUERYSETS[resource]()
