"""The one parser for each kind of value a URL or an option carries.

    >>> parse_boolean("true"), parse_boolean("0")
    (True, False)
    >>> parse_whole_number("50", minimum=1, maximum=100)
    50
    >>> parse_date("2026-01-31")
    datetime.date(2026, 1, 31)
    >>> parse_moment("2026-01-31T09:30:00Z")
    datetime.datetime(2026, 1, 31, 9, 30, tzinfo=datetime.timezone.utc)

Each raises :class:`ValueError` whose message says what is allowed ("enter true or
false"); the API turns it into a 400, the export command into a usage error. The API's
filters, pagination, export options (``large_print``, ``download``) and the exporters
all call these, so ``yes`` means the same thing, an error, everywhere.

A parameter that is given must have a value: ``?red_flag=`` is an error
(:data:`EMPTY_RULE`), never read as "no filter" — leave the parameter out for that.
"""

import datetime

from django.utils.dateparse import parse_date as django_parse_date
from django.utils.dateparse import parse_datetime

BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
BOOLEAN_RULE = "enter true or false"
DATE_RULE = "enter a date as YYYY-MM-DD, e.g. 2026-01-31"
MOMENT_RULE = (
    "enter a date (2026-01-31) or an ISO 8601 date-time (2026-01-31T09:30:00Z)"
)
EMPTY_RULE = "give a value, or leave the parameter out"


def parse_boolean(raw):
    """``true``/``false`` (also ``1``/``0``, any case); anything else is an error."""
    if isinstance(raw, bool):
        return raw
    try:
        return BOOLEANS[str(raw).strip().lower()]
    except KeyError:
        raise ValueError(BOOLEAN_RULE) from None


def whole_number_rule(minimum, maximum):
    return f"a whole number from {minimum} to {maximum}"


def parse_whole_number(raw, *, minimum, maximum):
    """A whole number written in ASCII digits, within ``minimum``..``maximum``."""
    text = str(raw).strip()
    digits = text.lstrip("0") or "0"
    # More digits than the maximum has are refused before int() is asked to read them.
    if text.isascii() and text.isdigit() and len(digits) <= len(str(maximum)):
        value = int(digits)
        if minimum <= value <= maximum:
            return value
    raise ValueError(whole_number_rule(minimum, maximum))


def parse_date(raw):
    """A calendar date written as YYYY-MM-DD, nothing else."""
    try:
        day = django_parse_date(str(raw).strip())
    except ValueError:
        day = None
    if day is None:
        raise ValueError(DATE_RULE)
    return day


def parse_moment(raw):
    """A date (midnight UTC) or an ISO 8601 date-time; naive times are taken as UTC."""
    text = str(raw).strip().replace(" ", "+")  # '+' arrives decoded as a space
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = django_parse_date(text)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
        if moment is None:
            raise ValueError(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise ValueError(MOMENT_RULE) from None
