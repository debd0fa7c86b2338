"""``{% load reference %}``: filters for the reference HTML pages.

{{ item.overview|clean_html }}      sanitised again, web links only
<a href="{{ link.url|safe_href }}">   "" for anything but http(s)
{{ item.last_reviewed|iso_date|date:"j F Y" }}
"""

from django import template
from django.utils.dateparse import parse_date
from django.utils.safestring import mark_safe

from .. import reference_pages

register = template.Library()


@register.filter
def clean_html(html):
    return mark_safe(reference_pages.clean_html(html))  # noqa: S308 (cleaned by nh3)


@register.filter
def safe_href(url):
    return reference_pages.safe_href(url)


@register.filter
def iso_date(value):
    """A date from the representation's ISO text, or None."""
    try:
        return parse_date(value or "")
    except (TypeError, ValueError):
        return None
