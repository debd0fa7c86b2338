"""Printed patient leaflets: an accessible PDF for a condition, treatment or case study.

    >>> exporter = LeafletExporter()
    >>> options = exporter.clean_options({"paper": "a5", "large_print": "true"})
    >>> pdf = exporter.render([page], build_context("conditions", options))

WeasyPrint writes a tagged PDF/UA-1 document (title, language, bookmarks from the
headings, fonts embedded). Images and static files are read from storage by
:class:`StorageURLFetcher`, which refuses every other URL, so rendering never touches
the network. The words on the page come from ``exporters.leaflet_content``; the
templates and stylesheet sit beside this module in ``templates/exporters/leaflet/``.

Paper cannot be clicked: every link is followed by a number in brackets, and the
numbered addresses are listed under "Web addresses" (:func:`number_links`), in the
order they appear, so a long address wraps there instead of breaking up a sentence.

The footer's "version" is the edition (``exporters.models.LeafletEdition``): version 1
is the first print of a page, and the number goes up only when the words printed (or
the picture) change, whatever the paper size; a preview of a draft prints "draft".
"""

import hashlib
import json
import mimetypes
import re
from functools import cache
from html import unescape
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from . import leaflet_content
from .base import Exporter
from .models import LeafletEdition

TEMPLATE_DIR = Path(__file__).parent / "templates" / "exporters" / "leaflet"
PAPER_SIZES = ("a4", "a5")
# Page margins in millimetres (top, right, bottom, left); the footer sits in the bottom.
PAGE_MARGINS = {"a4": (16, 18, 20, 18), "a5": (12, 12, 16, 12)}
# A list this long or shorter (symptoms, red flags, outcomes) is kept on one page;
# a longer one may break between its items.
SHORT_LIST = 6
# Printed, but not part of an edition: its number, and the review line (a review that
# changes no words keeps the edition). Every paper size prints the same words, so
# the edition is read from one of them.
NOT_IN_EDITION = ("edition", "last_reviewed", "next_review_due", "reviewed_by")
EDITION_OPTIONS = {"paper": "a4", "large_print": False}
BODY = re.compile(r"<body\b.*</body>", re.DOTALL)
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r'\bhref="([^"]*)"')
LINKS_PLACE = "<!-- web addresses -->"  # in base.html, where the list goes
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class StorageURLFetcher(URLFetcher):
    """Serves ``storage:`` (media), ``static:`` and inline ``data:`` URLs; nothing else.

    A leaflet must not depend on, or leak to, any other server: a link to one in the
    content is refused rather than fetched.
    """

    def fetch(self, url, headers=None):
        scheme, _, name = url.partition(":")
        if scheme == "data":
            return super().fetch(url, headers)  # decoded in memory, no network
        if scheme == "storage":
            with default_storage.open(name, "rb") as stored:
                return self._response(url, name, stored.read())
        if scheme == "static":
            found = finders.find(name)
            if found:
                return self._response(url, name, Path(found).read_bytes())
            raise FileNotFoundError(f"no static file '{name}'")
        raise ValueError(f"leaflets read only stored and static files; refused {url}")

    def _response(self, url, name, body):
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": media_type})


@cache
def template_fingerprint():
    """A hash of the leaflet templates and stylesheet: a change renders afresh."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATE_DIR.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


class LeafletExporter(Exporter):
    name = "leaflet-pdf"
    label = "Leaflet (PDF)"
    media_type = "application/pdf"
    extension = "pdf"
    scope = Exporter.ITEM
    resources = ("conditions", "treatments", "case-studies")
    version = "2"  # 2: edition numbers, link addresses, page breaks
    channel = "print"
    stored = True

    def clean_options(self, raw):
        """``paper`` (``a4`` or ``a5``, default a4) and ``large_print`` (boolean)."""
        unknown = set(raw) - {"paper", "large_print"}
        if unknown:
            raise ValueError(
                f"unknown leaflet option {', '.join(sorted(unknown))}; "
                "use paper=a4|a5 and large_print=true|false"
            )
        paper = str(raw.get("paper") or "a4").lower()
        if paper not in PAPER_SIZES:
            raise ValueError(f"paper must be a4 or a5, not '{raw['paper']}'")
        large_print = raw.get("large_print", False)
        if not isinstance(large_print, bool):
            text = str(large_print).lower()
            if text not in TRUE | FALSE:
                raise ValueError(
                    f"large_print must be true or false, not '{raw['large_print']}'"
                )
            large_print = text in TRUE
        return {"paper": paper, "large_print": large_print}

    def filename(self, page, options):
        suffix = "" if options.get("paper", "a4") == "a4" else f"-{options['paper']}"
        if options.get("large_print"):
            suffix += "-large-print"
        return f"{page.slug}{suffix}.pdf"

    def fingerprint(self):
        return template_fingerprint()

    def cache_parts(self, page, context):
        # The edition number needs no part of its own: it follows from the words
        # printed, which the page's revision and these parts already cover.
        return leaflet_content.dependencies(page.specific, context)

    def render(self, items, context):
        (page,) = items
        options = self.clean_options(context.options)
        leaflet = leaflet_content.build(page.specific, context)
        leaflet["edition"] = self.edition(page.specific, leaflet)
        html = self.render_html(leaflet, options)
        document = HTML(
            string=html,
            base_url="storage:",
            url_fetcher=StorageURLFetcher(),
            media_type="print",
        )
        return document.write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_identifier=leaflet["reference"].encode(),
            optimize_images=True,
            dpi=200,
        )

    def edition(self, page, leaflet):
        """The edition ``leaflet`` is, numbered if new; ``None`` for a preview."""
        if not leaflet_content.shows_published_content(page):
            return None
        return LeafletEdition.objects.for_content(page, self.words_fingerprint(leaflet))

    def words_fingerprint(self, leaflet):
        """A hash of the words the leaflet prints and of its picture, leaving out the
        edition number and the review line; layout and paper size do not count."""
        unnumbered = {**leaflet, **dict.fromkeys(NOT_IN_EDITION)}
        body = BODY.search(self.render_html(unnumbered, EDITION_OPTIONS)).group(0)
        image = leaflet.get("image")
        printed = [
            " ".join(strip_tags(body).split()),
            [image["file_hash"], image["alt"]] if image else None,
        ]
        return hashlib.sha256(json.dumps(printed).encode()).hexdigest()

    def render_html(self, leaflet, options):
        """The HTML given to WeasyPrint; the admin preview shows the same."""
        stylesheet = render_to_string(
            "exporters/leaflet/leaflet.css",
            {
                "options": options,
                "sizes": font_sizes(options),
                "margins": " ".join(f"{mm}mm" for mm in PAGE_MARGINS[options["paper"]]),
            },
        )
        html = render_to_string(
            f"exporters/leaflet/{leaflet['kind']}.html",
            {
                "leaflet": leaflet,
                "options": options,
                "short_list": SHORT_LIST,
                "stylesheet": stylesheet,
                "language": settings.LANGUAGE_CODE,
            },
        )
        return number_links(html)


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
    listed = render_to_string(
        "exporters/leaflet/_web_addresses.html",
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
