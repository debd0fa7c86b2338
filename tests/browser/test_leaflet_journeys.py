"""Printed leaflets from the admin, and links that point at the server staff use:
the download, the preview mode, consent to print, and the QR code on the paper."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from content_models.conditions import ConditionPage
from tests.browser.admin import action_menu_labels, choose_action, edit_url
from tests.browser.channels import api_json, pdf_text, qr_codes, rss_items
from tests.factories import make_case_study, make_condition, make_image

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


def download_leaflet(page):
    with page.expect_download() as download:
        choose_action(page, "Leaflet (PDF)")
    with open(download.value.path(), "rb") as file:
        return download.value.suggested_filename, file.read()


def test_reception_downloads_a_condition_leaflet_and_previews_it(
    open_admin, clinic, staff
):
    condition = make_condition(
        title="Gout",
        slug="gout",
        summary="Gout is sudden, severe pain in a joint.",
        hero_image=make_image(),
    )
    page = open_admin(staff.admin, edit_url(condition))

    filename, pdf = download_leaflet(page)
    assert filename == "gout.pdf"
    assert pdf.startswith(b"%PDF")
    assert "Gout is sudden, severe pain in a joint." in pdf_text(pdf)

    # An unsaved change, seen in the preview panel's leaflet mode.
    page.locator("#id_summary").fill("Gout is sudden pain, often in the big toe.")
    page.get_by_role("button", name="Toggle preview").click()
    html_preview = page.frame_locator("#w-preview-iframe").locator("body")
    expect(html_preview).to_contain_text("often in the big toe")
    modes = page.locator("#id_preview_mode option").all_inner_texts()
    assert "Leaflet (PDF)" in modes
    leaflet_mode = re.compile(r"/preview/\?mode=export%3Aleaflet-pdf")
    with page.expect_response(leaflet_mode) as shown:
        page.locator("#id_preview_mode").select_option(label="Leaflet (PDF)")
    assert shown.value.ok
    assert shown.value.headers["content-type"] == "application/pdf"
    # Chromium's PDF viewer keeps the file to itself: ask for it again, as the panel.
    rendered = page.request.get(shown.value.url).body()
    assert rendered.startswith(b"%PDF")
    assert "Gout is sudden pain, often in the big toe." in pdf_text(rendered)


def test_leaflet_is_offered_only_for_case_studies_with_consent_to_print(
    open_admin, clinic, staff
):
    web_only = make_case_study(title="Mr. K.", consent=("web",))
    printable = make_case_study(title="Ms. T.", consent=("web", "print"))
    page = open_admin(staff.admin, edit_url(printable))
    assert "Leaflet (PDF)" in action_menu_labels(page)

    page.goto(edit_url(web_only))
    labels = action_menu_labels(page)
    assert "Record consent withdrawal" in labels  # the menu is there…
    assert "Leaflet (PDF)" not in labels  # …without the leaflet


@pytest.fixture
def served_demo(live_server, settings):
    """The demo as ``make run PORT=…`` serves it on a fresh database: ``load_demo
    --site-url`` with the server's address, and the admin's base URL set to it."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo", site_url=live_server.url, stdout=io.StringIO())
    return live_server.url


def test_links_in_the_api_feed_and_leaflet_qr_code_point_at_this_server(
    served_demo, open_admin, django_user_model
):
    # served_demo comes first: the demo install, not the test's clinic, makes the site.
    assert not served_demo.endswith(":8000")
    sciatica = f"{served_demo}/conditions/sciatica/"

    _, detail = api_json(served_demo, "/api/v1/conditions/sciatica/")
    assert detail["url"] == sciatica
    _, listing = api_json(served_demo, "/api/v1/conditions/")
    assert sciatica in [item["url"] for item in listing["results"]]
    assert all(item["url"].startswith(served_demo) for item in listing["results"])

    feed = rss_items(served_demo, "/api/v1/conditions/export/rss/")
    assert feed["channel_link"] == f"{served_demo}/conditions/"
    assert feed["items"]["Sciatica"]["link"] == sciatica

    # The leaflet printed from the admin: its QR code, scanned, opens the page here.
    admin = django_user_model.objects.get(username="admin")
    page = open_admin(admin, edit_url(ConditionPage.objects.get(slug="sciatica")))
    _, pdf = download_leaflet(page)
    assert qr_codes(pdf) == [sciatica]
