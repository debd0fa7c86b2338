"""Leaflets: every element on paper, tagged and accessible, sized and consent-aware."""

import re

import pytest
from weasyprint.urls import URLFetcher

from exporters.leaflet import LeafletExporter, StorageURLFetcher
from tests.exporters.leaflet_pdf import (
    body_font_size,
    fonts,
    open_pdf,
    outline_titles,
    pdf_text,
    structure_alt_texts,
)
from tests.factories import make_case_study, make_condition

SCIATICA = "/api/v1/conditions/sciatica/export/leaflet-pdf/"

# What a patient must find on the sciatica leaflet, as (element, text on paper).
SCIATICA_ELEMENTS = [
    ("title", "Sciatica"),
    ("medical term", "Medical name: Lumbar radiculopathy"),
    ("plain-language summary", "Sciatica is pain, tingling or numbness"),
    ("symptom list", "Pain in the buttock or leg — worse when sitting"),
    ("urgent help box", "GET URGENT HELP"),
    ("red flag", "you cannot control your bladder or bowels"),
    ("causes", "Postural imbalance"),
    ("treatment", "Traditional Japanese Acupuncture"),
    ("traditional view label", "THE TRADITIONAL VIEW"),
    ("how it is used for sciatica", "the Bladder meridian, which runs beside"),
    ("traditional view, kept general", "where Qi and blood stagnate"),
    ("biomedical label", "THE BIOMEDICAL EXPLANATION"),
    ("biomedical explanation", "endorphins"),
    ("case study disclaimer", "This is one person's experience"),
    ("image credit", "Wellcome Collection. CC BY 4.0"),
    ("clinic name", "Meridian Demo Clinic"),
    ("clinic phone", "+44 20 7946 0000"),
    ("clinic email", "reception@clinic.example"),
    ("last reviewed", "Last reviewed 1 September 2026 by Dr Aiko Sato"),
    ("next review", "Next review due 1 September 2029"),
    ("leaflet reference", "MER-SCIATICA, version"),
    ("online version", "http://testserver/conditions/sciatica/"),
    ("other formats", "Available in other formats."),
    ("references", "NICE. Low back pain and sciatica"),
    ("page numbers", "Page 1 of"),
    ("clinic disclaimer", "does not replace advice from your doctor"),
]


@pytest.fixture
def sciatica_pdf(client, demo_content):
    response = client.get(SCIATICA)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_sciatica_leaflet_carries_every_element(sciatica_pdf):
    text = pdf_text(sciatica_pdf)
    missing = [element for element, words in SCIATICA_ELEMENTS if words not in text]
    assert missing == []
    pages = len(open_pdf(sciatica_pdf).pages)
    assert f"Page {pages} of {pages}" in text


def test_leaflet_is_a_tagged_pdf_with_language_title_and_bookmarks(sciatica_pdf):
    pdf = open_pdf(sciatica_pdf)
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang).lower() == "en-gb"
    assert str(pdf.docinfo.Title) == "Sciatica — Meridian Demo Clinic"
    assert {"Symptoms", "Causes", "How treatments may help"} <= set(outline_titles(pdf))
    assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()  # declares PDF/UA-1


def test_leaflet_embeds_its_fonts_and_describes_its_images(sciatica_pdf):
    pdf = open_pdf(sciatica_pdf)
    used = fonts(pdf)
    assert used and all(used.values()), used
    alts = structure_alt_texts(pdf)
    assert any("QR code" in alt for alt in alts)
    assert any("Qigong exercise" in alt for alt in alts)


def test_paper_sizes_a4_by_default_and_a5_on_request(client, demo_content):
    a4 = open_pdf(client.get(SCIATICA).content)
    a5 = open_pdf(client.get(SCIATICA + "?paper=a5").content)
    assert [round(float(v)) for v in a4.pages[0].MediaBox] == [0, 0, 595, 842]
    assert [round(float(v)) for v in a5.pages[0].MediaBox] == [0, 0, 420, 595]


def test_large_print_body_is_at_least_16_points(client, demo_content):
    standard = body_font_size(client.get(SCIATICA).content)
    large = body_font_size(client.get(SCIATICA + "?large_print=true").content)
    assert 12 <= standard <= 14
    assert 16 <= large <= 18


def test_clear_print_sans_serif_and_never_justified():
    css = LeafletExporter().render_html(
        {"kind": "condition", "title": "T", "clinic": {}, "summary": ""},
        {"paper": "a4", "large_print": False},
    )
    assert "text-align: justify" not in css
    assert '"Liberation Sans", "DejaVu Sans", Arial, sans-serif' in css
    assert "text-align: left" in css


def test_case_study_leaflet_needs_consent_for_print(client, site_tree):
    make_case_study(slug="web-only", consent=("web",))
    make_case_study(slug="printable", consent=("web", "print"))
    refused = client.get("/api/v1/case-studies/web-only/export/leaflet-pdf/")
    assert refused.status_code == 404
    assert "agreed to have printed" in refused.json()["detail"]
    printed = client.get("/api/v1/case-studies/printable/export/leaflet-pdf/")
    assert printed.status_code == 200
    assert "Results vary from person to person" in pdf_text(printed.content)


def test_condition_leaflet_leaves_out_case_studies_without_print_consent(
    client, site_tree
):
    condition = make_condition(slug="gout", title="Gout")
    make_case_study(condition=condition, consent=("web",), summary="A web-only story.")
    text = pdf_text(client.get("/api/v1/conditions/gout/export/leaflet-pdf/").content)
    assert "A web-only story." not in text
    assert "One patient's experience" not in text


def test_draft_condition_has_no_leaflet(client, site_tree):
    make_condition(slug="draft", publish=False)
    response = client.get("/api/v1/conditions/draft/export/leaflet-pdf/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://127.0.0.1/secret",
        "file:///etc/passwd",
        "ftp://example.com/x.png",
    ],
)
def test_url_fetcher_refuses_anything_but_storage_and_static(url):
    with pytest.raises(ValueError, match="leaflets read only stored and static"):
        StorageURLFetcher().fetch(url)


def test_url_fetcher_reads_stored_files(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes(b"\x89PNG fake")
    response = StorageURLFetcher().fetch("storage:images/dot.png")
    assert isinstance(StorageURLFetcher(), URLFetcher)
    assert response.read() == b"\x89PNG fake"
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"paper": "letter"}, "paper must be a4 or a5"),
        ({"large_print": "maybe"}, "large_print must be true or false"),
        ({"colour": "red"}, "unknown leaflet option colour"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        LeafletExporter().clean_options(raw)
