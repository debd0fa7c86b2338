"""Conditions and treatments get the same checks and tabs from PatientInformationPage."""

import pytest
from django.core.exceptions import ValidationError

from content_models.conditions import ConditionPage
from content_models.patient_pages import PatientInformationPage
from content_models.treatments import TreatmentPage
from tests.factories import make_image

patient_page_types = pytest.mark.parametrize(
    "page_type", [ConditionPage, TreatmentPage], ids=["condition", "treatment"]
)


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


def patient_page(page_type, **fields):
    values = {"title": "Gout", "slug": "gout", "summary": "Sudden joint pain."}
    values.update(fields)
    return page_type(**values)


@patient_page_types
def test_hero_image_without_licence_is_refused(page_type, site_tree):
    page = patient_page(page_type, hero_image=make_image(license=None))
    assert "licence" in errors_of(page)["hero_image"][0]


@patient_page_types
def test_summary_over_300_characters_is_refused(page_type, db):
    message = errors_of(patient_page(page_type, summary="x" * 301))["summary"][0]
    assert "301 characters" in message and "300 or fewer" in message


@patient_page_types
def test_meta_description_over_200_characters_is_refused(page_type, db):
    page = patient_page(page_type, search_description="y" * 201)
    assert "meta description" in errors_of(page)["search_description"][0]


@patient_page_types
def test_summary_hero_image_and_meta_description_are_reported_together(
    page_type, site_tree
):
    page = patient_page(
        page_type,
        summary="x" * 301,
        search_description="y" * 201,
        hero_image=make_image(source_url=""),
    )
    assert {"summary", "search_description", "hero_image"} <= set(errors_of(page))


@patient_page_types
def test_a_valid_page_stores_its_reading_age(page_type, site_tree):
    page = patient_page(page_type, hero_image=make_image())
    page.clean()
    assert page.reading_age is not None


@patient_page_types
def test_editors_see_the_same_tabs_with_reading_age_and_summary_first(page_type):
    tabs = page_type.get_edit_handler().children
    assert [tab.heading for tab in tabs] == [
        "Content",
        "Clinical",
        "Review",
        "Promote",
        "Settings",
    ]
    content = tabs[0].children
    assert [type(panel).__name__ for panel in content[:2]] == [
        "TitleFieldPanel",
        "ReadabilityPanel",
    ]
    assert content[2].field_name == "summary"


def test_the_shared_base_is_abstract_and_adds_no_table():
    assert PatientInformationPage._meta.abstract
    assert issubclass(ConditionPage, PatientInformationPage)
    assert issubclass(TreatmentPage, PatientInformationPage)
