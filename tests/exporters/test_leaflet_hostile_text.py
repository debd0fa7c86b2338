"""Leaflets under hostile text: control characters never reach the PDF's metadata or
its words, and a word too long for its line breaks instead of leaving the page or
running over the footer."""

import pytest
from django.test import RequestFactory
from lxml import etree
from wagtail.models import Site

from content_models.settings import ClinicSettings
from exporters.leaflet.layout import PAGE_MARGINS
from tests.exporters.leaflet_pdf import POINTS_PER_MM, open_pdf, pdf_text, word_boxes
from tests.factories import make_condition, make_image, make_symptom, make_treatment

# C0 controls but tab, line feed and return; DEL; two C1 controls.
CONTROLS = "".join(map(chr, [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
CONTROLS += "\x7f\x85\x9f"
LEAFLET = "/api/v1/conditions/{}/export/leaflet-pdf/"
TOLERANCE = 1  # point


def xmp(content):
    """The PDF's XMP packet parsed as XML (lxml raises on ill-formed XML)."""
    with open_pdf(content) as pdf:
        return etree.fromstring(pdf.Root.Metadata.read_bytes())


def xmp_text(packet):
    return " ".join(packet.itertext())


def test_control_characters_in_page_image_and_clinic_leave_metadata_and_text_clean(
    client, site_tree
):
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.clinic_name = f"Harbour{CONTROLS} Clinic"
    clinic.save()
    image = make_image(
        work_title=f"Heel{CONTROLS} study", source_name=f"Atlas{CONTROLS}"
    )
    make_condition(
        slug="gout",
        title=f"Gout{CONTROLS} today",
        summary=f"A sore{CONTROLS} toe.",
        hero_image=image,
        overview=f"<p>Rest{CONTROLS} the joint.</p>",
    )

    content = client.get(LEAFLET.format("gout")).content

    packet = xmp(content)  # well-formed
    metadata = xmp_text(packet)
    assert "Gout today — Harbour Clinic" in metadata  # dc:title
    assert "A sore toe." in metadata  # dc:description
    text = pdf_text(content)
    for words in ["Gout today", "A sore toe.", "Rest the joint.", "Heel study"]:
        assert words in text
    for character in CONTROLS:
        assert character not in metadata + text, f"U+{ord(character):04X} printed"
    with open_pdf(content) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Gout today — Harbour Clinic"


def test_nul_and_unpaired_surrogates_in_a_preview_leave_metadata_well_formed(
    site_tree, admin_user
):
    # Neither can be saved (PostgreSQL refuses NUL, UTF-8 a lone surrogate), but a
    # preview prints the page as edited.
    gout = make_condition(slug="gout", title="Gout")
    gout.title = "Gout\x00 and \ud800sore\udfff toes"
    gout.summary = "Sore\x00 toes\ud83d."
    request = RequestFactory().get("/")
    request.user = admin_user

    content = gout.serve_preview(request, "export:leaflet-pdf").content

    metadata = xmp_text(xmp(content))
    assert "Gout and sore toes" in metadata
    assert "Sore toes." in metadata
    assert "Gout and sore toes" in pdf_text(content)
    assert "\ufffd" not in metadata + pdf_text(content)  # nor replacement boxes


# Words no line can hold: unbroken letters, and addresses without a space.
LONG_WORD = "Osteochondrodysplasia" * 6  # 126 letters
LONG_URL = "https://guidance.example.org/" + "-".join(["musculoskeletal-heel"] * 8)
PAPERS = {
    "a4": {"paper": "a4"},
    "a5-large-print": {"paper": "a5", "large_print": "true"},
}


@pytest.fixture
def long_words_condition(site_tree):
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.clinic_name = "Harbourside" * 9
    clinic.website = LONG_URL
    clinic.save()
    treatment = make_treatment(
        slug="long-treatment", title=LONG_WORD, tradition=LONG_WORD[:90]
    )
    symptom = make_symptom(slug="long-symptom", title=LONG_WORD)
    return make_condition(
        slug="long-words",
        title=LONG_WORD[:120],
        medical_term=LONG_WORD[:150],
        summary=f"Read {LONG_URL} first.",
        overview=f"<p>{LONG_WORD} is rare. See <a href='{LONG_URL}'>the guide</a>.</p>",
        causes=[("cause", {"name": LONG_WORD, "description": LONG_URL})],
        references=[("reference", {"citation": LONG_WORD, "url": LONG_URL})],
        hero_image=make_image(work_title=LONG_WORD, source_name=LONG_WORD[:100]),
        symptoms=[symptom],
        treatments=[treatment],
    )


@pytest.mark.parametrize("paper", PAPERS)
def test_long_words_break_inside_the_page_and_stay_off_the_footer(
    client, long_words_condition, paper
):
    options = PAPERS[paper]
    top, right, bottom, left = (
        mm * POINTS_PER_MM for mm in PAGE_MARGINS[options["paper"]]
    )

    content = client.get(LEAFLET.format("long-words"), options).content

    outside, into_footer, overlapping = [], [], []
    for number, (width, height, words) in enumerate(word_boxes(content), 1):
        footer_top = height - bottom
        for text, x_min, y_min, x_max, y_max in words:
            if x_min < left - TOLERANCE or x_max > width - right + TOLERANCE:
                outside.append((number, text))
            if y_min < footer_top and y_max > footer_top + TOLERANCE:
                into_footer.append((number, text))
            if y_max > height:
                outside.append((number, text))
        for i, (text, *box) in enumerate(words):
            overlapping += [
                (number, text, other)
                for other, *other_box in words[i + 1 :]
                if _overlap(box, other_box) > TOLERANCE
            ]
    assert outside == [], "words beyond the margins"
    assert into_footer == [], "body text running into the footer"
    assert overlapping == [], "words printed over each other"
    # Broken, not cut: every letter of the title is on paper.
    assert LONG_WORD[:120] in pdf_text(content).replace(" ", "")


def _overlap(box, other):
    """How far two boxes overlap, in points (the lesser of width and height)."""
    x_min, y_min, x_max, y_max = box
    o_x_min, o_y_min, o_x_max, o_y_max = other
    across = min(x_max, o_x_max) - max(x_min, o_x_min)
    down = min(y_max, o_y_max) - max(y_min, o_y_min)
    return min(across, down)
