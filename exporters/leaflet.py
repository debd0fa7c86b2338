"""Printed patient leaflets: an accessible PDF for a condition, treatment or case study.

    >>> exporter = LeafletExporter()
    >>> options = exporter.clean_options({"paper": "a5", "large_print": "true"})
    >>> pdf = exporter.render([page], build_context("conditions", options))

WeasyPrint writes a tagged PDF/UA-1 document (title, language, bookmarks from the
headings, fonts embedded). Images and static files are read from storage by
:class:`StorageURLFetcher`, which refuses every other URL, so rendering never touches
the network. The words on the page come from ``exporters.leaflet_content``; the
templates and stylesheet sit beside this module in ``templates/exporters/leaflet/``.
"""

import hashlib
import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from . import leaflet_content
from .base import Exporter

TEMPLATE_DIR = Path(__file__).parent / "templates" / "exporters" / "leaflet"
PAPER_SIZES = ("a4", "a5")
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
    version = "1"
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
        return leaflet_content.dependencies(page.specific, context)

    def render(self, items, context):
        (page,) = items
        options = self.clean_options(context.options)
        leaflet = leaflet_content.build(page.specific, context)
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

    def render_html(self, leaflet, options):
        """The HTML given to WeasyPrint; the admin preview shows the same."""
        return render_to_string(
            f"exporters/leaflet/{leaflet['kind']}.html",
            {
                "leaflet": leaflet,
                "options": options,
                "stylesheet": render_to_string(
                    "exporters/leaflet/leaflet.css",
                    {"options": options, "sizes": font_sizes(options)},
                ),
                "language": settings.LANGUAGE_CODE,
            },
        )


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
