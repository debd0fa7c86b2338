"""JSON representations of each resource; one serializer class per resource.

The view builds one :class:`Representation` per request (rich text rendered in one batch,
clinic settings, URL prefixes) and passes it in the serializer context; the serializers
only read attributes that the view's querysets have already fetched, so no field here
makes a query::

    representation = Representation(request, rich_text={(page.pk, "overview"): "<p>…"})
    ConditionSerializer(pages, many=True, fields={"id", "slug", "title"},
                        context={"request": request, "representation": representation})

``fields`` keeps only those fields (see :func:`select_fields`, which parses the
``fields`` query parameter as Wagtail's API v2 does).
"""

import logging

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from wagtail.images.models import SourceImageIOError

from content_models.canonical import canonical_url_for_path, site_root_paths
from content_models.credits import credit_for

ALWAYS_INCLUDED = ("id", "slug")

logger = logging.getLogger("meridian.api")


# ---------------------------------------------------------------- field selection


def select_fields(raw, default, available, always=ALWAYS_INCLUDED):
    """Parse a ``fields`` parameter into the set of field names to show.

    ``*`` means every field, ``_`` none (besides id and slug), ``name`` adds one and
    ``-name`` removes one, starting from ``default``. Eg: ``fields=*,-causes``.
    """
    if raw is None:
        return set(default) | set(always)
    available = list(available)
    chosen = set(default)
    for item in raw.split(","):
        name = item.strip()
        if name == "*":
            chosen = set(available)
        elif name == "_":
            chosen = set()
        elif name.startswith("-") and name[1:] in available:
            if name[1:] in always:
                _fields_error(f"'{name[1:]}' is always included and cannot be removed")
            chosen.discard(name[1:])
        elif name in available:
            chosen.add(name)
        elif not name:
            _fields_error("empty field name; separate field names with commas")
        else:
            _fields_error(
                f"unknown field '{name.lstrip('-')}'; available: "
                + ", ".join(available)
            )
    return chosen | set(always)


def _fields_error(message):
    raise ValidationError(
        {
            "detail": f"invalid fields parameter: {message}",
            "errors": {"fields": [message]},
        }
    )


# ------------------------------------------------------------------ shared context


class Representation:
    """Per-request data every serializer reads: no queries happen after it is built."""

    def __init__(self, request, rich_text=None, clinic=None):
        self.request = request
        self.rich_text = rich_text or {}
        self.clinic = clinic
        self.roots = site_root_paths()
        self._api_prefix = {}
        self._absolute_root = request.build_absolute_uri("/").rstrip("/")

    def canonical_url(self, page):
        return canonical_url_for_path(page.url_path, self.roots)

    def api_url(self, resource, key):
        """Absolute API URL of an item, reversing each route only once per request."""
        prefix = self._api_prefix.get(resource)
        if prefix is None:
            placeholder = "0" if resource == "images" else "__key__"
            path = reverse(f"api:{resource}-detail", args=[placeholder])
            prefix = self._api_prefix[resource] = (
                self._absolute_root + path[: path.rindex(placeholder)]
            )
        return f"{prefix}{key}/"

    def absolute(self, url):
        return url if "://" in url else self._absolute_root + url


def representation(serializer):
    return serializer.context["representation"]


class DynamicFieldsSerializer(serializers.Serializer):
    """A read-only serializer that shows only the fields passed as ``fields``."""

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    self.fields.pop(name)
        # `fields=` may leave any of them out, so the schema requires only id and slug.
        for name, field in self.fields.items():
            if name not in ALWAYS_INCLUDED:
                field.read_only, field.required = True, False


# ------------------------------------------------------------------ small pieces


class CreditSourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class CreditLicenseSerializer(serializers.Serializer):
    spdx_id = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    url = serializers.URLField(allow_null=True)


class CreditSerializer(serializers.Serializer):
    """The TASL credit line (Title, Author, Source, Licence) as text, HTML and parts."""

    text = serializers.CharField()
    html = serializers.CharField()
    title = serializers.CharField()
    creator = serializers.CharField(allow_null=True)
    source = CreditSourceSerializer()
    license = CreditLicenseSerializer()
    modifications = serializers.CharField(allow_null=True)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


def rendition_specs():
    return dict(settings.MERIDIAN_API["RENDITIONS"])


# One entry per allow-listed rendition, so the schema names each size.
RenditionsSerializer = type(
    "RenditionsSerializer",
    (serializers.Serializer,),
    {name: RenditionSerializer(required=False) for name in rendition_specs()},
)


class ImageSerializer(serializers.Serializer):
    """An image with its credit and the allow-listed renditions."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    alt = serializers.CharField(source="default_alt_text")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()
    credit = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()

    def get_api_url(self, image) -> str:
        return representation(self).api_url("images", image.pk)

    @extend_schema_field(CreditSerializer)
    def get_credit(self, image):
        return credit_for(image).as_dict()

    @extend_schema_field(RenditionsSerializer)
    def get_renditions(self, image):
        specs = rendition_specs()
        try:
            found = image.get_renditions(*specs.values())
        except SourceImageIOError:
            # The original file is missing from storage: show the image without sizes.
            logger.warning("image %s: original file missing, no renditions", image.pk)
            return {}
        absolute = representation(self).absolute
        return {
            name: {
                "url": absolute(found[spec].url),
                "width": found[spec].width,
                "height": found[spec].height,
            }
            for name, spec in specs.items()
        }


class LicenseSerializer(DynamicFieldsSerializer):
    spdx_id = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    url = serializers.SerializerMethodField()
    attribution_required = serializers.BooleanField()
    commercial_use_allowed = serializers.BooleanField()
    derivatives_allowed = serializers.BooleanField()

    def get_url(self, license) -> str | None:
        return license.url or None


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField(allow_null=True)


class AttributionLicenseSerializer(serializers.Serializer):
    spdx_id = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class AttributionSerializer(serializers.Serializer):
    """What a site republishing this item must show."""

    clinic = serializers.CharField()
    canonical_url = serializers.URLField(allow_null=True)
    license = AttributionLicenseSerializer(allow_null=True)
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


class PageSerializer(DynamicFieldsSerializer):
    """Fields every page resource has."""

    resource = ""
    rich_text_fields = ()

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


def get_attribution(serializer, page):
    rep = representation(serializer)
    clinic = rep.clinic
    name = clinic.clinic_name if clinic else "Meridian Clinic"
    license = clinic.text_license if clinic else None
    first = (page.first_published_at or page.last_published_at).year
    last = page.last_published_at.year
    years = str(first) if first == last else f"{first}–{last}"
    canonical = rep.canonical_url(page)
    text = f"“{page.title}” by {name}"
    if canonical:
        text += f", {canonical}"
    if license:
        text += f". {license.short_name}"
    return {
        "clinic": name,
        "canonical_url": canonical,
        "license": (
            {
                "spdx_id": license.spdx_id,
                "name": license.name,
                "short_name": license.short_name,
                "url": license.url or None,
            }
            if license
            else None
        ),
        "copyright": f"© {years} {name}",
        "terms": (clinic.syndication_terms or None) if clinic else None,
        "text": text,
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


class ConditionTreatmentSerializer(PageLinkSerializer):
    note = serializers.CharField(allow_null=True)
    tradition = serializers.CharField(allow_null=True)


class LinkedConditionSerializer(PageLinkSerializer):
    note = serializers.CharField(allow_null=True)


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


class ConditionSerializer(ReviewedPageSerializer):
    resource = "conditions"
    rich_text_fields = ("overview",)

    summary = serializers.CharField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
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
    hero_image = ImageSerializer(allow_null=True)
    references = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
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
                note=link.note or None,
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

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, page):
        return stream_api_values(page.references)

    @extend_schema_field(AttributionSerializer)
    def get_attribution(self, page):
        return get_attribution(self, page)


class SymptomSerializer(PageSerializer):
    resource = "symptoms"

    description = serializers.CharField()
    is_red_flag = serializers.BooleanField()
    body_location = serializers.CharField()
    conditions = serializers.SerializerMethodField(
        help_text="Public conditions that list this symptom, with their note."
    )
    attribution = serializers.SerializerMethodField()

    @extend_schema_field(LinkedConditionSerializer(many=True))
    def get_conditions(self, page):
        return [
            page_link(self, "conditions", link.condition, note=link.note or None)
            for link in page.condition_links.all()
        ]

    @extend_schema_field(AttributionSerializer)
    def get_attribution(self, page):
        return get_attribution(self, page)


class TreatmentSerializer(ReviewedPageSerializer):
    resource = "treatments"
    rich_text_fields = (
        "traditional_view",
        "biomedical_mechanism",
        "what_to_expect",
        "safety",
    )

    summary = serializers.CharField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
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
    hero_image = ImageSerializer(allow_null=True)
    references = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    attribution = serializers.SerializerMethodField()

    @extend_schema_field(LinkedConditionSerializer(many=True))
    def get_conditions(self, page):
        return [
            page_link(self, "conditions", link.condition, note=link.note or None)
            for link in page.condition_links.all()
        ]

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, page):
        return stream_api_values(page.references)

    @extend_schema_field(AttributionSerializer)
    def get_attribution(self, page):
        return get_attribution(self, page)


class CaseStudySerializer(ReviewedPageSerializer):
    resource = "case-studies"
    rich_text_fields = ("findings",)

    summary = serializers.CharField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
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

    @extend_schema_field(AttributionSerializer)
    def get_attribution(self, page):
        return get_attribution(self, page)


# Fields shown in listings unless ``fields`` says otherwise.
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
)
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
