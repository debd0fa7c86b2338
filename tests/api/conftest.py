"""Fixtures for the API tests: a client that returns JSON, and a fully linked condition."""

from types import SimpleNamespace

import pytest

from content_models.conditions import ConditionSymptom, ConditionTreatment
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_symptom,
    make_treatment,
)


class APIClient:
    """GETs an API path and returns the response, with ``.data`` parsed when JSON."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **headers):
        response = self.client.get(path, headers=headers)
        content_type = response.headers.get("Content-Type", "")
        response.data = response.json() if "json" in content_type else None
        return response


@pytest.fixture
def api(client):
    return APIClient(client)


@pytest.fixture
def sciatica(site_tree):
    """A condition with every kind of related content, public and not."""
    back = make_symptom(title="Lower back pain", slug="lower-back-pain")
    leg = make_symptom(title="Leg pain", slug="leg-pain", body_location="leg")
    numb = make_symptom(
        title="Saddle numbness", slug="saddle-numbness", is_red_flag=True
    )
    hidden_symptom = make_symptom(
        title="Draft symptom", slug="draft-symptom", publish=False
    )
    needles = make_treatment(
        title="Acupuncture", slug="acupuncture", tradition="Japanese medicine"
    )
    massage = make_treatment(title="Massage", slug="massage")
    hidden_treatment = make_treatment(
        title="Draft cure", slug="draft-cure", publish=False
    )
    image = make_image(creator="A. Painter")
    condition = make_condition(
        title="Sciatica",
        slug="sciatica",
        summary="Pain along the sciatic nerve.",
        medical_term="Lumbar radiculopathy",
        also_called="Sciatic nerve pain\nLumbar radicular pain",
        overview=(
            f'<p>Try <a linktype="page" id="{needles.pk}">acupuncture</a> or '
            f'<a linktype="page" id="{hidden_treatment.pk}">a draft</a>.</p>'
            '<script>alert(1)</script><p><a href="/about/">About us</a></p>'
        ),
        red_flags=[("red_flag", "you cannot control your bladder")],
        causes=[("cause", {"name": "Trauma", "description": "A fall."})],
        references=[("reference", {"citation": "A study, 2020", "url": ""})],
        hero_image=image,
        symptoms=[back, hidden_symptom, leg, numb],
        treatments=[needles, hidden_treatment, massage],
        codes=[("icd-10", "M54.3"), ("icd-10-cm", "M54.16")],
        reviewed_by_name="Dr A. Sato",
        reviewed_by_credentials="Lic. Ac.",
    )
    ConditionSymptom.objects.filter(condition=condition, symptom=leg).update(
        note="worse when sitting"
    )
    ConditionTreatment.objects.filter(condition=condition, treatment=needles).update(
        how_used=f'<p>Needling along the <a linktype="page" id="{leg.pk}">Bladder '
        "meridian</a></p><script>alert(1)</script>"
    )
    shared = make_case_study(
        title="Mr K", slug="mr-k", condition=condition, outcomes=[(1, "Pain", "-60%")]
    )
    shared.treatments_given.set([needles, hidden_treatment])
    shared.save_revision().publish()
    private_case = make_case_study(
        title="Ms L", slug="ms-l", condition=condition, consent=("print",)
    )
    return SimpleNamespace(
        condition=condition,
        symptoms=[back, leg, numb],
        hidden_symptom=hidden_symptom,
        needles=needles,
        massage=massage,
        hidden_treatment=hidden_treatment,
        image=image,
        case=shared,
        case_without_web_consent=private_case,
    )
