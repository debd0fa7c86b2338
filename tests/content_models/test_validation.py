"""Model validation gives staff clear messages before bad content is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from content_models.case_studies import CaseStudyPage
from content_models.codes import CodeSystem, validate_clinical_code
from content_models.conditions import ConditionCode, ConditionPage
from content_models.review import add_years
from content_models.treatments import TreatmentPage
from tests.factories import make_image


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


def condition(**fields):
    values = {"title": "Gout", "slug": "gout", "summary": "Sudden joint pain."}
    values.update(fields)
    return ConditionPage(**values)


def test_summary_over_300_characters_is_refused_with_its_length(db):
    message = errors_of(condition(summary="x" * 301))["summary"][0]
    assert "301 characters" in message and "300 or fewer" in message


def test_every_problem_is_reported_at_once(db):
    errors = errors_of(
        condition(
            summary="x" * 301,
            search_description="y" * 201,
            last_reviewed=datetime.date(2026, 6, 1),
            next_review_due=datetime.date(2026, 1, 1),
        )
    )
    assert {"summary", "search_description", "next_review_due"} <= set(errors)


def test_summary_of_exactly_300_characters_is_accepted(db):
    condition(summary="x" * 300).clean()


def test_meta_description_over_200_characters_is_refused(db):
    message = errors_of(condition(search_description="y" * 201))["search_description"]
    assert "meta description" in message[0]


def test_treatment_summary_limit_is_enforced_too(db):
    page = TreatmentPage(title="Cupping", slug="cupping", summary="z" * 400)
    assert "summary" in errors_of(page)


def test_next_review_must_come_after_the_last_review(db):
    page = condition(
        last_reviewed=datetime.date(2026, 5, 1),
        next_review_due=datetime.date(2026, 4, 1),
    )
    assert "after the last review" in errors_of(page)["next_review_due"][0]


def test_next_review_defaults_to_three_years_after_the_last(db):
    page = condition(last_reviewed=datetime.date(2025, 6, 30))
    page.clean()
    assert page.next_review_due == datetime.date(2028, 6, 30)


def test_a_last_review_in_the_future_is_refused(db):
    page = condition(last_reviewed=datetime.date.today() + datetime.timedelta(days=5))
    assert "future" in errors_of(page)["last_reviewed"][0]


def test_review_interval_from_29_february_lands_on_28_february():
    assert add_years(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    "system, code",
    [
        (CodeSystem.ICD10, "M54.3"),
        (CodeSystem.ICD10, "M54"),
        (CodeSystem.ICD10CM, "M54.16"),
        (CodeSystem.ICD10CM, "S32.0XXA"),
        (CodeSystem.SNOMED_CT, "23056005"),
    ],
)
def test_well_formed_clinical_codes_are_accepted(system, code):
    validate_clinical_code(system, code)


@pytest.mark.parametrize(
    "system, code, expected",
    [
        (CodeSystem.ICD10, "M54.16", "like M54.3"),
        (CodeSystem.ICD10, "54.3", "like M54.3"),
        (CodeSystem.ICD10CM, "M5416", "like M54.16"),
        (CodeSystem.SNOMED_CT, "M54.3", "digits"),
        (CodeSystem.SNOMED_CT, "123", "digits"),
    ],
)
def test_malformed_clinical_codes_name_the_expected_format(system, code, expected):
    with pytest.raises(ValidationError) as caught:
        validate_clinical_code(system, code)
    assert expected in caught.value.message_dict["code"][0]


def test_clinical_code_is_normalised_to_upper_case(db):
    code = ConditionCode(system=CodeSystem.ICD10, code=" m54.3 ")
    code.clean()
    assert code.code == "M54.3"


def test_image_without_licence_cannot_be_used_on_a_condition(site_tree):
    image = make_image(license=None)
    assert "licence" in errors_of(condition(hero_image=image))["hero_image"][0]


def test_image_without_source_cannot_be_used_on_a_treatment(site_tree):
    image = make_image(source_url="")
    page = TreatmentPage(title="Cupping", slug="cupping", summary="s", hero_image=image)
    assert "source" in errors_of(page)["hero_image"][0]


def test_credited_image_can_be_used_on_a_page(site_tree):
    condition(hero_image=make_image()).clean()


def test_withdrawn_consent_empties_the_consent_scope(db):
    page = CaseStudyPage(consent_web=True, consent_print=True)
    assert page.consent_scope == {"web", "print"}
    page.consent_withdrawn_on = datetime.date(2026, 4, 1)
    assert page.consent_scope == frozenset()
