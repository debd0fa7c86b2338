"""Clinical governance settings, with their defaults in one place.

    MERIDIAN_GOVERNANCE = {
        "REVIEW_INTERVAL_YEARS": {"default": 3, "case-studies": 2},
        "REVIEW_DUE_SOON_DAYS": 90,
        "WITHHOLD_OVERDUE": ["print", "syndication"],   # leaflets and feeds
        "COMMERCIAL_CHANNELS": True,
    }

    >>> review_interval_years("conditions")
    3
    >>> withholds_overdue("print")
    True

Channels are the consent channels exporters declare (``Exporter.channel``): ``web``
(the API and its JSON-LD), ``print`` (leaflets) and ``syndication`` (feeds).
"""

import datetime

from django.conf import settings

DEFAULTS = {
    # Years from one clinical review to the next, by resource; "default" for the rest.
    "REVIEW_INTERVAL_YEARS": {"default": 3},
    # "Due soon" in the Reviews due report and the dashboard panel.
    "REVIEW_DUE_SOON_DAYS": 90,
    # Channels that hold back content whose next review date has passed.
    "WITHHOLD_OVERDUE": (),
    # Whether the clinic's channels are commercial: if so, images under a
    # non-commercial (NC) licence stay out of syndicated channels.
    "COMMERCIAL_CHANNELS": True,
}


def governance_setting(name):
    return {**DEFAULTS, **getattr(settings, "MERIDIAN_GOVERNANCE", {})}[name]


def review_interval_years(resource):
    """Years between reviews for ``resource`` ("conditions", "case-studies"…)."""
    intervals = {**DEFAULTS["REVIEW_INTERVAL_YEARS"]}
    intervals.update(governance_setting("REVIEW_INTERVAL_YEARS"))
    return int(intervals.get(resource, intervals["default"]))


def due_soon_days():
    return int(governance_setting("REVIEW_DUE_SOON_DAYS"))


def withholds_overdue(channel):
    """True when ``channel`` ("web", "print", "syndication") holds back overdue pages."""
    return channel in governance_setting("WITHHOLD_OVERDUE")


def channels_are_commercial():
    return bool(governance_setting("COMMERCIAL_CHANNELS"))


def today():
    """The clinic's today (UTC), the one date review and consent rules compare with."""
    return datetime.datetime.now(datetime.UTC).date()
