"""JSON for the page resources: conditions, symptoms, treatments and case studies.

Each serializer declares its resource, its listing's default fields and what its
fields need loaded (``select_related``, :meth:`~PageSerializer.prefetches`); the
renderer (``api.rendering``) loads that, renders rich text in one batch into a
:class:`~api.representation.Representation`, and serializes, so no field here makes a
query::

    serializer_class = serializer_for("conditions")          # ConditionSerializer
    pages = loaded(serializer_class, public("conditions"))    # api.rendering
    serializer_class(pages, many=True, context={"representation": representation})

Adding a resource is one declaration in ``content_models.resources``, one serializer
here (``resource = "…"`` registers it) and one FilterSet in ``api.filters``. Images
and licences are in ``api.media_serializers``.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content_models.attribution import attribution_for
from content_models.case_studies import CaseStudyOutcome, ConsentChannel
from content_models.conditions import (
    ConditionCode,
    ConditionSymptom,
    ConditionTreatment,
)
from content_models.images import CreditedRendition
from content_models.public import public

from .fields import DynamicFieldsSerializer
from .media_serializers import (
    LicenseRefSerializer,
    PageImageSerializer,
    rendition_specs,
)
from .representation import representation

# ------------------------------------------------------------------ small pieces


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField(allow_null=True)


class AttributionSerializer(serializers.Serializer):
    """What a site republishing this item must show."""

    clinic = serializers.CharField()
    canonical_url = serializers.URLField(allow_null=True)
    license = LicenseRefSerializer(allow_null=True)
    copyright = serializers.CharField()
    terms = serializers.CharField(allow_null=True)
    text = serializers.CharField()


@extend_schema_field(
    {"type": "string", "description": "Sanitised HTML; every link is absolute."}
)
class RichTextField(serializers.Field):
    """Reads the HTML the view rendered in one batch for this page and field."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return representation(self).rich_text.get((page.pk, self.field_name), "")


# ------------------------------------------------------------------ page resources


SERIALIZERS = {}


def serializer_for(resource):
    """The serializer declared for ``resource`` (a name or Resource)."""
    return SERIALIZERS[str(resource)]


# Linked pages are shown as short references: load only what those show.
PAGE_LINK_COLUMNS = ("id", "slug", "title", "url_path")
LINK_COLUMNS = ("id", "sort_order", "condition_id")


def link_columns(relation, *extra):
    return [f"{relation}__{name}" for name in (*PAGE_LINK_COLUMNS, *extra)]


def conditions_linking_here(link_model, text_column):
    """Prefetch ``condition_links``: the public conditions that list this page."""
    links = link_model.objects.filter(condition__in=public("conditions"))
    links = links.select_related("condition").only(
        *LINK_COLUMNS, text_column, *link_columns("condition")
    )
    return Prefetch(
        "condition_links", queryset=links.order_by("condition__title", "pk")
    )


def hero_renditions():
    return Prefetch(
        "hero_image__renditions",
        queryset=CreditedRendition.objects.filter(
            filter_spec__in=list(rendition_specs().values())
        ),
    )


COMPACT_FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
    "url",
    "api_url",
    "updated",
    "last_reviewed",
    "next_review_due",
    "review_overdue",
)


class PageSerializer(DynamicFieldsSerializer):
    """Fields every page resource has."""

    resource = ""
    rich_text_fields = ()
    # (field, (relation, column)): rich text on links, rendered with the page's
    linked_rich_text = ()
    # Shown in listings unless ``?fields=`` says otherwise.
    listing_default_fields = COMPACT_FIELDS
    select_related = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.resource:
            SERIALIZERS[cls.resource] = cls

    @classmethod
    def prefetches(cls):
        """Prefetch lookups for every field; built per render, as "public" moves."""
        return []

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Canonical page on the website.")
    api_url = serializers.SerializerMethodField(help_text="This item in the API.")
    updated = serializers.DateTimeField(
        source="last_published_at", help_text="When it was last published."
    )

    def get_url(self, page) -> str | None:
        return representation(self).canonical_url(page)

    def get_api_url(self, page) -> str:
        return representation(self).api_url(self.resource, page.slug)

    # Declared by each resource as `attribution = SerializerMethodField()`.
    @extend_schema_field(AttributionSerializer)
    def get_attribution(self, page):
        rep = representation(self)
        clinic = rep.clinic  # loaded with its text licence, or None
        license = clinic.text_license if clinic else None
        return attribution_for(clinic, license, page, rep.canonical_url(page)).as_dict()


class ReadabilitySerializer(serializers.Serializer):
    reading_ease = serializers.FloatField(
        help_text="Flesch reading ease, 0–100: higher is easier."
    )
    reading_age = serializers.FloatField(
        help_text="Estimated reading age in years (Flesch–Kincaid grade + 5)."
    )
    target_reading_age = serializers.ListField(
        child=serializers.IntegerField(), help_text="The clinic's target, [9, 11]."
    )
    on_target = serializers.BooleanField()


class ReadabilityField(serializers.Field):
    """The score stored when the page was last saved; null if it has no text."""

    def __init__(self, **kwargs):
        super().__init__(
            source="*",
            read_only=True,
            help_text="How easy the patient-facing text is to read, scored on save.",
            **kwargs,
        )

    def to_representation(self, page):
        score = page.readability
        return score.as_dict() if score else None


extend_schema_field(ReadabilitySerializer(allow_null=True))(ReadabilityField)


REVIEW_OVERDUE_HELP = (
    "True once the next review date has passed: the clinic has not re-checked "
    "this page in time."
)


class ReviewedPageSerializer(PageSerializer):
    """Adds clinical review metadata and the attribution block."""

    @extend_schema_field(ReviewerSerializer(allow_null=True))
    def get_reviewed_by(self, page):
        if not page.reviewed_by_name:
            return None
        return {
            "name": page.reviewed_by_name,
            "credentials": page.reviewed_by_credentials or None,
        }


class PageLinkSerializer(serializers.Serializer):
    """A short reference to another public item."""

    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)
    api_url = serializers.URLField()


def page_link(serializer, resource, page, **extra):
    rep = representation(serializer)
    return {
        "slug": page.slug,
        "title": page.title,
        "url": rep.canonical_url(page),
        "api_url": rep.api_url(resource, page.slug),
        **extra,
    }


class ConditionSymptomSerializer(PageLinkSerializer):
    note = serializers.CharField(allow_null=True)
    is_red_flag = serializers.BooleanField()
    body_location = serializers.CharField(allow_null=True)


HOW_USED_HELP = "Sanitised HTML: how the treatment is used for this condition."


class ConditionTreatmentSerializer(PageLinkSerializer):
    how_used = serializers.CharField(allow_null=True, help_text=HOW_USED_HELP)
    tradition = serializers.CharField(allow_null=True)


class LinkedConditionSerializer(PageLinkSerializer):
    note = serializers.CharField(allow_null=True)


class TreatmentConditionSerializer(PageLinkSerializer):
    how_used = serializers.CharField(allow_null=True, help_text=HOW_USED_HELP)


def linked_html(serializer, link, column="how_used"):
    """The link's rich text as the view rendered it in one batch, or None."""
    return representation(serializer).rich_text.get((column, link.pk)) or None


class CaseStudyLinkSerializer(PageLinkSerializer):
    patient_label = serializers.CharField()
    summary = serializers.CharField()


class CauseSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()


class ReferenceSerializer(serializers.Serializer):
    citation = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class ClinicalCodeSerializer(serializers.Serializer):
    system = serializers.CharField()
    code = serializers.CharField()
    display = serializers.CharField(allow_null=True)


class OutcomeSerializer(serializers.Serializer):
    after_session = serializers.IntegerField()
    measure = serializers.CharField()
    result = serializers.CharField()


def stream_api_values(stream):
    """A StreamField as each block's own API representation, in order."""
    return [block.block.get_api_representation(block.value) for block in stream]


@extend_schema_field(ReferenceSerializer(many=True))
class ReferencesField(serializers.Field):
    """A page's references StreamField, as the list each block shapes itself."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, stream):
        return stream_api_values(stream)


class ConditionSerializer(ReviewedPageSerializer):
    resource = "conditions"
    rich_text_fields = ("overview",)
    linked_rich_text = (("treatments", ("treatment_links", "how_used")),)
    select_related = ("hero_image__license",)

    @classmethod
    def prefetches(cls):
        symptoms = ConditionSymptom.objects.filter(symptom__in=public("symptoms"))
        symptoms = symptoms.select_related("symptom").only(
            *LINK_COLUMNS,
            "note",
            *link_columns("symptom", "is_red_flag", "body_location"),
        )
        treatments = ConditionTreatment.objects.filter(
            treatment__in=public("treatments")
        )
        treatments = treatments.select_related("treatment").only(
            *LINK_COLUMNS, "how_used", *link_columns("treatment", "tradition")
        )
        cases = public("case-studies", ConsentChannel.WEB).order_by("title", "pk")
        cases = cases.only(
            *PAGE_LINK_COLUMNS, "patient_label", "summary", "condition_id"
        )
        return [
            Prefetch("symptom_links", queryset=symptoms.order_by("sort_order")),
            Prefetch("treatment_links", queryset=treatments.order_by("sort_order")),
            Prefetch(
                "clinical_codes", queryset=ConditionCode.objects.order_by("sort_order")
            ),
            Prefetch("case_studies", queryset=cases),
            hero_renditions(),
        ]

    summary = serializers.CharField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    review_overdue = serializers.BooleanField(help_text=REVIEW_OVERDUE_HELP)
    medical_term = serializers.CharField()
    also_called = serializers.ListField(
        child=serializers.CharField(), source="synonyms"
    )
    meta_description = serializers.CharField(source="search_description")
    overview = RichTextField()
    causes = serializers.SerializerMethodField()
    symptoms = serializers.SerializerMethodField(
        help_text="The symptom list, in the order patients usually notice them."
    )
    red_flags = serializers.SerializerMethodField(
        help_text="Each finishes the sentence 'Get urgent help if…'."
    )
    treatments = serializers.SerializerMethodField()
    clinical_codes = serializers.SerializerMethodField()
    case_studies = serializers.SerializerMethodField()
    hero_image = PageImageSerializer(allow_null=True)
    references = ReferencesField()
    reviewed_by = serializers.SerializerMethodField()
    readability = ReadabilityField()
    attribution = serializers.SerializerMethodField()

    @extend_schema_field(CauseSerializer(many=True))
    def get_causes(self, page):
        return stream_api_values(page.causes)

    @extend_schema_field(ConditionSymptomSerializer(many=True))
    def get_symptoms(self, page):
        return [
            page_link(
                self,
                "symptoms",
                link.symptom,
                note=link.note or None,
                is_red_flag=link.symptom.is_red_flag,
                body_location=link.symptom.body_location or None,
            )
            for link in page.symptom_links.all()
        ]

    def get_red_flags(self, page) -> list[str]:
        return stream_api_values(page.red_flags)

    @extend_schema_field(ConditionTreatmentSerializer(many=True))
    def get_treatments(self, page):
        return [
            page_link(
                self,
                "treatments",
                link.treatment,
                how_used=linked_html(self, link),
                tradition=link.treatment.tradition or None,
            )
            for link in page.treatment_links.all()
        ]

    @extend_schema_field(ClinicalCodeSerializer(many=True))
    def get_clinical_codes(self, page):
        return [
            {"system": code.system, "code": code.code, "display": code.display or None}
            for code in page.clinical_codes.all()
        ]

    @extend_schema_field(CaseStudyLinkSerializer(many=True))
    def get_case_studies(self, page):
        return [
            page_link(
                self,
                "case-studies",
                case,
                patient_label=case.patient_label,
                summary=case.summary,
            )
            for case in page.case_studies.all()
        ]


SYMPTOM_COMPACT_FIELDS = (
    "id",
    "slug",
    "title",
    "description",
    "is_red_flag",
    "url",
    "api_url",
    "updated",
)


class SymptomSerializer(PageSerializer):
    resource = "symptoms"
    listing_default_fields = SYMPTOM_COMPACT_FIELDS

    @classmethod
    def prefetches(cls):
        return [conditions_linking_here(ConditionSymptom, "note")]

    description = serializers.CharField()
    is_red_flag = serializers.BooleanField()
    body_location = serializers.CharField()
    conditions = serializers.SerializerMethodField(
        help_text="Public conditions that list this symptom, with their note."
    )
    readability = ReadabilityField()
    attribution = serializers.SerializerMethodField()

    @extend_schema_field(LinkedConditionSerializer(many=True))
    def get_conditions(self, page):
        return [
            page_link(self, "conditions", link.condition, note=link.note or None)
            for link in page.condition_links.all()
        ]


class TreatmentSerializer(ReviewedPageSerializer):
    resource = "treatments"
    rich_text_fields = (
        "traditional_view",
        "biomedical_mechanism",
        "what_to_expect",
        "safety",
    )
    linked_rich_text = (("conditions", ("condition_links", "how_used")),)
    select_related = ("hero_image__license",)

    @classmethod
    def prefetches(cls):
        return [
            conditions_linking_here(ConditionTreatment, "how_used"),
            hero_renditions(),
        ]

    summary = serializers.CharField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    review_overdue = serializers.BooleanField(help_text=REVIEW_OVERDUE_HELP)
    tradition = serializers.CharField()
    also_called = serializers.ListField(
        child=serializers.CharField(), source="synonyms"
    )
    meta_description = serializers.CharField(source="search_description")
    traditional_view = RichTextField(
        help_text="How the tradition itself explains the treatment."
    )
    biomedical_mechanism = RichTextField(
        help_text="What research suggests happens in the body."
    )
    what_to_expect = RichTextField()
    safety = RichTextField(help_text="Safety and contraindications.")
    conditions = serializers.SerializerMethodField(
        help_text="Public conditions this treatment is offered for, with how it is used."
    )
    hero_image = PageImageSerializer(allow_null=True)
    references = ReferencesField()
    reviewed_by = serializers.SerializerMethodField()
    readability = ReadabilityField()
    attribution = serializers.SerializerMethodField()

    @extend_schema_field(TreatmentConditionSerializer(many=True))
    def get_conditions(self, page):
        return [
            page_link(
                self, "conditions", link.condition, how_used=linked_html(self, link)
            )
            for link in page.condition_links.all()
        ]


class CaseStudySerializer(ReviewedPageSerializer):
    resource = "case-studies"
    rich_text_fields = ("findings",)

    @classmethod
    def prefetches(cls):
        return [
            # A draft or private condition is left out (null), never exposed.
            Prefetch("condition", queryset=public("conditions")),
            Prefetch(
                "treatments_given", queryset=public("treatments").order_by("title")
            ),
            Prefetch(
                "outcomes", queryset=CaseStudyOutcome.objects.order_by("sort_order")
            ),
        ]

    summary = serializers.CharField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    review_overdue = serializers.BooleanField(help_text=REVIEW_OVERDUE_HELP)
    patient_label = serializers.CharField()
    age_band = serializers.CharField(allow_null=True)
    sex = serializers.CharField(allow_null=True)
    condition = serializers.SerializerMethodField()
    presenting_complaint = serializers.CharField()
    duration = serializers.CharField(allow_null=True)
    onset = serializers.CharField(allow_null=True)
    findings = RichTextField()
    treatments_given = serializers.SerializerMethodField()
    number_of_sessions = serializers.IntegerField(allow_null=True)
    outcomes = serializers.SerializerMethodField(
        help_text="Measured results, in session order."
    )
    adverse_events = serializers.CharField(allow_null=True)
    disclaimer = serializers.CharField(
        help_text="Must be shown wherever this case study appears."
    )
    consent_scope = serializers.SerializerMethodField(
        help_text="Where the patient agreed it may appear: web, print, syndication."
    )
    reviewed_by = serializers.SerializerMethodField()
    readability = ReadabilityField()
    attribution = serializers.SerializerMethodField()

    def to_representation(self, page):
        data = super().to_representation(page)
        for name in ("age_band", "sex", "duration", "onset", "adverse_events"):
            if name in data and not data[name]:
                data[name] = None
        return data

    @extend_schema_field(PageLinkSerializer(allow_null=True))
    def get_condition(self, page):
        condition = page.condition  # prefetched from public conditions only
        return page_link(self, "conditions", condition) if condition else None

    @extend_schema_field(PageLinkSerializer(many=True))
    def get_treatments_given(self, page):
        return [
            page_link(self, "treatments", treatment)
            for treatment in page.treatments_given.all()
        ]

    @extend_schema_field(OutcomeSerializer(many=True))
    def get_outcomes(self, page):
        return [
            {
                "after_session": outcome.after_session,
                "measure": outcome.measure,
                "result": outcome.result,
            }
            for outcome in page.outcomes.all()
        ]

    def get_consent_scope(self, page) -> list[str]:
        return sorted(page.consent_scope)
