"""api.filters.apply_filters: the filtering every listing and collection export shares."""

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from api.filters import apply_filters
from content_models.public import (
    public_case_studies,
    public_conditions,
    public_symptoms,
    public_treatments,
)
from tests.factories import (
    make_case_study,
    make_condition,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [page.title for page in queryset]


def conditions(query):
    return titles(apply_filters("conditions", public_conditions(), QueryDict(query)))


def test_conditions_are_ordered_by_title_by_default(site_tree):
    make_condition(title="Sciatica")
    make_condition(title="Gout")
    assert conditions("") == ["Gout", "Sciatica"]
    assert conditions("ordering=-title") == ["Sciatica", "Gout"]


def test_conditions_filter_by_public_symptom_only(site_tree):
    pain = make_symptom(slug="leg-pain")
    hidden = make_symptom(slug="hidden", publish=False)
    make_condition(title="Sciatica", symptoms=[pain, hidden])
    make_condition(title="Gout")
    assert conditions("symptom=leg-pain") == ["Sciatica"]
    assert conditions("symptom=hidden") == []
    assert conditions("symptom=no-such-symptom") == []


def test_conditions_filter_by_code_in_any_or_one_system(site_tree):
    make_condition(
        title="Sciatica", codes=[("icd-10", "M54.3"), ("icd-10-cm", "M54.16")]
    )
    make_condition(title="Gout", codes=[("icd-10", "M10.9")])
    assert conditions("code=m54.3") == ["Sciatica"]
    assert conditions("code=icd-10-cm:M54.16") == ["Sciatica"]
    assert conditions("code=icd-10:M54.16") == []


def test_unknown_parameter_is_rejected_naming_allowed_ones(site_tree):
    with pytest.raises(ValidationError) as error:
        apply_filters("conditions", public_conditions(), QueryDict("colour=red"))
    message = str(error.value.detail["detail"])
    assert "'colour'" in message and "symptom" in message and "updated_since" in message


def test_callers_own_parameters_pass_through(site_tree):
    make_condition(title="Gout")
    queryset = apply_filters(
        "conditions",
        public_conditions(),
        QueryDict("limit=3"),
        extra_parameters=["limit"],
    )
    assert titles(queryset) == ["Gout"]


@pytest.mark.parametrize(
    "query",
    [
        "updated_since=yesterday",
        "updated_since=2026-02-30",
        "next_review_before=31/01/2026",
        "ordering=colour",
        "ordering=-",
    ],
)
def test_malformed_values_are_rejected(site_tree, query):
    with pytest.raises(ValidationError) as error:
        apply_filters("conditions", public_conditions(), QueryDict(query))
    assert "invalid filter value" in str(error.value.detail["detail"])


def test_updated_since_accepts_dates_and_date_times(site_tree):
    make_condition(title="Gout")
    assert conditions("updated_since=2000-01-01") == ["Gout"]
    assert conditions("updated_since=2000-01-01T10:00:00%2B02:00") == ["Gout"]
    assert conditions("updated_since=2999-01-01T00:00:00Z") == []


def test_symptoms_filter_by_red_flag_strictly(site_tree):
    make_symptom(title="Numbness", is_red_flag=True)
    make_symptom(title="Ache")
    found = apply_filters("symptoms", public_symptoms(), QueryDict("red_flag=true"))
    assert titles(found) == ["Numbness"]
    with pytest.raises(ValidationError):
        apply_filters("symptoms", public_symptoms(), QueryDict("red_flag=maybe"))


def test_treatments_filter_by_public_condition(site_tree):
    needles = make_treatment(title="Acupuncture")
    make_treatment(title="Massage")
    make_condition(slug="sciatica", treatments=[needles])
    make_condition(slug="draft", treatments=[needles], publish=False)
    found = apply_filters(
        "treatments", public_treatments(), QueryDict("condition=sciatica")
    )
    assert titles(found) == ["Acupuncture"]
    found = apply_filters(
        "treatments", public_treatments(), QueryDict("condition=draft")
    )
    assert titles(found) == []


def test_case_studies_filter_by_condition_and_treatment(site_tree):
    needles = make_treatment(slug="acupuncture")
    sciatica = make_condition(slug="sciatica")
    case = make_case_study(title="Mr K", condition=sciatica)
    case.treatments_given.set([needles])
    case.save_revision().publish()
    make_case_study(title="Ms L")
    queryset = public_case_studies()
    assert titles(
        apply_filters("case-studies", queryset, QueryDict("condition=sciatica"))
    ) == ["Mr K"]
    assert titles(
        apply_filters("case-studies", queryset, QueryDict("treatment=acupuncture"))
    ) == ["Mr K"]


def test_search_finds_by_words_in_the_summary(site_tree):
    make_condition(title="Sciatica", summary="Pain along the sciatic nerve.")
    make_condition(title="Gout", summary="A painful joint.")
    assert conditions("search=sciatic nerve") == ["Sciatica"]
    assert conditions("search=%22(*)AND OR NOT") == []
