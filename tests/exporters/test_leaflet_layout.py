"""Leaflets on paper: pages filled, short lists whole, the closing block never alone,
link addresses printed, for every paper size.

Each leaflet is rendered once per paper size and read back: text per page with pypdf,
blank space per page from a rasterised copy (``pdftoppm``), so boxes and pictures
count as well as text.
"""

import re

import pytest
from weasyprint import HTML

from exporters.leaflet.layout import PAGE_MARGINS
from tests.exporters import long_leaflet
from tests.exporters.leaflet_pdf import (
    blank_fractions,
    page_texts,
    pages_inked_in_side_margins,
)
from tests.exporters.long_leaflet import make_heel_pain

URL = "/api/v1/conditions/{}/export/leaflet-pdf/"
PAPERS = {
    "a4": {"paper": "a4", "large_print": "false"},
    "a4-large-print": {"paper": "a4", "large_print": "true"},
    "a5": {"paper": "a5", "large_print": "false"},
    "a5-large-print": {"paper": "a5", "large_print": "true"},
}
# (sciatica, heel pain): pages as rendered with the fonts CI installs. A change here
# is a change staff will see on paper; look at the pages before updating it.
PAGE_COUNTS = {
    "a4": (3, 4),
    "a4-large-print": (5, 6),
    "a5": (5, 6),
    "a5-large-print": (8, 10),
}
SCIATICA_SYMPTOMS = [
    "Lower back pain",
    "Pain in the buttock or leg",
    "Hip pain that spreads down the leg",
    "Burning or tingling in the leg",
    "Weakness or numbness in the leg or foot",
]
ADDRESS = "1 Example Street, Exampletown EX1 2MP"
DISCLAIMER = "This leaflet gives general information."
FOOTER = re.compile(r"(Sciatica|Plantar heel pain \(test\)) · Meridian Demo Clinic")
LINK_NUMBER = re.compile(r"\[(\d+)\]")


@pytest.fixture
def leaflets(client, demo_content):
    """``render(paper, slug)`` → the PDF of the demo content or the long condition."""
    make_heel_pain()

    def render(paper, slug):
        response = client.get(URL.format(slug), PAPERS[paper])
        assert response.status_code == 200, response.content[:200]
        return response.content

    return render


def without_footer(text):
    return FOOTER.sub("", re.sub(r"Page \d+ of \d+", "", text)).strip()


def pages_holding(texts, words):
    return [n for n, text in enumerate(texts, 1) if words in text]


@pytest.mark.parametrize("paper", PAPERS)
def test_leaflets_fill_their_pages_and_keep_blocks_whole(leaflets, paper):
    margins = PAGE_MARGINS[PAPERS[paper]["paper"]]
    for slug, symptoms, pages in [
        ("sciatica", SCIATICA_SYMPTOMS, PAGE_COUNTS[paper][0]),
        (
            "heel-pain",
            [name for name, _ in long_leaflet.SYMPTOMS],
            PAGE_COUNTS[paper][1],
        ),
    ]:
        pdf = leaflets(paper, slug)
        texts = page_texts(pdf)
        assert len(texts) == pages, f"{slug} on {paper}: {len(texts)} pages"
        assert pages_inked_in_side_margins(pdf, margins) == [], "something overflows"

        # No page but the last is more than two-thirds empty.
        blank = blank_fractions(pdf, margins)
        too_empty = [(n, round(b, 2)) for n, b in enumerate(blank[:-1], 1) if b > 2 / 3]
        assert too_empty == [], f"{slug} on {paper}: pages mostly blank {too_empty}"

        # A list of six or fewer symptoms is on one page, under its heading.
        symptom_pages = {n for name in symptoms for n in pages_holding(texts, name)}
        assert len(symptom_pages) == 1, (
            f"{slug} on {paper}: symptoms on {symptom_pages}"
        )
        assert "Symptoms" in texts[symptom_pages.pop() - 1]

        # The closing block: the leaflet reference, the address and the disclaimer
        # share a page, and that page carries more than the address and disclaimer.
        (closing,) = set(pages_holding(texts, ADDRESS))
        assert pages_holding(texts, DISCLAIMER) == [closing]
        assert closing in pages_holding(texts, "Leaflet reference")
        rest = without_footer(texts[closing - 1])
        rest = rest[: rest.index("Meridian Demo Clinic 1 Example Street")]
        assert rest.strip(), f"{slug} on {paper}: page {closing} is only the address"

        # A link is followed by a number; under "Web addresses" the number has the
        # address in full, wrapped, not running into the margin (checked above).
        unbroken = re.sub(r"\s", "", " ".join(texts))
        text, listed = unbroken.split("Webaddresses")
        assert "Acupuncture[1]mayhelp" in text or "Acupuncture[2]mayhelp" in text
        for number in set(LINK_NUMBER.findall(text)):
            assert re.search(rf"\[{number}\]https?://", listed), f"[{number}] unlisted"
        if slug == "heel-pain":
            assert "bytheguidelinegroup[1]." in text
            assert f"[1]{long_leaflet.LONG_URL}[2]http://testserver/treatments/" in (
                listed
            )


def test_page_fill_measure_sees_a_nearly_empty_page():
    # The measure the layout test relies on can fail: a page holding one line is
    # nearly all blank, a page of text is not.
    lines = "<p>Heel pain is common and usually gets better.</p>" * 30
    html = (
        "<style>@page { size: A5; margin: 12mm 12mm 16mm 12mm } p { margin: 0 }</style>"
        f"<p>One line.</p><div style='break-before: page'>{lines}</div>"
    )
    one_line, full = blank_fractions(HTML(string=html).write_pdf(), PAGE_MARGINS["a5"])
    assert one_line > 0.9
    assert full < 0.2
