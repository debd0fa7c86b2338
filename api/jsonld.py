"""schema.org JSON-LD for the page resources: one builder per resource.

    GET /api/v1/conditions/sciatica/?format=jsonld
    GET /api/v1/conditions/sciatica/        (with Accept: application/ld+json)

    builder = builder_for(ConditionPage)(representation)   # ConditionJSONLD
    data = builder.build(page)                             # a dict for JSONLDRenderer

``api.rendering`` builds it when a page is published, beside the JSON, and the store
keeps both. A builder reads only what the JSON detail shows, loaded by the same public
querysets and prefetches, so no draft, private or unconsented page can appear, and
building makes no query of its own.

Every resource is a ``MedicalWebPage`` (url, name, description, dates, ``lastReviewed``
and ``reviewedBy``, a patient ``audience``, the clinic as ``publisher``, the text
licence as ``license``, ``isAccessibleForFree``) that is ``about`` one node:

- conditions: a ``MedicalCondition`` (``alternateName``, ``code`` as ``MedicalCode``,
  ``signOrSymptom``, ``possibleTreatment`` as ``MedicalTherapy``, ``cause``);
- treatments: a ``MedicalTherapy``;
- symptoms: a ``MedicalSignOrSymptom``;
- case studies: the condition, with the case itself as the page's ``mainEntity``, an
  ``Article`` of genre "case study" whose disclaimer is always one of the page's parts.

The page's ``hasPart`` holds its sections as ``HealthTopicContent`` tagged with
``hasHealthAspect`` (``hasHealthAspect`` is defined on ``HealthTopicContent``, the
schema.org type for a page or part of one about a health topic), text as plain text.
The hero image is a ``primaryImageOfPage`` ``ImageObject`` with its credit and licence,
unless ``CreditedImage.may_syndicate()`` says no; then it is left out entirely.
Nodes carry ``@id`` (canonical URL + ``#condition`` …) so pages link to each other.
``docs/jsonld-sciatica.jsonld`` is a full example.
"""

import html
import re

import nh3
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from content_models.attribution import attribution_for
from content_models.case_studies import CaseStudyPage
from content_models.codes import CodeSystem
from content_models.conditions import ConditionPage
from content_models.credits import credit_for
from content_models.review import ReviewedContent
from content_models.symptoms import SymptomPage
from content_models.treatments import TreatmentPage

from .media_serializers import ImageSerializer
from .serializers import stream_api_values

SCHEMA_ORG = "https://schema.org"

# codingSystem as schema.org spells the systems (its examples: 'ICD-10', 'SNOMED-CT').
CODING_SYSTEMS = {
    CodeSystem.ICD10: "ICD-10",
    CodeSystem.ICD10CM: "ICD-10-CM",
    CodeSystem.SNOMED_CT: "SNOMED-CT",
}

PATIENT_AUDIENCE = {"@type": "MedicalAudience", "audienceType": "Patient"}

# Block-level ends become line breaks before tags are stripped.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def health_aspect(name):
    """A HealthAspectEnumeration member, e.g. ``health_aspect("Symptoms")``."""
    return f"{SCHEMA_ORG}/{name}HealthAspect"


def plain_text(rich_html):
    """Plain text of sanitised rich-text HTML: one line per paragraph or list item."""
    text = html.unescape(nh3.clean(BLOCK_END.sub("\n", rich_html or ""), tags=set()))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def node_id(url, fragment):
    """``@id`` of a node on a page: its canonical URL with a fragment."""
    return f"{url}#{fragment}" if url else None


def compact(value):
    """Drop empty values (None, "", [], {}) at any depth; False and 0 stay."""
    if isinstance(value, dict):
        items = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, "", [], {})}
    if isinstance(value, list):
        items = (compact(item) for item in value)
        return [item for item in items if item not in (None, "", [], {})]
    return value


def section(name, aspects, *rows, about=()):
    """One part of a page, tagged with the health aspects it covers; its text is
    the non-empty ``rows``, one per line. None when there is no text."""
    text = "\n".join(row for row in rows if row)
    if not text:
        return None
    return {
        "@type": "HealthTopicContent",
        "name": name,
        "hasHealthAspect": [health_aspect(aspect) for aspect in aspects],
        "text": text,
        "about": list(about),
    }


def with_note(name, note):
    return f"{name} ({note})" if note else name


def labelled(name, text):
    return f"{name}: {text}" if text else name


class PageJSONLD:
    """A ``MedicalWebPage`` for one public page; each resource says what it is about.

    Subclasses declare ``model`` and implement :meth:`about`; they may
    add :meth:`main_entity`, :meth:`sections`, :meth:`image` and :meth:`related`.
    """

    model = None

    def __init__(self, representation):
        self.representation = representation
        self.clinic = representation.clinic  # with its text licence, or None

    # ------------------------------------------------------------------ the page

    def build(self, page):
        url = self.url(page)
        about = self.about(page, url)
        license = self.clinic.text_license if self.clinic else None
        attribution = attribution_for(self.clinic, license, page, url)
        publisher = self.publisher(attribution.clinic)
        data = {
            "@context": SCHEMA_ORG,
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "name": page.title,
            "description": self.description(page),
            "inLanguage": settings.LANGUAGE_CODE,
            "about": about,
            "mainEntity": self.main_entity(page, url, about),
            "datePublished": isoformat(page.first_published_at),
            "dateModified": isoformat(page.last_published_at),
            **self.review(page),
            "audience": PATIENT_AUDIENCE,
            "publisher": publisher,
            "copyrightHolder": {"@id": publisher["@id"]} if publisher["@id"] else None,
            "copyrightNotice": attribution.copyright,
            "creditText": attribution.text,
            "license": attribution.license.url if attribution.license else None,
            "isAccessibleForFree": True,
            "primaryImageOfPage": self.image(page),
            "hasPart": [part for part in self.sections(page) if part],
            "relatedLink": self.related(page),
            "citation": self.citations(page),
        }
        return compact(data)

    def url(self, page):
        return self.representation.canonical_url(page)

    def description(self, page):
        return page.summary

    def about(self, page, url):
        raise NotImplementedError(
            "return the schema.org node the page is about, e.g. a MedicalCondition"
        )

    def main_entity(self, page, url, about):
        """The page's main entity: by default a reference to what it is about."""
        return {"@id": about["@id"]} if about.get("@id") else None

    def sections(self, page):
        return []

    def related(self, page):
        return []

    def rich_text(self, page, name):
        """Plain text of a rich-text field the view rendered in its one batch."""
        return plain_text(self.representation.rich_text.get((page.pk, name), ""))

    def how_used(self, link):
        """Plain text of a condition–treatment link's "how it is used" rich text."""
        return plain_text(self.representation.rich_text.get(("how_used", link.pk), ""))

    # ------------------------------------------------------------ shared pieces

    def publisher(self, name):
        website = (self.clinic.website if self.clinic else "").rstrip("/")
        return {
            "@type": "MedicalOrganization",
            "@id": node_id(website + "/" if website else None, "organization"),
            "name": name,
            "url": website + "/" if website else None,
        }

    def review(self, page):
        if not isinstance(page, ReviewedContent):
            return {}
        reviewer = None
        if page.reviewed_by_name:
            reviewer = {
                "@type": "Person",
                "name": page.reviewed_by_name,
                # schema.org's place for post-nominal credentials ("Lic. Ac., MBAcC")
                "honorificSuffix": page.reviewed_by_credentials,
            }
        return {
            "lastReviewed": isoformat(page.last_reviewed),
            "reviewedBy": reviewer,
        }

    def citations(self, page):
        if not hasattr(page, "references"):
            return []
        return [
            {"@type": "CreativeWork", "name": ref["citation"], "url": ref["url"]}
            for ref in stream_api_values(page.references)
        ]

    def image(self, page):
        image = getattr(page, "hero_image", None)
        return image_object(image, self.representation)

    def condition_ref(self, condition, **extra):
        url = self.url(condition)
        return {
            "@type": "MedicalCondition",
            "@id": node_id(url, "condition"),
            "name": condition.title,
            "url": url,
            **extra,
        }

    def therapy_ref(self, treatment, **extra):
        url = self.url(treatment)
        return {
            "@type": "MedicalTherapy",
            "@id": node_id(url, "therapy"),
            "name": treatment.title,
            "url": url,
            **extra,
        }


def isoformat(moment):
    return moment.isoformat() if moment else None


def image_object(image, representation):
    """The hero image as an ImageObject with credit and licence, or None.

    None when there is no image, when it may not leave the system at all
    (``image_is_public``: a private collection), when its licence keeps it out of
    syndicated channels (``may_syndicate``) or when no published size can be made.
    """
    if not representation.may_show_image(image) or not image.may_syndicate():
        return None
    context = {"representation": representation}
    sizes = ImageSerializer(context=context).get_renditions(image)
    if not sizes:
        return None
    by_width = sorted(sizes.values(), key=lambda size: size["width"])
    credit = credit_for(image)
    creator = {"@type": "Person", "name": credit.creator} if credit.creator else None
    return {
        "@type": "ImageObject",
        "contentUrl": by_width[-1]["url"],
        "thumbnailUrl": by_width[0]["url"],
        "name": image.title,
        "description": image.default_alt_text,
        "creator": creator,
        "creditText": credit.text,
        "copyrightNotice": credit.creator or credit.source_name,
        "license": credit.license_url,
        "acquireLicensePage": credit.source_url or credit.license_url,
    }


# ---------------------------------------------------------------- the resources


class ConditionJSONLD(PageJSONLD):
    """A MedicalWebPage about a MedicalCondition, with its sections."""

    model = ConditionPage

    def about(self, page, url):
        names = [page.medical_term, *page.synonyms]
        return {
            "@type": "MedicalCondition",
            "@id": node_id(url, "condition"),
            "name": page.title,
            "alternateName": list(dict.fromkeys(n for n in names if n != page.title)),
            "description": page.summary,
            "url": url,
            "code": [
                {
                    "@type": "MedicalCode",
                    "codeValue": code.code,
                    "codingSystem": CODING_SYSTEMS.get(code.system, code.system),
                    "name": code.display,
                }
                for code in page.clinical_codes.all()
            ],
            "signOrSymptom": [
                {
                    "@type": "MedicalSignOrSymptom",
                    "@id": node_id(self.url(link.symptom), "symptom"),
                    "name": link.symptom.title,
                    "url": self.url(link.symptom),
                    "description": link.note,
                }
                for link in page.symptom_links.all()
            ],
            "possibleTreatment": [
                self.therapy_ref(link.treatment, description=self.how_used(link))
                for link in page.treatment_links.all()
            ],
            "cause": [
                {
                    "@type": "MedicalCause",
                    "name": cause["name"],
                    "description": cause["description"],
                }
                for cause in stream_api_values(page.causes)
            ],
        }

    def sections(self, page):
        symptoms = page.symptom_links.all()
        treatments = page.treatment_links.all()
        causes = stream_api_values(page.causes)
        red_flags = stream_api_values(page.red_flags)
        return [
            section("Overview", ["Overview"], self.rich_text(page, "overview")),
            section(
                "Symptoms",
                ["Symptoms"],
                *(with_note(link.symptom.title, link.note) for link in symptoms),
            ),
            section(
                "Causes",
                ["Causes"],
                *(labelled(cause["name"], cause["description"]) for cause in causes),
            ),
            section(
                "Treatments",
                ["Treatments"],
                *(
                    labelled(link.treatment.title, self.how_used(link))
                    for link in treatments
                ),
            ),
            section(
                "When to get urgent help",
                ["SeeDoctor"],
                *(f"Get urgent help if {flag}." for flag in red_flags),
            ),
        ]


class TreatmentJSONLD(PageJSONLD):
    """A MedicalWebPage about a MedicalTherapy and the conditions it is offered for."""

    model = TreatmentPage

    def about(self, page, url):
        return {
            "@type": "MedicalTherapy",
            "@id": node_id(url, "therapy"),
            "name": page.title,
            "alternateName": [name for name in page.synonyms if name != page.title],
            "description": page.summary,
            "url": url,
        }

    def sections(self, page):
        links = page.condition_links.all()
        tradition = f"Traditional view ({page.tradition})" if page.tradition else ""
        return [
            section(
                tradition or "Traditional view",
                ["HowItWorks"],
                self.rich_text(page, "traditional_view"),
            ),
            section(
                "Biomedical explanation",
                ["HowItWorks"],
                self.rich_text(page, "biomedical_mechanism"),
            ),
            section(
                "What to expect",
                ["UsageOrSchedule"],
                self.rich_text(page, "what_to_expect"),
            ),
            section(
                "Safety and contraindications",
                ["Safety", "SideEffects"],
                self.rich_text(page, "safety"),
            ),
            section(
                "Conditions it is offered for",
                ["MayTreat"],
                *(
                    labelled(link.condition.title, self.how_used(link))
                    for link in links
                ),
                about=[self.condition_ref(link.condition) for link in links],
            ),
        ]

    def related(self, page):
        return [self.url(link.condition) for link in page.condition_links.all()]


class SymptomJSONLD(PageJSONLD):
    """A MedicalWebPage about a MedicalSignOrSymptom and the conditions that list it."""

    model = SymptomPage

    def description(self, page):
        return page.description

    def about(self, page, url):
        return {
            "@type": "MedicalSignOrSymptom",
            "@id": node_id(url, "symptom"),
            "name": page.title,
            "description": page.description,
            "url": url,
        }

    def sections(self, page):
        links = page.condition_links.all()
        # A red-flag symptom on its own means the patient needs urgent help.
        aspects = ["Symptoms", "SeeDoctor"] if page.is_red_flag else ["Symptoms"]
        return [
            section(page.title, aspects, page.description),
            section(
                "Conditions with this symptom",
                ["RelatedTopics"],
                *(with_note(link.condition.title, link.note) for link in links),
                about=[self.condition_ref(link.condition) for link in links],
            ),
        ]

    def related(self, page):
        return [self.url(link.condition) for link in page.condition_links.all()]


class CaseStudyJSONLD(PageJSONLD):
    """A MedicalWebPage about the condition whose main entity is the case (an Article).

    The disclaimer is always one of the page's parts.
    """

    model = CaseStudyPage

    def about(self, page, url):
        condition = page.condition  # prefetched from public conditions only
        return self.condition_ref(condition) if condition else {}

    def main_entity(self, page, url, about):
        return {
            "@type": "Article",
            "@id": node_id(url, "case-study"),
            "headline": page.title,
            "abstract": page.summary,
            "genre": "case study",
            "audience": PATIENT_AUDIENCE,
            "about": {"@id": about["@id"]} if about.get("@id") else None,
            "mentions": [
                self.therapy_ref(treatment) for treatment in page.treatments_given.all()
            ],
            "datePublished": isoformat(page.first_published_at),
            "dateModified": isoformat(page.last_published_at),
        }

    def sections(self, page):
        sessions = page.number_of_sessions
        return [
            section(
                "Presenting complaint",
                ["PatientExperience", "Symptoms"],
                page.presenting_complaint,
                labelled("Duration", page.duration) if page.duration else "",
                labelled("Onset", page.onset) if page.onset else "",
            ),
            section(
                "Findings", ["PatientExperience"], self.rich_text(page, "findings")
            ),
            section(
                "Treatment",
                ["PatientExperience", "Treatments"],
                *(treatment.title for treatment in page.treatments_given.all()),
                f"Number of sessions: {sessions}" if sessions else "",
            ),
            section(
                "Outcomes",
                ["PatientExperience", "Effectiveness"],
                *(
                    f"After session {o.after_session}: {o.measure} {o.result}"
                    for o in page.outcomes.all()
                ),
            ),
            section(
                "Adverse events",
                ["PatientExperience", "SideEffects"],
                page.adverse_events,
            ),
            {"@type": "WebPageElement", "name": "Disclaimer", "text": page.disclaimer},
        ]


BUILDERS = {
    builder.model: builder
    for builder in (ConditionJSONLD, TreatmentJSONLD, SymptomJSONLD, CaseStudyJSONLD)
}


def builder_for(model):
    """The builder class for a page model, e.g. ``builder_for(ConditionPage)``."""
    return BUILDERS[model]


# ------------------------------------------------------------------ the schema

JSONLD_RESPONSE_SCHEMA = {
    "type": "object",
    "description": "schema.org JSON-LD: a MedicalWebPage about the item "
    "(MedicalCondition, MedicalTherapy, MedicalSignOrSymptom; for a case study the "
    "condition, with the case as an Article in mainEntity). Sections are in hasPart "
    "as HealthTopicContent with hasHealthAspect; images the clinic may not syndicate "
    "are left out.",
    "required": ["@context", "@type", "name", "isAccessibleForFree"],
    "properties": {
        "@context": {"type": "string", "const": SCHEMA_ORG},
        "@type": {"type": "string", "const": "MedicalWebPage"},
        "@id": {"type": "string", "format": "uri"},
        "url": {"type": "string", "format": "uri"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "about": {"type": "object"},
        "mainEntity": {"type": "object"},
        "lastReviewed": {"type": "string", "format": "date"},
        "reviewedBy": {"type": "object"},
        "license": {"type": "string", "format": "uri"},
        "publisher": {"type": "object"},
        "isAccessibleForFree": {"type": "boolean"},
        "dateModified": {"type": "string", "format": "date-time"},
        "primaryImageOfPage": {"type": "object"},
        "hasPart": {"type": "array", "items": {"type": "object"}},
    },
}


def format_parameter():
    """The ``format`` parameter of a detail, as the OpenAPI document describes it."""
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "jsonld"],
        description="'json' (the default) or 'jsonld' for schema.org JSON-LD "
        "(application/ld+json); the same as sending 'Accept: application/ld+json', "
        "and it wins over the Accept header. Details only: JSON-LD is per item. "
        "Eg: ?format=jsonld",
    )
