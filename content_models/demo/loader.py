"""Builds the demo content from ``data`` (see the package docstring)."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from ..case_studies import CaseStudyOutcome, CaseStudyPage
from ..clinical_review import ReviewerProfile, ensure_clinical_review_workflow
from ..conditions import (
    ConditionCode,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
)
from ..groups import CLINICAL_REVIEWERS
from ..images import CreditedImage
from ..licence_catalogue import install_licences
from ..licenses import License
from ..resources import RESOURCES
from ..settings import ClinicSettings
from ..symptoms import SymptomPage
from ..treatments import TreatmentPage
from . import data
from .placeholder import placeholder_png
from .tree import ensure_site_tree, publish

LINK_PLACEHOLDER = re.compile(r"\{treatment:([a-z0-9-]+)\}")


def _stream(block_type, values):
    return [(block_type, value) for value in values]


def _references(rows):
    return _stream("reference", [{"citation": c, "url": u} for c, u in rows])


def _review_fields():
    name, credentials = data.REVIEWER
    return {
        "last_reviewed": data.REVIEWED,
        "reviewed_by_name": name,
        "reviewed_by_credentials": credentials,
    }


def _create(parent, model, slug, **fields):
    """Create and publish ``model`` under ``parent`` unless ``slug`` already exists."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    if hasattr(page, "clean_review_dates"):
        page.clean_review_dates()
    parent.add_child(instance=page)
    return publish(page), True


def load_image(spec):
    image = CreditedImage.objects.filter(work_title=spec["work_title"]).first()
    if image:
        return image
    image = CreditedImage(
        title=spec["title"],
        file=placeholder_png(spec["work_title"]),
        work_title=spec["work_title"],
        creator=spec["creator"],
        source_name=spec["source_name"],
        source_url=spec["source_url"],
        license=License.objects.get(spdx_id=spec["license"]),
    )
    image.save()
    return image


def load_symptoms(index):
    return {
        slug: _create(
            index,
            SymptomPage,
            slug,
            title=title,
            description=description,
            body_location=location,
            is_red_flag=red_flag,
        )[0]
        for slug, title, description, location, red_flag in data.SYMPTOMS
    }


def load_treatments(index, images):
    pages = {}
    for spec in data.TREATMENTS:
        pages[spec["slug"]], _ = _create(
            index,
            TreatmentPage,
            spec["slug"],
            title=spec["title"],
            tradition=spec.get("tradition", ""),
            also_called=spec.get("also_called", ""),
            summary=spec["summary"],
            traditional_view=spec.get("traditional_view", ""),
            biomedical_mechanism=spec.get("biomedical_mechanism", ""),
            what_to_expect=spec.get("what_to_expect", ""),
            safety=spec.get("safety", ""),
            hero_image=images.get(spec.get("image")),
            references=_references(spec.get("references", [])),
            **_review_fields(),
        )
    return pages


def load_conditions(index, symptoms, treatments, images):
    pages = {}
    for spec in data.CONDITIONS:
        overview = LINK_PLACEHOLDER.sub(
            lambda m: str(treatments[m.group(1)].id), spec.get("overview", "")
        )
        pages[spec["slug"]], _ = _create(
            index,
            ConditionPage,
            spec["slug"],
            title=spec["title"],
            medical_term=spec.get("medical_term", ""),
            also_called=spec.get("also_called", ""),
            summary=spec["summary"],
            search_description=spec.get("search_description", ""),
            overview=overview,
            causes=_stream(
                "cause",
                [{"name": n, "description": d} for n, d in spec.get("causes", [])],
            ),
            red_flags=_stream("red_flag", spec.get("red_flags", [])),
            hero_image=images.get(spec.get("image")),
            references=_references(spec.get("references", [])),
            clinical_codes=[
                ConditionCode(system=s, code=c, display=d, sort_order=i)
                for i, (s, c, d) in enumerate(spec["codes"])
            ],
            symptom_links=[
                ConditionSymptom(symptom=symptoms[slug], note=note, sort_order=i)
                for i, (slug, note) in enumerate(spec.get("symptoms", []))
            ],
            treatment_links=[
                ConditionTreatment(
                    treatment=treatments[slug], how_used=how_used, sort_order=i
                )
                for i, (slug, how_used) in enumerate(spec.get("treatments", []))
            ],
            **_review_fields(),
        )
    return pages


def load_case_studies(index, conditions, treatments):
    pages = {}
    for spec in data.CASE_STUDIES:
        consent = spec["consent"]
        page, created = _create(
            index,
            CaseStudyPage,
            spec["slug"],
            title=spec["title"],
            patient_label=spec["patient_label"],
            age_band=spec["age_band"],
            sex=spec["sex"],
            condition=conditions[spec["condition"]],
            summary=spec["summary"],
            presenting_complaint=spec["presenting_complaint"],
            duration=spec.get("duration", ""),
            onset=spec.get("onset", ""),
            findings=spec.get("findings", ""),
            number_of_sessions=spec["sessions"],
            adverse_events=spec.get("adverse_events", ""),
            consent_recorded_on=data.REVIEWED,
            consent_web=consent["web"],
            consent_print=consent["print"],
            consent_syndication=consent["syndication"],
            outcomes=[
                CaseStudyOutcome(after_session=n, measure=m, result=r, sort_order=i)
                for i, (n, m, r) in enumerate(spec["outcomes"])
            ],
            treatments_given=[treatments[slug] for slug in spec["treatments"]],
            **_review_fields(),
        )
        pages[spec["slug"]] = page
    return pages


def load_clinic_settings(site):
    clinic = ClinicSettings.for_site(site)
    if clinic.clinic_name != ClinicSettings._meta.get_field("clinic_name").default:
        return clinic  # already set by staff or an earlier run
    values = dict(data.CLINIC)
    values["text_license"] = License.objects.get(spdx_id=values["text_license"])
    for field, value in values.items():
        setattr(clinic, field, value)
    clinic.save()
    return clinic


def ensure_demo_admin():
    """The demo logins, only where settings allow it (dev and test, never production).

    ``admin`` (superuser), ``editor`` (Editors) and ``reviewer`` (Clinical
    reviewers, signing as the demo reviewer), each with the password ``changeme``.
    """
    if not getattr(settings, "MERIDIAN_DEMO_ADMIN", False):
        return None
    User = get_user_model()
    user = User.objects.filter(username="admin").first()
    if user is None:
        user = User.objects.create_superuser(
            "admin", "admin@clinic.example", "changeme"
        )
    name, credentials = data.REVIEWER
    for username, group, first, last in (
        ("editor", "Editors", "Demo", "Editor"),
        ("reviewer", CLINICAL_REVIEWERS, "Demo", "Reviewer"),
    ):
        if User.objects.filter(username=username).exists():
            continue
        member = User.objects.create_user(
            username,
            f"{username}@clinic.example",
            "changeme",
            first_name=first,
            last_name=last,
        )
        # Wagtail's migrations create "Editors"; a flushed test database has none.
        member.groups.add(Group.objects.get_or_create(name=group)[0])
        if group == CLINICAL_REVIEWERS:
            ReviewerProfile.objects.create(
                user=member, display_name=name, credentials=credentials
            )
    return user


@transaction.atomic
def load():
    """Load everything; returns a dict of what now exists, keyed by family."""
    install_licences(License)
    home, indexes = ensure_site_tree()
    images = {data.QIGONG_IMAGE["key"]: load_image(data.QIGONG_IMAGE)}
    symptoms = load_symptoms(indexes["symptoms"])
    treatments = load_treatments(indexes["treatments"], images)
    conditions = load_conditions(indexes["conditions"], symptoms, treatments, images)
    case_studies = load_case_studies(indexes["case-studies"], conditions, treatments)
    load_clinic_settings(Site.objects.get(is_default_site=True))
    ensure_clinical_review_workflow(
        [indexes[resource.name] for resource in RESOURCES.reviewed()]
    )
    ensure_demo_admin()
    return {
        "images": images,
        "symptoms": symptoms,
        "treatments": treatments,
        "conditions": conditions,
        "case_studies": case_studies,
    }
