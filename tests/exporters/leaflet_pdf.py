"""Reading leaflets back: text, font size, structure, page fill and where each word
lies, with pypdf, pikepdf, pdftoppm and pdftotext."""

import collections
import io
import re
import subprocess
import tempfile
from pathlib import Path

import lxml.etree
import pikepdf
import pypdf
from PIL import Image

DPI = 40  # rasterising for page-fill checks: a pixel is about 0.6 mm
POINTS_PER_MM = 72 / 25.4
BOX = ("xMin", "yMin", "xMax", "yMax")  # a word's box in pdftotext's layout


def pdf_text(content):
    """All text of the PDF on one line, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def body_font_size(content):
    """The size, in points, of most of the text: the body text."""
    sizes = collections.Counter()

    def visit(text, cm, tm, font, size):
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        sizes[round(size * scale, 1)] += len(text.strip())

    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def open_pdf(content):
    return pikepdf.Pdf.open(io.BytesIO(content))


def structure_alt_texts(pdf):
    """Every /Alt text in the structure tree (figures, the QR code)."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/Alt" in node:
                found.append(str(node.Alt))
            if "/K" in node:
                stack.append(node.K)
    return found


def outline_titles(pdf):
    with pdf.open_outline() as outline:
        titles, stack = [], list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack.extend(item.children)
    return titles


def fonts(pdf):
    """(name, embedded?) for every font the pages use."""
    found = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descriptors = [font.get("/FontDescriptor")] + [
                child.get("/FontDescriptor")
                for child in font.get("/DescendantFonts", [])
            ]
            embedded = any(
                d is not None
                and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            found[str(font.get("/BaseFont"))] = embedded
    return found


def page_texts(content):
    """The text of each page, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def blank_fractions(content, margins_mm, gap_mm=10):
    """For each page, the share of its text area (between the top and bottom margins)
    that is blank: white stretches taller than ``gap_mm`` added up. Shorter white
    stretches are the spacing between lines and blocks.

    Pages are rasterised (``pdftoppm``), so boxes and pictures count as well as text.
    """
    top, _, bottom, _ = margins_mm
    fractions = []
    for page in _rasterised(content):
        body = page.crop((0, _px(top), page.width, page.height - _px(bottom)))
        blank = run = 0
        for inked in [*_inked_rows(body), True]:
            if inked:
                blank += run if run > _px(gap_mm) else 0
                run = 0
            else:
                run += 1
        fractions.append(blank / body.height)
    return fractions


def pages_inked_in_side_margins(content, margins_mm, tolerance_mm=1):
    """Page numbers with ink in the left or right margin: something overflowed."""
    _, right, _, left = margins_mm
    found = []
    for number, page in enumerate(_rasterised(content), 1):
        sides = [
            page.crop((0, 0, _px(left - tolerance_mm), page.height)),
            page.crop(
                (page.width - _px(right - tolerance_mm), 0, page.width, page.height)
            ),
        ]
        if any(any(_inked_rows(side)) for side in sides):
            found.append(number)
    return found


def _px(mm):
    return round(mm * DPI / 25.4)


def _rasterised(content):
    """Each page as a greyscale image."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "leaflet.pdf"
        source.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", str(source), f"{folder}/page"],
            check=True,
        )
        paths = sorted(Path(folder).glob("page-*.pgm"), key=_page_number)
        return [Image.open(path).copy() for path in paths]


def _inked_rows(image):
    pixels, width = image.tobytes(), image.width
    return [min(pixels[y * width : (y + 1) * width]) < 200 for y in range(image.height)]


def _page_number(path):
    return int(path.stem.rsplit("-", 1)[1])


def word_boxes(content):
    """For each page, ``(width, height, words)`` in points from the top left, each
    word ``(text, x_min, y_min, x_max, y_max)``, as ``pdftotext -bbox-layout`` finds
    them (text drawn wholly off the page is not found, so a word leaving the page
    shows as one reaching its edge)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "leaflet.pdf"
        source.write_bytes(content)
        found = subprocess.run(
            ["pdftotext", "-bbox-layout", str(source), "-"],
            check=True,
            capture_output=True,
        ).stdout
    pages = []
    for page in lxml.etree.fromstring(found).iter("{*}page"):
        words = [
            (word.text or "", *(float(word.get(k)) for k in BOX))
            for word in page.iter("{*}word")
        ]
        pages.append((float(page.get("width")), float(page.get("height")), words))
    return pages
