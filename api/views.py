"""API v1 page resources: one read-only viewset per page type, policy as class data.

    GET /api/v1/conditions/?symptom=leg-pain&fields=*,-causes&limit=50
    GET /api/v1/conditions/sciatica/
    GET /api/v1/conditions/sciatica/?format=jsonld    (schema.org, see api.jsonld)

Each page resource declares its public queryset, its serializer, its compact listing
fields and, per field, what to ``select_related`` / ``prefetch_related`` — so a request
costs the same number of queries for 5 items or 100, and fields that are not asked for
cost nothing. Rich text for a whole page of results is rendered in one batch.

Images and licences are in ``api.media_views``; the index, schema and docs in
``api.index``; throttling and the error shape every view shares in ``api.policy``.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.viewsets import GenericViewSet

from content_models.canonical import base_url
from content_models.case_studies import CaseStudyOutcome, ConsentChannel
from content_models.conditions import (
    ConditionCode,
    ConditionSymptom,
    ConditionTreatment,
)
from content_models.images import CreditedRendition
from content_models.public import (
    public_case_studies,
    public_conditions,
    public_for_channel,
    public_symptoms,
    public_treatments,
)
from content_models.richtext import RichTextRenderer
from content_models.settings import ClinicSettings

from .caching import ContentValidators
from .fields import fields_parameter, select_fields
from .filters import FILTERSETS, apply_filters, check_query_parameters
from .jsonld import JSONLD_RESPONSE_SCHEMA, builder_for, format_parameter
from .media_serializers import rendition_specs
from .pagination import LimitOffsetPagination
from .policy import ERROR_RESPONSES, APIPolicy, ErrorSerializer
from .renderers import JSONLD_MEDIA_TYPE, JSONLDRenderer
from .representation import Representation
from .serializers import (
    CaseStudySerializer,
    ConditionSerializer,
    SymptomSerializer,
    TreatmentSerializer,
)

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
    "review_overdue",
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


class PublicFilterBackend(DjangoFilterBackend):
    """The listing filters, through the same ``apply_filters`` the exports use."""

    def get_filterset_class(self, view, queryset=None):
        return FILTERSETS[view.resource]

    def filter_queryset(self, request, queryset, view):
        return apply_filters(
            view.resource,
            queryset,
            request.query_params,
            extra_parameters=view.listing_parameters,
        )


# ------------------------------------------------------------------ page resources


def json_response(validators, render, renderer=None):
    """The body for this ETag, from the response cache or ``render()``.

    JSON, or what ``renderer`` makes (JSON-LD), with that renderer's media type.
    """
    renderer = renderer or JSONRenderer()
    body = validators.cached_body()
    if body is None:
        body = renderer.render(render())
        validators.store_body(body)
    return validators.apply(HttpResponse(body, content_type=renderer.media_type))


def vary_on_accept(response):
    """A detail's body depends on Accept (JSON or JSON-LD): caches must know."""
    patch_vary_headers(response, ["Accept"])
    return response


def load_clinic_settings():
    """The default site's clinic settings with the text licence, or None."""
    return (
        ClinicSettings.objects.filter(site__is_default_site=True)
        .select_related("text_license")
        .first()
    )


# Linked pages are shown as short references: load only what those show.
PAGE_LINK_COLUMNS = ("id", "slug", "title", "url_path")
LINK_COLUMNS = ("id", "sort_order", "condition_id")


def link_columns(relation, *extra):
    return [f"{relation}__{name}" for name in (*PAGE_LINK_COLUMNS, *extra)]


def conditions_linking_here(link_model, target_column, text_column):
    """Prefetch ``condition_links``: the public conditions that list this page."""
    links = link_model.objects.filter(condition__in=public_conditions())
    links = links.select_related("condition").only(
        *LINK_COLUMNS, target_column, text_column, *link_columns("condition")
    )
    return Prefetch(
        "condition_links", queryset=links.order_by("condition__title", "pk")
    )


class PageResourceViewSet(APIPolicy, GenericViewSet):
    """List and retrieve one page type; subclasses only declare data."""

    resource = ""
    noun = ""
    serializer_class = None
    listing_default_fields = COMPACT_FIELDS
    listing_parameters = ("limit", "offset", "fields")
    # field → related objects to join / prefetch when that field is shown
    select_for_fields = {}
    prefetch_for_fields = {}

    # JSON first, so Accept: */* (browsers, curl) gets JSON; JSON-LD only on details.
    renderer_classes = [JSONRenderer, JSONLDRenderer]
    filter_backends = [PublicFilterBackend]
    pagination_class = LimitOffsetPagination
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def public_queryset(self):
        # The web channel: case studies need web consent; overdue pages are held
        # back only if MERIDIAN_GOVERNANCE["WITHHOLD_OVERDUE"] names "web".
        return public_for_channel(self.resource, ConsentChannel.WEB)

    def get_queryset(self):
        return self.public_queryset()

    # field → Prefetch objects; built per request because "public" depends on now
    def prefetches(self, field):
        return [
            getattr(self, f"prefetch_{name}")()
            for name in self.prefetch_for_fields.get(field, ())
        ]

    def prefetch_hero_renditions(self):
        return Prefetch(
            "hero_image__renditions",
            queryset=CreditedRendition.objects.filter(
                filter_spec__in=list(rendition_specs().values())
            ),
        )

    def optimised(self, queryset, fields):
        related = [
            name for field in fields for name in self.select_for_fields.get(field, ())
        ]
        lookups = [lookup for field in fields for lookup in self.prefetches(field)]
        if related:
            queryset = queryset.select_related(*related)
        if lookups:
            queryset = queryset.prefetch_related(*lookups)
        return queryset

    def requested_fields(self, default):
        available = list(self.serializer_class._declared_fields)
        return select_fields(
            self.request.query_params.get("fields"), default, available
        )

    def representation(self, pages, fields, validators):
        """Render all rich text at once (one batch); load what attribution needs.

        That is each page's rich-text fields, keyed ``(page.pk, field)``, and the
        rich text on its links to other pages ("how it is used for this
        condition"), keyed ``(column, link.pk)``.
        """
        serializer = self.serializer_class
        sources = {
            (page.pk, name): getattr(page, name)
            for name in serializer.rich_text_fields
            if name in fields
            for page in pages
        }
        sources.update(
            {
                (column, link.pk): getattr(link, column)
                for field, (relation, column) in serializer.linked_rich_text
                if field in fields
                for page in pages
                for link in getattr(page, relation).all()
            }
        )
        rich_text = {}
        if sources:
            base = validators.memo(
                f"base-url:{settings.MERIDIAN_FRONTEND_URL}", base_url
            )
            rich_text = RichTextRenderer(base=base).render_many(sources)
        clinic = None
        if "attribution" in fields:
            clinic = validators.memo("clinic", load_clinic_settings)
        return Representation(self.request, rich_text=rich_text, clinic=clinic)

    def serialize(self, pages, fields, many, validators):
        items = pages if many else [pages]
        context = {
            "request": self.request,
            "representation": self.representation(items, fields, validators),
        }
        return self.get_serializer_class()(
            pages, many=many, fields=fields, context=context
        ).data

    def list(self, request, *args, **kwargs):
        fields = self.requested_fields(self.listing_default_fields)
        queryset = self.filter_queryset(self.get_queryset())
        validators = ContentValidators(request)
        if (not_modified := validators.not_modified()) is not None:
            return not_modified

        def render():
            pages = self.paginate_queryset(self.optimised(queryset, fields))
            data = self.serialize(pages, fields, True, validators)
            return self.get_paginated_response(data).data

        return json_response(validators, render)

    def retrieve(self, request, slug=None, *args, **kwargs):
        response_format = self.response_format(request)
        if response_format == JSONLDRenderer.format:
            return self.retrieve_jsonld(request, slug)
        check_query_parameters(request.query_params, {"fields", "format"})
        fields = self.requested_fields(list(self.serializer_class._declared_fields))
        self.check_public(slug)
        validators = ContentValidators(request, response_format)
        if (not_modified := validators.not_modified()) is not None:
            return vary_on_accept(not_modified)

        def render():
            queryset = self.optimised(self.get_queryset(), fields)
            page = queryset.filter(slug=slug).first()
            if page is None:
                raise NotFound(f"no {self.noun} with slug '{slug}'")
            return self.serialize(page, fields, False, validators)

        return vary_on_accept(json_response(validators, render))

    def check_public(self, slug):
        """404 for a missing or non-public item, before any 304 is considered
        (``If-None-Match: *`` must not confirm an item that is not there)."""
        if not self.get_queryset().filter(slug=slug).exists():
            raise NotFound(f"no {self.noun} with slug '{slug}'")

    # ------------------------------------------------------------ JSON-LD details

    def retrieve_jsonld(self, request, slug):
        """schema.org JSON-LD (``api.jsonld``) from the same public, prefetched data."""
        check_query_parameters(request.query_params, {"format"})
        builder = builder_for(self.get_queryset().model)
        self.check_public(slug)
        validators = ContentValidators(request, JSONLDRenderer.format)
        if (not_modified := validators.not_modified()) is not None:
            return vary_on_accept(not_modified)

        def render():
            queryset = self.optimised(self.get_queryset(), builder.fields)
            page = queryset.filter(slug=slug).first()
            if page is None:
                raise NotFound(f"no {self.noun} with slug '{slug}'")
            representation = self.representation([page], builder.fields, validators)
            return builder(representation).build(page)

        return vary_on_accept(json_response(validators, render, JSONLDRenderer()))

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "retrieve":
            return renderers
        # JSON-LD is per item: listings (and anything else) are JSON only.
        return [r for r in renderers if r.format == JSONRenderer.format]

    def perform_content_negotiation(self, request, force=False):
        """On a detail, a known ``?format=`` wins over Accept (DRF's format override)."""
        by_format = {renderer.format: renderer for renderer in self.get_renderers()}
        requested = request.query_params.get("format")
        if self.action == "retrieve" and requested in by_format:
            return by_format[requested], by_format[requested].media_type
        try:
            return super().perform_content_negotiation(request, force)
        except NotAcceptable:
            if JSONLD_MEDIA_TYPE in request.headers.get("Accept", ""):
                raise NotAcceptable(self.jsonld_is_per_item(request)) from None
            raise

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        requested = request.query_params.get("format")
        if self.action == "list" and requested == JSONLDRenderer.format:
            message = self.jsonld_is_per_item(request)
            raise ValidationError({"detail": message, "errors": {"format": [message]}})

    def handle_exception(self, exc):
        # Errors stay JSON, whatever representation was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def response_format(self, request):
        """``json`` or ``jsonld``: ``?format=`` when given, else what Accept chose."""
        formats = [renderer.format for renderer in self.get_renderers()]
        requested = request.query_params.get("format")
        if requested is None:
            return request.accepted_renderer.format
        if requested not in formats:
            message = f"unknown format '{requested}'; allowed: {', '.join(formats)}"
            raise ValidationError({"detail": message, "errors": {"format": [message]}})
        return requested

    def jsonld_is_per_item(self, request):
        return (
            f"JSON-LD is per item, not for listings: ask for one {self.noun}, "
            f"e.g. {request.path}{{slug}}/?format=jsonld"
        )


def json_only(responses):
    """Error responses keyed to JSON alone: errors are never JSON-LD."""
    return {(code, JSONRenderer.media_type): value for code, value in responses.items()}


def page_resource_schema(serializer, noun, default_fields):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List public {noun}s",
            parameters=[fields_parameter(", ".join(default_fields))],
            responses={200: serializer(many=True), **ERROR_RESPONSES},
        ),
        retrieve=extend_schema(
            summary=f"One public {noun}",
            description="JSON, or schema.org JSON-LD with ?format=jsonld or "
            "'Accept: application/ld+json'. Errors are always JSON.",
            parameters=[fields_parameter("all fields"), format_parameter()],
            responses={
                (200, JSONRenderer.media_type): serializer,
                (200, JSONLD_MEDIA_TYPE): OpenApiResponse(
                    JSONLD_RESPONSE_SCHEMA, description="schema.org JSON-LD"
                ),
                **json_only(
                    {
                        404: OpenApiResponse(
                            ErrorSerializer, description=f"No such {noun}"
                        ),
                        406: OpenApiResponse(
                            ErrorSerializer,
                            description="Accept names neither JSON nor JSON-LD",
                        ),
                        **ERROR_RESPONSES,
                    }
                ),
            },
        ),
    )


@page_resource_schema(ConditionSerializer, "condition", COMPACT_FIELDS)
class ConditionViewSet(PageResourceViewSet):
    resource = "conditions"
    noun = "condition"
    serializer_class = ConditionSerializer
    select_for_fields = {"hero_image": ("hero_image__license",)}
    prefetch_for_fields = {
        "symptoms": ("symptoms",),
        "treatments": ("treatments",),
        "clinical_codes": ("clinical_codes",),
        "case_studies": ("case_studies",),
        "hero_image": ("hero_renditions",),
    }

    def prefetch_symptoms(self):
        links = ConditionSymptom.objects.filter(symptom__in=public_symptoms())
        links = links.select_related("symptom").only(
            *LINK_COLUMNS,
            "note",
            *link_columns("symptom", "is_red_flag", "body_location"),
        )
        return Prefetch("symptom_links", queryset=links.order_by("sort_order"))

    def prefetch_treatments(self):
        links = ConditionTreatment.objects.filter(treatment__in=public_treatments())
        links = links.select_related("treatment").only(
            *LINK_COLUMNS, "how_used", *link_columns("treatment", "tradition")
        )
        return Prefetch("treatment_links", queryset=links.order_by("sort_order"))

    def prefetch_clinical_codes(self):
        return Prefetch(
            "clinical_codes", queryset=ConditionCode.objects.order_by("sort_order")
        )

    def prefetch_case_studies(self):
        cases = public_case_studies(ConsentChannel.WEB).order_by("title", "pk")
        cases = cases.only(
            *PAGE_LINK_COLUMNS, "patient_label", "summary", "condition_id"
        )
        return Prefetch("case_studies", queryset=cases)


@page_resource_schema(SymptomSerializer, "symptom", SYMPTOM_COMPACT_FIELDS)
class SymptomViewSet(PageResourceViewSet):
    resource = "symptoms"
    noun = "symptom"
    serializer_class = SymptomSerializer
    listing_default_fields = SYMPTOM_COMPACT_FIELDS
    prefetch_for_fields = {"conditions": ("conditions",)}

    def prefetch_conditions(self):
        return conditions_linking_here(ConditionSymptom, "symptom_id", "note")


@page_resource_schema(TreatmentSerializer, "treatment", COMPACT_FIELDS)
class TreatmentViewSet(PageResourceViewSet):
    resource = "treatments"
    noun = "treatment"
    serializer_class = TreatmentSerializer
    select_for_fields = {"hero_image": ("hero_image__license",)}
    prefetch_for_fields = {
        "conditions": ("conditions",),
        "hero_image": ("hero_renditions",),
    }

    def prefetch_conditions(self):
        return conditions_linking_here(ConditionTreatment, "treatment_id", "how_used")


@page_resource_schema(CaseStudySerializer, "case study", COMPACT_FIELDS)
class CaseStudyViewSet(PageResourceViewSet):
    resource = "case-studies"
    noun = "case study"
    serializer_class = CaseStudySerializer
    prefetch_for_fields = {
        "condition": ("condition",),
        "treatments_given": ("treatments_given",),
        "outcomes": ("outcomes",),
    }

    def prefetch_condition(self):
        # A draft or private condition is left out (null), never exposed.
        return Prefetch("condition", queryset=public_conditions())

    def prefetch_treatments_given(self):
        return Prefetch(
            "treatments_given", queryset=public_treatments().order_by("title")
        )

    def prefetch_outcomes(self):
        return Prefetch(
            "outcomes", queryset=CaseStudyOutcome.objects.order_by("sort_order")
        )
