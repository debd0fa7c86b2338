"""Clinical governance in the admin: an editor submits, a clinical reviewer signs off,
and the reports show what is due."""

import csv
import datetime
import re

import pytest
from playwright.sync_api import expect

from content_models.governance import today
from tests.browser.admin import edit_url, messages, save_and_wait
from tests.browser.channels import api_json, fetch, pdf_text
from tests.factories import make_condition, make_image, make_treatment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


def years_ago(years):
    return today() - datetime.timedelta(days=365 * years)


def overdue_count(page):
    page.goto("/admin/")
    return int(page.locator("[data-overdue-count]").inner_text())


def test_editor_submits_and_clinical_reviewer_signs_off_an_overdue_condition(
    open_admin, clinic, staff
):
    condition = make_condition(
        title="Gout",
        slug="gout",
        summary="Gout is sudden pain in a joint.",
        last_reviewed=years_ago(4),
        next_review_due=years_ago(1),
        reviewed_by_name="Dr Former",
    )
    reviewer = open_admin(staff.reviewer)
    assert overdue_count(reviewer) == 1
    reviewer.get_by_role("link", name=re.compile("overdue for review")).click()
    expect(reviewer.locator("main table")).to_contain_text("Gout")

    # The editor updates the page and sends it for clinical review.
    editor = open_admin(staff.editor, edit_url(condition))
    editor.locator("#id_summary").fill("Gout is sudden, severe pain in a joint.")
    save_and_wait(editor, "Submit to Clinical review")
    assert "submitted" in messages(editor)
    _, live = api_json(clinic.url, "/api/v1/conditions/gout/")
    assert live["summary"] == "Gout is sudden pain in a joint."  # not yet approved

    # The reviewer approves it from the editor.
    reviewer.goto(edit_url(condition))
    save_and_wait(reviewer, re.compile(r"^\s*Approve and sign off"))
    assert "Page 'Gout' has been updated" in messages(reviewer)

    _, signed = api_json(clinic.url, "/api/v1/conditions/gout/")
    assert signed["summary"] == "Gout is sudden, severe pain in a joint."
    assert signed["reviewed_by"] == {
        "name": "Dr Aiko Sato",
        "credentials": "Lic. Ac., MBAcC",
    }
    assert signed["last_reviewed"] == today().isoformat()
    assert signed["review_overdue"] is False

    status, _, leaflet = fetch(
        clinic.url, "/api/v1/conditions/gout/export/leaflet-pdf/"
    )
    assert status == 200, leaflet[:500]
    reviewed_on = f"{today().day} {today():%B %Y}"
    assert f"{reviewed_on} by Dr Aiko Sato, Lic. Ac., MBAcC" in pdf_text(leaflet)

    assert overdue_count(reviewer) == 0
    reviewer.goto("/admin/reports/reviews-due/?status=overdue")
    expect(reviewer.locator("main")).not_to_contain_text("Gout")


def download_csv(page):
    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def filter_report(page, label, option):
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name=label).click()
    with page.expect_response(re.compile(r"/results/\?")):
        page.get_by_label(label).select_option(label=option)
    page.keyboard.press("Escape")


def open_report(page, name):
    page.goto("/admin/")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_reviews_due_and_image_licences_reports_filter_and_download(
    open_admin, clinic, staff
):
    make_condition(title="Gout", next_review_due=years_ago(1))
    make_condition(title="Shingles")  # never reviewed
    non_commercial = make_image(title="Toe sketch", license="CC-BY-NC-4.0")
    make_treatment(title="Cupping", hero_image=non_commercial)
    make_image(title="Clinic photo", source_url="")
    page = open_admin(staff.admin)

    open_report(page, "Reviews due")
    listing = page.locator("main table")
    expect(listing).to_contain_text("Gout")
    expect(listing).to_contain_text("Shingles")
    filter_report(page, "Status", "Overdue")
    expect(listing).not_to_contain_text("Shingles")
    expect(listing).to_contain_text("Gout")
    rows = download_csv(page)
    assert [(row["Title"], row["Status"]) for row in rows] == [("Gout", "Overdue")]

    open_report(page, "Image licences")
    listing = page.locator("main table")
    expect(listing).to_contain_text("Toe sketch")
    expect(listing).to_contain_text("Clinic photo")
    filter_report(page, "Problem", "Non-commercial (NC)")
    expect(listing).not_to_contain_text("Clinic photo")
    rows = download_csv(page)
    assert [(row["Title"], row["Licence"]) for row in rows] == [
        ("Toe sketch", "CC BY-NC 4.0")
    ]
    assert "Cupping" in rows[0]["Used on"]
