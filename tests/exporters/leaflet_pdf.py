"""Reading leaflets back: text, body font size and structure, with pypdf and pikepdf."""

import collections
import io
import re

import pikepdf
import pypdf


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
