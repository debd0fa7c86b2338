"""Case studies and the patient's consent: publishing is refused without it, and a
withdrawal recorded in the admin takes the case study out of every channel at once."""

import datetime

import pytest
from playwright.sync_api import expect

from content_models.case_studies import CaseStudyPage
from content_models.governance import today
from tests.browser.admin import (
    choose_action,
    edit_url,
    error_beside,
    form_errors,
    messages,
    save_and_wait,
    tab,
    tab_error_count,
)
from tests.browser.channels import api_json, api_slugs, fetch, rss_items
from tests.factories import make_case_study, make_condition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]

FEED = "/api/v1/case-studies/export/rss/"


def test_publishing_a_case_study_without_consent_is_refused_on_the_consent_tab(
    open_admin, clinic, staff
):
    case = make_case_study(
        title="Mr. K. and his sciatica", slug="mr-k", consent=(), publish=False
    )
    page = open_admin(staff.admin, edit_url(case))

    save_and_wait(page, "Publish")

    assert "could not be saved due to validation errors" in messages(page)
    assert tab_error_count(page, "Consent") == 2
    tab(page, "Consent").click()
    assert "consent to publish on the web is not recorded" in error_beside(
        page, "id_consent_web"
    )
    assert "Record the date consent was given" in error_beside(
        page, "id_consent_recorded_on"
    )
    assert not CaseStudyPage.objects.get(pk=case.pk).live
    assert "mr-k" not in api_slugs(clinic.url, "case-studies")
    assert fetch(clinic.url, "/api/v1/case-studies/mr-k/")[0] == 404


def test_recorded_consent_withdrawal_removes_the_case_study_everywhere_at_once(
    open_admin, clinic, staff
):
    condition = make_condition(title="Sciatica", slug="sciatica")
    case = make_case_study(
        title="Mr. K. and his sciatica",
        slug="mr-k",
        condition=condition,
        consent=("web", "syndication"),
        consent_recorded_on=datetime.date(2026, 1, 10),
    )
    assert "mr-k" in api_slugs(clinic.url, "case-studies")
    assert "Mr. K. and his sciatica" in rss_items(clinic.url, FEED)["items"]
    assert case_studies_of(clinic, "sciatica") == ["mr-k"]
    page = open_admin(staff.admin, edit_url(case))

    choose_action(page, "Record consent withdrawal")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Record consent withdrawal"
    )
    # The day defaults to today, when the patient phoned.
    page.get_by_label("Note").fill("Phoned reception")
    with page.expect_navigation():
        page.get_by_role("button", name="Record withdrawal and unpublish").click()
    assert "is unpublished everywhere" in messages(page), form_errors(page)
    tab(page, "Consent").click()
    withdrawn = f"{today().day} {today():%B %Y}"
    expect(page.locator("[data-consent-status]")).to_contain_text(
        f"Consent withdrawn on {withdrawn}."
    )
    expect(page.locator("[data-consent-status]")).to_contain_text("Phoned reception")

    assert "mr-k" not in api_slugs(clinic.url, "case-studies")
    assert fetch(clinic.url, "/api/v1/case-studies/mr-k/")[0] == 404
    assert "Mr. K. and his sciatica" not in rss_items(clinic.url, FEED)["items"]
    assert case_studies_of(clinic, "sciatica") == []


def case_studies_of(clinic, condition):
    _, detail = api_json(clinic.url, f"/api/v1/conditions/{condition}/")
    return [case["slug"] for case in detail["case_studies"]]
