"""Staff write content in the admin: a condition built from scratch, a draft that stays
private until it is published, and a bad condition whose errors all show at once."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.admin import (
    add_url,
    choose_page,
    edit_url,
    error_beside,
    log_in,
    messages,
    open_tab,
    save_and_wait,
    tab_error_count,
    type_rich_text,
    upload_image_in_chooser,
)
from tests.browser.channels import api_json, api_slugs, fetch, rss_items
from tests.browser.conftest import PASSWORD
from tests.factories import make_condition, make_image, make_symptom, make_treatment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]

FEED = "/api/v1/conditions/export/rss/"
TABS = ("Content", "Clinical", "Review", "Promote")


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "gouty-toe.png"
    Image.new("RGB", (400, 300), (190, 120, 90)).save(path)
    return path


def test_staff_member_builds_a_condition_with_its_symptoms_codes_treatment_and_image(
    new_page, clinic, staff, photo
):
    make_symptom(title="Joint pain", slug="joint-pain")
    make_treatment(title="Traditional Japanese Acupuncture", slug="tja")
    page = new_page(base_url=clinic.url)
    log_in(page, "admin", PASSWORD)

    # A symptom the condition needs does not exist yet: it is added first.
    page.goto(add_url("symptompage", clinic.folders["symptoms"]))
    page.locator("#id_title").fill("Swollen big toe")
    page.locator("#id_description").fill("The joint at the base of the toe swells.")
    save_and_wait(page, "Publish")
    assert "Swollen big toe" in messages(page)

    # The condition: summary, then a hero image uploaded with its credit.
    page.goto(add_url("conditionpage", clinic.folders["conditions"]))
    page.locator("#id_title").fill("Gout")
    page.locator("#id_summary").fill("Gout is sudden, severe pain in a joint.")
    upload_image_in_chooser(
        page,
        "#panel-child-content-hero_image-content",
        photo,
        title="A gouty toe",
        source=("Wellcome Collection", "https://wellcomecollection.org/works/g0ut"),
        licence="CC BY 4.0",
    )

    # Two symptoms; the one patients notice first is moved to the top.
    page.locator("#id_symptom_links-ADD").click()
    choose_page(page, "#inline_child_symptom_links-0", "Joint pain")
    page.locator("#id_symptom_links-ADD").click()
    choose_page(page, "#inline_child_symptom_links-1", "Swollen big toe")
    page.locator(
        "#inline_child_symptom_links-1 [data-inline-panel-child-move-up]"
    ).click()

    # Clinical: a code, a red flag and a treatment with its text for gout.
    open_tab(page, "Clinical")
    page.locator("#id_clinical_codes-ADD").click()
    page.locator("#id_clinical_codes-0-system").select_option(label="ICD-10 (WHO)")
    page.locator("#id_clinical_codes-0-code").fill("M10.0")
    page.locator("#id_clinical_codes-0-display").fill("Idiopathic gout")
    page.locator("#panel-child-clinical-red_flags-content .c-sf-add-button").click()
    page.locator("#red_flags-0-value").fill("the joint is hot and you have a fever")
    page.locator("#id_treatment_links-ADD").click()
    choose_page(
        page, "#inline_child_treatment_links-0", "Traditional Japanese Acupuncture"
    )
    type_rich_text(
        page,
        "treatment_links-0-how_used",
        "Fine needles near the big toe calm the pain.",
    )

    save_and_wait(page, "Save draft")
    assert "Page 'Gout' created" in messages(page)

    # The preview shows what was entered, in the chosen order, with the credit.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe").locator("body")
    expect(preview).to_contain_text("Gout is sudden")
    shown = preview.inner_text()
    assert shown.index("Swollen big toe") < shown.index("Joint pain")
    assert "the joint is hot and you have a fever" in shown
    assert "Fine needles near the big toe calm the pain." in shown
    caption = page.frame_locator("#w-preview-iframe").locator("figcaption")
    expect(caption).to_contain_text("Wellcome Collection")
    expect(caption).to_contain_text("CC BY 4.0")

    # The code was kept.
    open_tab(page, "Clinical")
    expect(page.locator("#id_clinical_codes-0-code")).to_have_value("M10.0")


def test_a_draft_stays_out_of_the_api_and_feed_until_it_is_published(
    open_admin, clinic, staff
):
    image = make_image(
        title="Gouty toe",
        work_title="A gouty toe",
        source_name="Wellcome Collection",
        source_url="https://wellcomecollection.org/works/g0ut",
    )
    condition = make_condition(
        title="Gout", slug="gout", hero_image=image, publish=False
    )
    page = open_admin(staff.admin, edit_url(condition))

    page.locator("#id_summary").fill("Gout is sudden, severe pain in a joint.")
    save_and_wait(page, "Save draft")
    assert "Page 'Gout' has been updated" in messages(page)
    assert fetch(clinic.url, "/api/v1/conditions/gout/")[0] == 404
    assert "gout" not in api_slugs(clinic.url, "conditions")
    assert "Gout" not in rss_items(clinic.url, FEED)["items"]

    save_and_wait(page, "Publish")
    assert "Page 'Gout' has been published" in messages(page)
    assert "gout" in api_slugs(clinic.url, "conditions")
    status, detail = api_json(clinic.url, "/api/v1/conditions/gout/")
    assert status == 200
    assert detail["summary"] == "Gout is sudden, severe pain in a joint."
    credit = detail["hero_image"]["credit"]["text"]
    assert "A gouty toe" in credit and "Wellcome Collection" in credit
    assert "CC BY 4.0" in credit
    item = rss_items(clinic.url, FEED)["items"]["Gout"]
    assert "Wellcome Collection" in item["credit"] and "CC BY 4.0" in item["credit"]


def test_every_error_of_a_bad_condition_shows_after_one_save(open_admin, clinic, staff):
    page = open_admin(
        staff.admin, add_url("conditionpage", clinic.folders["conditions"])
    )
    page.locator("#id_title").fill("Gout")
    page.locator("#id_summary").fill("Gout hurts. " * 30)  # 330 characters
    open_tab(page, "Clinical")
    page.locator("#id_clinical_codes-ADD").click()
    page.locator("#id_clinical_codes-0-system").select_option(label="ICD-10 (WHO)")
    page.locator("#id_clinical_codes-0-code").fill("GOUT1")
    open_tab(page, "Review")
    page.locator("#id_last_reviewed").fill("2025-06-01")
    page.locator("#id_next_review_due").fill("2025-01-01")
    open_tab(page, "Promote")
    page.locator("#id_search_description").fill("Gout in brief. " * 15)  # 225

    save_and_wait(page, "Save draft")

    assert "could not be created due to validation errors" in messages(page)
    assert "keep it to 300 or fewer" in error_beside(page, "id_summary")
    assert "'GOUT1' is not a valid ICD-10 (WHO) code" in error_beside(
        page, "id_clinical_codes-0-code"
    )
    assert "must come after the last review" in error_beside(page, "id_next_review_due")
    assert "keep it to 200 or fewer" in error_beside(page, "id_search_description")
    assert {tab: tab_error_count(page, tab) for tab in TABS} == {
        "Content": 1,
        "Clinical": 1,
        "Review": 1,
        "Promote": 1,
    }
