"""How a leaflet is laid out: its templates, type sizes, margins and numbered links.

    >>> html = render_html(leaflet, {"paper": "a5", "large_print": True})
    >>> template_fingerprint()          # changes whenever a template or the CSS does

The templates and ``leaflet.css`` sit beside this module in ``templates/``: one
template per kind of page extending ``base.html``, and the stylesheet rendered with
the paper size and type sizes. They are rendered by the leaflet's own template engine,
so no other app's template of the same name can stand in for one and escape
:func:`template_fingerprint`.

Paper cannot be clicked: every link is followed by a number in brackets, and the
numbered addresses are listed under "Web addresses" (:func:`number_links`), in the
order they appear, so a long address wraps there instead of breaking up a sentence.
"""

import hashlib
import re
from functools import cache
from html import unescape
from pathlib import Path

from django.conf import settings
from django.template import Engine
from django.utils.html import strip_tags

from ..characters import printable

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATES = Engine(dirs=[str(TEMPLATE_DIR)])
# Page margins in millimetres (top, right, bottom, left); the footer sits in the bottom.
PAGE_MARGINS = {"a4": (16, 18, 20, 18), "a5": (12, 12, 16, 12)}
# A list this long or shorter (symptoms, red flags, outcomes) is kept on one page;
# a longer one may break between its items.
SHORT_LIST = 6
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r'\bhref="([^"]*)"')
LINKS_PLACE = "<!-- web addresses -->"  # in base.html, where the list goes


@cache
def template_fingerprint():
    """A hash of the leaflet templates and stylesheet: a change renders afresh."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATE_DIR.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def render_html(leaflet, options):
    """The HTML given to WeasyPrint for ``leaflet`` (from ``content.build``).

    Control characters are dropped from the whole of it: WeasyPrint copies the
    ``<title>`` and ``<meta>`` text into the PDF's XMP metadata, which they would
    make ill-formed XML, and on the page they print as missing-glyph boxes.
    """
    stylesheet = TEMPLATES.render_to_string(
        "leaflet.css",
        {
            "options": options,
            "sizes": font_sizes(options),
            "margins": " ".join(f"{mm}mm" for mm in PAGE_MARGINS[options["paper"]]),
        },
    )
    html = TEMPLATES.render_to_string(
        f"{leaflet['kind']}.html",
        {
            "leaflet": leaflet,
            "options": options,
            "short_list": SHORT_LIST,
            "stylesheet": stylesheet,
            "language": settings.LANGUAGE_CODE,
        },
    )
    return printable(number_links(html))


def number_links(html):
    """Follow each link with ``[n]`` and list the addresses where ``LINKS_PLACE`` is.

    Numbers run in the order links appear; a repeated address keeps its number; a
    link whose words already show its address gets none. ``mailto:`` and ``tel:``
    list the address or number alone.
    """
    numbers = {}  # address → number

    def add_number(match):
        href = HREF.search(match.group(1))
        if href is None:  # a link to a page that is not public prints as words
            return match.group(0)
        address = unescape(href.group(1))
        scheme, _, rest = address.partition(":")
        if scheme.lower() in ("mailto", "tel"):
            address = rest
        if _bare(address) in _bare(unescape(strip_tags(match.group(2)))):
            return match.group(0)
        number = numbers.setdefault(address, len(numbers) + 1)
        return f'{match.group(0)}<span class="link-number">[{number}]</span>'

    html = LINK.sub(add_number, html)
    listed = TEMPLATES.render_to_string(
        "_web_addresses.html",
        {
            "addresses": [(number, address) for address, number in numbers.items()],
            "short_list": SHORT_LIST,
        },
    )
    return html.replace(LINKS_PLACE, listed)


def _bare(address):
    return re.sub(r"^https?://|/$|\s", "", address.lower())


def font_sizes(options):
    """Body and heading sizes in points: large print is 16 pt body, standard 12 pt."""
    body = 16 if options["large_print"] else 12
    return {
        "body": body,
        "small": body - 2 if options["large_print"] else 10.5,
        "lead": body if options["large_print"] else body + 1.5,
        "h1": body * 2.2,
        "h2": body * 1.45,
        "h3": body * 1.15,
    }
