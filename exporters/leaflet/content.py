"""What a leaflet says: the page and its linked content, gathered for the templates.

    >>> from exporters.leaflet import content
    >>> leaflet = content.build(condition, context)
    >>> leaflet["title"], leaflet["red_flags"], leaflet["treatments"][0]["biomedical"]

Linked pages come through the public querysets, so a draft treatment or a case study
without print consent never reaches paper. Credits, rich text and the online URL use
the project's one formatter for each (``credits``, ``richtext``, ``canonical``).
"""

import json
import re

import segno
from wagtail.fields import StreamField

from content_models.canonical import canonical_url
from content_models.case_studies import CaseStudyPage, ConsentChannel
from content_models.conditions import ConditionPage
from content_models.credits import credit_for
from content_models.public import (
    image_is_public,
    public_case_studies,
    public_conditions,
    public_symptoms,
    public_treatments,
)
from content_models.richtext import RichTextRenderer
from content_models.treatments import TreatmentPage

KINDS = {
    ConditionPage: "condition",
    TreatmentPage: "treatment",
    CaseStudyPage: "case_study",
}
IMAGE_SPEC = "max-1200x900"
FIRST_PARAGRAPH = re.compile(r"\s*<p>.*?</p>", re.DOTALL)  # a <p> holds no <p>


def build(page, context):
    """The leaflet's content for ``page`` (a specific condition, treatment or case)."""
    kind = KINDS[type(page)]
    renderer = RichTextRenderer(context.base_url)
    leaflet = {
        "kind": kind,
        "title": page.title,
        "summary": page.summary,
        "synonyms": getattr(page, "synonyms", []),
        "image": _image(getattr(page, "hero_image", None)),
        "references": _references(page),
        "clinic": _clinic(context.clinic),
        **_identity(page, context),
        **_review(page),
    }
    leaflet.update(SECTIONS[kind](page, renderer))
    return leaflet


def shows_published_content(page):
    """Whether ``page`` is the live page as stored, not a preview of unsaved changes.

    Only published content gets an edition number; a preview prints "draft". The
    preview hands over the page as edited, so it is compared with the stored row.
    """
    if page.pk is None or not page.live:
        return False
    stored = type(page).objects.filter(pk=page.pk).first()
    return stored is not None and _fields(stored) == _fields(page)


def _fields(page):
    # StreamFields serialise to JSON text, whose key order PostgreSQL's jsonb does
    # not keep: compare them decoded.
    streams = {f.name for f in page._meta.concrete_fields if isinstance(f, StreamField)}
    return {
        name: json.loads(value) if name in streams and value else value
        for name, value in page.serializable_data().items()
    }


def dependencies(page, context):
    """Everything besides the page's own revision that changes its leaflet."""
    linked = []
    if isinstance(page, ConditionPage):
        linked += _revisions(
            public_symptoms().filter(condition_links__condition=page),
            public_treatments().filter(condition_links__condition=page),
            _print_cases().filter(condition=page),
        )
    elif isinstance(page, TreatmentPage):
        linked += _revisions(
            public_conditions().filter(treatment_links__treatment=page)
        )
    elif isinstance(page, CaseStudyPage):
        linked += _revisions(
            public_conditions().filter(pk=page.condition_id),
            public_treatments().filter(case_studies=page),
        )
    image = getattr(page, "hero_image", None)
    clinic = context.clinic
    return [
        linked,
        [image.file.name, credit_for(image).text, image.description] if image else None,
        [clinic.clinic_name, clinic.address, clinic.phone, clinic.email]
        + [clinic.website, clinic.leaflet_disclaimer],
    ]


def _revisions(*querysets):
    rows = []
    for queryset in querysets:
        rows += queryset.order_by("pk").values_list(
            "pk", "live_revision_id", "last_published_at"
        )
    return rows


def _print_cases():
    return public_case_studies(ConsentChannel.PRINT)


def _identity(page, context):
    """Reference and where to read it online (with a QR code)."""
    # A page previewed before its first save has no place in the tree yet.
    url = (page.url_path and canonical_url(page)) or f"{context.base_url}/"
    qr = segno.make(url, error="m")
    return {
        "url": url,
        "qr": qr.svg_data_uri(scale=4, border=2, dark="#000", light="#fff"),
        "reference": f"MER-{page.slug.upper()}",
    }


def _review(page):
    return {
        "last_reviewed": page.last_reviewed,
        "next_review_due": page.next_review_due,
        "reviewed_by": page.reviewed_by,
    }


def _clinic(clinic):
    lines = [line.strip() for line in (clinic.address or "").splitlines()]
    return {
        "name": clinic.clinic_name,
        "address": [line for line in lines if line],
        "phone": clinic.phone,
        "email": clinic.email,
        "website": clinic.website,
        "disclaimer": clinic.leaflet_disclaimer,
    }


def _image(image):
    if not image_is_public(image):  # no licence, or in a private collection
        return None
    try:
        file_name = image.get_rendition(IMAGE_SPEC).file.name
    except Exception:  # a missing or unreadable source file: print without it
        return None
    credit = credit_for(image)
    return {
        "src": f"storage:{file_name}",
        "file_hash": image.file_hash or image.file.name,
        "alt": image.description or credit.title,
        "credit": credit.text,
    }


def _references(page):
    return [
        {"citation": block.value["citation"], "url": block.value["url"]}
        for block in page.references
    ] if hasattr(page, "references") else []  # fmt: skip


def _treatments(links, renderer):
    """(treatment, how it is used here) pairs → the treatment section.

    The per-condition text comes first; the treatment's own traditional view and
    biomedical explanation follow, kept apart and general.
    """
    sources = {}
    for treatment, how_used in links:
        sources[(treatment.pk, "how_used")] = how_used
        sources[(treatment.pk, "traditional")] = treatment.traditional_view
        sources[(treatment.pk, "biomedical")] = treatment.biomedical_mechanism
    html = renderer.render_many(sources)
    return [
        {
            "title": treatment.title,
            "tradition": treatment.tradition,
            "how_used": html[(treatment.pk, "how_used")],
            "traditional": html[(treatment.pk, "traditional")],
            "biomedical": html[(treatment.pk, "biomedical")],
        }
        for treatment, _ in links
    ]


# Links are read from the page object, not the database, so a preview of unsaved
# changes shows them; the linked pages still pass through the public querysets.


def _symptoms(condition):
    links = list(condition.symptom_links.all())
    public = public_symptoms().in_bulk([link.symptom_id for link in links])
    return [
        {"name": public[link.symptom_id].title, "note": link.note}
        for link in links
        if link.symptom_id in public
    ]


def _condition_treatments(condition, renderer):
    links = list(condition.treatment_links.all())
    public = public_treatments().in_bulk([link.treatment_id for link in links])
    pairs = [
        (public[link.treatment_id], link.how_used)
        for link in links
        if link.treatment_id in public
    ]
    return _treatments(pairs, renderer)


def _causes(condition):
    return [
        {"name": block.value["name"], "description": block.value["description"]}
        for block in condition.causes
    ]


def _condition(page, renderer):
    cases = _print_cases().filter(condition_id=page.pk) if page.pk else None
    case = cases.order_by("-first_published_at").first() if cases is not None else None
    return {
        "kicker": "Patient information",
        "medical_term": page.medical_term,
        "overview": _opening_and_rest(renderer.render(page.overview)),
        "symptoms": _symptoms(page),
        "red_flags": [str(block.value) for block in page.red_flags],
        "causes": _causes(page),
        "treatments": _condition_treatments(page, renderer),
        "case_study": _case_summary(case) if case else None,
    }


def _case_summary(case):
    return {
        "label": case.patient_label,
        "summary": case.summary,
        "outcomes": _outcomes(case),
        "disclaimer": case.disclaimer,
    }


def _opening_and_rest(html):
    """``{"opening": first paragraph, "rest": the rest}``: a picture set between them
    lets the heading keep its first lines whatever a page break does to the picture."""
    match = FIRST_PARAGRAPH.match(html)
    if match is None:
        return {"opening": "", "rest": html}
    return {"opening": match.group(0), "rest": html[match.end() :]}


def _outcomes(case):
    return [
        {"after_session": o.after_session, "measure": o.measure, "result": o.result}
        for o in case.outcomes.all()
    ]


def _treatment(page, renderer):
    html = renderer.render_many({"expect": page.what_to_expect, "safety": page.safety})
    conditions = public_conditions().filter(treatment_links__treatment=page).distinct()
    return {
        "kicker": "Treatment information",
        "medical_term": page.tradition,
        "what_to_expect": html["expect"],
        "safety": html["safety"],
        "conditions": [
            {"title": c.title, "medical_term": c.medical_term}
            for c in conditions.order_by("title")
        ],
        "treatments": _treatments([(page, "")], renderer),
    }


def _case_study(page, renderer):
    condition = public_conditions().filter(pk=page.condition_id).first()
    given = [treatment.pk for treatment in page.treatments_given.all()]
    treatments = public_treatments().filter(pk__in=given).order_by("title")
    return {
        "kicker": "A patient's experience",
        "medical_term": condition.medical_term if condition else "",
        "patient": {
            "label": page.patient_label,
            "age": page.get_age_band_display() if page.age_band else "",
            "sex": page.get_sex_display() if page.sex else "",
        },
        "condition": condition.title if condition else "",
        "presenting_complaint": page.presenting_complaint,
        "duration": page.duration,
        "onset": page.onset,
        "findings": renderer.render(page.findings),
        "sessions": page.number_of_sessions,
        "outcomes": _outcomes(page),
        "adverse_events": page.adverse_events,
        "disclaimer": page.disclaimer,
        "symptoms": _symptoms(condition) if condition else [],
        "red_flags": [str(b.value) for b in condition.red_flags] if condition else [],
        "causes": _causes(condition) if condition else [],
        "treatments": _treatments([(t, "") for t in treatments], renderer),
    }


SECTIONS = {"condition": _condition, "treatment": _treatment, "case_study": _case_study}
