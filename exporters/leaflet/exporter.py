"""Printed patient leaflets: an accessible PDF for a condition, treatment or case study.

    >>> from exporters.leaflet.exporter import LeafletExporter
    >>> exporter = LeafletExporter()
    >>> options = exporter.clean_options({"paper": "a5", "large_print": "true"})
    >>> pdf = exporter.render([page], build_context("conditions", options))

WeasyPrint writes a tagged PDF/UA-1 document (title, language, bookmarks from the
headings, fonts embedded) from the HTML of ``layout.render_html``. Images and static
files are read through ``fetcher.StorageURLFetcher``, which refuses every other URL.
The words on the page come from ``content.build``.

The footer's "version" is the edition (``exporters.models.LeafletEdition``): version 1
is the first print of a page, and the number goes up only when the words printed (or
the picture) change, whatever the paper size; a preview of a draft prints "draft".
"""

import hashlib
import json
import re

from django.utils.html import strip_tags
from weasyprint import HTML

from cms.parsing import parse_boolean
from content_models.case_studies import ConsentChannel
from content_models.resources import RESOURCES

from ..base import Exporter
from ..models import LeafletEdition
from . import content
from .fetcher import StorageURLFetcher
from .layout import render_html, template_fingerprint

PAPER_SIZES = ("a4", "a5")
# Printed, but not part of an edition: its number, and the review line (a review that
# changes no words keeps the edition). Every paper size prints the same words, so
# the edition is read from one of them.
NOT_IN_EDITION = ("edition", "last_reviewed", "next_review_due", "reviewed_by")
EDITION_OPTIONS = {"paper": "a4", "large_print": False}
BODY = re.compile(r"<body\b.*</body>", re.DOTALL)


class LeafletExporter(Exporter):
    """``leaflet-pdf``: one page as a PDF; options ``paper`` and ``large_print``."""

    name = "leaflet-pdf"
    label = "Leaflet (PDF)"
    media_type = "application/pdf"
    extension = "pdf"
    scope = Exporter.ITEM
    # A leaflet prints the review line: the reviewed resources, read from the registry.
    resources = tuple(resource.name for resource in RESOURCES.reviewed())
    version = "2"  # 2: edition numbers, link addresses, page breaks
    channel = ConsentChannel.PRINT
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
        try:
            # The project's one boolean: true/false/1/0; left out or empty is false.
            large_print = parse_boolean(raw.get("large_print") or False)
        except ValueError as invalid:
            raise ValueError(f"large_print: {invalid}") from None
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
        return content.dependencies(page.specific, context)

    def render(self, items, context):
        (page,) = items
        options = self.clean_options(context.options)
        leaflet = content.build(page.specific, context)
        leaflet["edition"] = self.edition(page.specific, leaflet)
        html = render_html(leaflet, options)
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
        if not content.shows_published_content(page):
            return None
        return LeafletEdition.objects.for_content(page, self.words_fingerprint(leaflet))

    def words_fingerprint(self, leaflet):
        """A hash of the words the leaflet prints and of its picture, leaving out the
        edition number and the review line; layout and paper size do not count."""
        unnumbered = {**leaflet, **dict.fromkeys(NOT_IN_EDITION)}
        body = BODY.search(render_html(unnumbered, EDITION_OPTIONS)).group(0)
        image = leaflet.get("image")
        printed = [
            " ".join(strip_tags(body).split()),
            [image["file_hash"], image["alt"]] if image else None,
        ]
        return hashlib.sha256(json.dumps(printed).encode()).hexdigest()
