"""Factories: the smallest valid, published page of each type, under the real tree.

    condition = make_condition(title="Gout", symptoms=[make_symptom(title="Toe pain")])

Each takes field overrides; ``publish=False`` leaves a draft.
"""

import itertools

from content_models.case_studies import (
    CaseStudyIndexPage,
    CaseStudyOutcome,
    CaseStudyPage,
)
from content_models.conditions import (
    ConditionCode,
    ConditionIndexPage,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
)
from content_models.consent import withdraw_consent
from content_models.demo.placeholder import placeholder_png
from content_models.images import CreditedImage
from content_models.licenses import License
from content_models.symptoms import SymptomIndexPage, SymptomPage
from content_models.treatments import TreatmentIndexPage, TreatmentPage

_sequence = itertools.count(1)


def _add(index_model, page, publish):
    page.live = publish
    index_model.objects.get().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def make_image(license="CC-BY-4.0", **fields):
    n = next(_sequence)
    values = {
        "title": f"Test image {n}",
        "work_title": f"Work {n}",
        "source_name": "Test Collection",
        "source_url": f"https://collection.example/works/{n}",
        "license": License.objects.get(spdx_id=license) if license else None,
    }
    values.update(fields)
    image = CreditedImage(
        file=placeholder_png(values["title"], size=(400, 300)), **values
    )
    image.save()
    return image


def make_symptom(publish=True, **fields):
    n = next(_sequence)
    values = {"title": f"Symptom {n}", "slug": f"symptom-{n}", "description": "A sign."}
    values.update(fields)
    return _add(SymptomIndexPage, SymptomPage(**values), publish)


def make_treatment(publish=True, **fields):
    n = next(_sequence)
    values = {
        "title": f"Treatment {n}",
        "slug": f"treatment-{n}",
        "summary": "A treatment.",
        "traditional_view": "<p>Traditional view.</p>",
        "biomedical_mechanism": "<p>Biomedical mechanism.</p>",
    }
    values.update(fields)
    return _add(TreatmentIndexPage, TreatmentPage(**values), publish)


def make_condition(publish=True, symptoms=(), treatments=(), codes=(), **fields):
    n = next(_sequence)
    values = {
        "title": f"Condition {n}",
        "slug": f"condition-{n}",
        "summary": "A condition.",
    }
    values.update(fields)
    page = ConditionPage(**values)
    # The admin's formsets number inline rows; assigned rows need it done by hand.
    page.symptom_links = [
        ConditionSymptom(symptom=s, sort_order=i) for i, s in enumerate(symptoms)
    ]
    page.treatment_links = [
        ConditionTreatment(treatment=t, sort_order=i) for i, t in enumerate(treatments)
    ]
    page.clinical_codes = [
        ConditionCode(system=system, code=code, sort_order=i)
        for i, (system, code) in enumerate(codes)
    ]
    return _add(ConditionIndexPage, page, publish)


def make_case_study(
    publish=True, consent=("web",), outcomes=(), consent_withdrawn_on=None, **fields
):
    """A case study; ``consent_withdrawn_on`` records a withdrawal through the action
    staff use (``withdraw_consent``), after publishing."""
    n = next(_sequence)
    values = {
        "title": f"Case {n}",
        "slug": f"case-{n}",
        "patient_label": f"Patient {n}.",
        "summary": "A case.",
        "presenting_complaint": "Pain.",
        "consent_web": "web" in consent,
        "consent_print": "print" in consent,
        "consent_syndication": "syndication" in consent,
    }
    values.update(fields)
    page = CaseStudyPage(**values)
    page.outcomes = [
        CaseStudyOutcome(after_session=s, measure=m, result=r, sort_order=i)
        for i, (s, m, r) in enumerate(outcomes)
    ]
    page = _add(CaseStudyIndexPage, page, publish)
    if consent_withdrawn_on:
        withdraw_consent(page, None, withdrawn_on=consent_withdrawn_on)
        page.refresh_from_db()
    return page


def make_linked_conditions(count, image_per_condition=False):
    """``count`` published conditions sharing one symptom and one treatment, all but
    one linking to that one in their rich text: the related data feeds and listings
    must fetch once, not per item. With ``image_per_condition`` half the conditions
    get an image of their own.
    """
    linked = make_condition(title="Linked")
    symptom, treatment, image = make_symptom(), make_treatment(), make_image()
    for n in range(count - 1):
        make_condition(
            title=f"Condition {n}",
            overview=f'<p>See <a linktype="page" id="{linked.pk}">this</a>.</p>',
            symptoms=[symptom],
            treatments=[treatment],
            hero_image=make_image() if image_per_condition and n % 2 == 0 else image,
        )
