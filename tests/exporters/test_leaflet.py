"""Leaflets: every element on paper, tagged and accessible, sized and consent-aware,
numbered by edition."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils.html import strip_tags
from weasyprint.urls import URLFetcher

from exporters.leaflet.exporter import LeafletExporter
from exporters.leaflet.fetcher import StorageURLFetcher
from exporters.leaflet.layout import number_links, render_html
from exporters.models import LeafletEdition
from tests.exporters.leaflet_pdf import (
    body_font_size,
    fonts,
    open_pdf,
    outline_titles,
    pdf_text,
    structure_alt_texts,
)
from tests.factories import make_case_study, make_condition, make_treatment

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
    ("leaflet reference", "MER-SCIATICA, version 1"),
    ("link, numbered", "Traditional Japanese Acupuncture[1] may help"),
    (
        "its address",
        "[1] http://testserver/treatments/traditional-japanese-acupuncture/",
    ),
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
    css = render_html(
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
        ({"large_print": "maybe"}, "large_print: enter true or false"),
        ({"large_print": "yes"}, "large_print: enter true or false"),
        ({"colour": "red"}, "unknown leaflet option colour"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        LeafletExporter().clean_options(raw)


@pytest.mark.parametrize(
    ("raw", "large_print"),
    [("true", True), ("1", True), ("TRUE", True), ("false", False), ("0", False)],
)
def test_large_print_reads_the_projects_one_boolean(raw, large_print):
    options = LeafletExporter().clean_options({"large_print": raw})
    assert options == {"paper": "a4", "large_print": large_print}


def test_large_print_yes_is_a_400_like_every_other_api_boolean(client, site_tree):
    make_condition(slug="gout")
    response = client.get("/api/v1/conditions/gout/export/leaflet-pdf/?large_print=yes")
    assert response.status_code == 400
    assert response.json()["detail"] == "large_print: enter true or false"


def test_links_are_numbered_in_order_and_their_addresses_listed_once():
    html = number_links(
        '<p><a href="https://a.example/x?y=1&amp;z=2">First</a> '
        '<a href="mailto:desk@clinic.example">write to us</a> '
        '<a href="https://a.example/x?y=1&amp;z=2">again</a> '
        '<a href="https://b.example/">b.example</a> <a>not public</a></p>'
        "<!-- web addresses -->"
    )
    text = re.sub(r"\s+", " ", strip_tags(html))
    assert "First[1] write to us[2] again[1] b.example not public" in text
    assert (
        "Web addresses [1] https://a.example/x?y=1&amp;z=2 [2] desk@clinic.example"
        in (text)
    )


GOUT = "/api/v1/conditions/gout/export/leaflet-pdf/"


def printed_version(client, query=""):
    text = pdf_text(client.get(GOUT + query).content)
    return re.search(r"MER-GOUT, (version \d+|draft)", text).group(1)


def publish(page, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()


def test_edition_goes_up_only_when_the_printed_words_change(client, site_tree):
    gout = make_condition(slug="gout", title="Gout", summary="A painful joint.")
    other = make_condition(slug="bunion", title="Bunion")
    assert printed_version(client) == "version 1"  # the first print
    assert printed_version(client, "?paper=a5&large_print=true") == "version 1"

    publish(gout, search_description="Not on paper.")  # a new revision, same words
    assert printed_version(client) == "version 1"
    publish(other, summary="Another page changes.")
    assert printed_version(client) == "version 1"

    publish(gout, summary="A painful, swollen joint.")
    assert printed_version(client) == "version 2"
    assert printed_version(client, "?paper=a5") == "version 2"  # from the store too
    assert printed_version(client) == "version 2"
    assert list(gout.leaflet_editions.values_list("number", flat=True)) == [1, 2]


def test_a_linked_treatment_changing_its_words_makes_a_new_edition(client, site_tree):
    cupping = make_treatment(slug="cupping", title="Cupping")
    make_condition(slug="gout", treatments=[cupping])
    assert printed_version(client) == "version 1"
    publish(cupping, biomedical_mechanism="<p>May ease muscle tension.</p>")
    assert printed_version(client) == "version 2"


def test_preview_of_a_draft_prints_draft_and_numbers_nothing(site_tree, admin_user):
    gout = make_condition(slug="gout", title="Gout")
    gout.summary = "An unsaved change."
    request = RequestFactory().get("/")
    request.user = admin_user
    response = gout.serve_preview(request, "export:leaflet-pdf")
    assert "MER-GOUT, draft" in pdf_text(response.content)
    assert not LeafletEdition.objects.exists()


@pytest.mark.parametrize("rival_words", ["other words", "our words"])
def test_printers_racing_for_an_edition_agree_on_its_number(
    site_tree, monkeypatch, rival_words
):
    # Another process numbers its print between our read and our insert: we read a
    # stale "nothing yet" once, clash on the unique constraint, and read again.
    page = make_condition(slug="gout")
    rival = LeafletEdition.objects.create(page=page, number=1, fingerprint=rival_words)
    editions = LeafletEdition.objects
    for name, stale in [("printing", None), ("next_number", 1)]:
        monkeypatch.setattr(
            editions, name, read_stale_once(getattr(editions, name), stale)
        )
    edition = editions.for_content(page, "our words")
    assert edition.number == (2 if rival_words == "other words" else 1)
    assert edition.fingerprint == "our words"
    assert (edition == rival) == (rival_words == "our words")
    with pytest.raises(IntegrityError), transaction.atomic():  # one per wording
        LeafletEdition.objects.create(page=page, number=9, fingerprint="our words")


def read_stale_once(read, stale):
    calls = []

    def read_once_stale(*args):
        calls.append(args)
        return stale if len(calls) == 1 else read(*args)

    return read_once_stale
