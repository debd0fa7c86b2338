"""Filters, search and ordering for the public listings, one FilterSet per resource.

Any view that lists a resource (the API listing, the feed and collection exports) filters
the same way by calling :func:`apply_filters` on the resource's public queryset::

    from api.filters import apply_filters
    from content_models.public import public

    queryset = apply_filters(
        "conditions",                  # a resource name (content_models.resources)
        public("conditions"),
        request.GET,                   # or a DRF request.query_params
        extra_parameters=("limit",),   # the caller's own parameters, allowed through
    )

It returns the filtered, ordered queryset. On an unknown parameter or a bad value it
raises ``rest_framework.exceptions.ValidationError`` (a 400 in a DRF view; in a plain
Django view return ``JsonResponse(error.detail, status=400)``), whose ``detail`` is::

    {"detail": "unknown query parameter 'colour'; allowed: code, limit, ordering, …",
     "errors": {"colour": ["unknown query parameter"]}}

Related resources are matched by slug, and only public ones count: filtering by the slug
of a draft symptom finds nothing, exactly as an unknown slug does.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from rest_framework.exceptions import ValidationError
from wagtail.search.backends import get_search_backend

from cms.parsing import parse_boolean, parse_date, parse_moment
from content_models.case_studies import CaseStudyPage
from content_models.conditions import (
    ConditionCode,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
)
from content_models.governance import today
from content_models.public import (
    public_conditions,
    public_symptoms,
    public_treatments,
)
from content_models.resources import RESOURCES
from content_models.symptoms import SymptomPage
from content_models.treatments import TreatmentPage

# A search narrows to at most this many best matches before the other filters apply.
SEARCH_RESULTS_MAX = 1000
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------------------- fields


class ParsedField(forms.Field):
    """A form field whose value is read by one of ``cms.parsing``'s parsers."""

    parser = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return type(self).parser(value)
        except ValueError as invalid:
            raise DjangoValidationError(str(invalid), code="invalid") from None


class ISODateField(ParsedField):
    """A calendar date written as YYYY-MM-DD, nothing else."""

    parser = parse_date


class DateOrDateTimeField(ParsedField):
    """A date (midnight UTC) or an ISO 8601 date-time; naive times are taken as UTC."""

    parser = parse_moment


class StrictBooleanField(ParsedField):
    """``true`` or ``false`` (also 1/0); anything else is an error, not ignored."""

    parser = parse_boolean


# --------------------------------------------------------------------------- filters


class ISODateFilter(django_filters.Filter):
    field_class = ISODateField


class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the requested field (or the resource's default), then by id.

    The id tie-break keeps pages of a listing stable when titles or dates repeat.
    """

    def __init__(self, *args, default=("title",), **kwargs):
        self.default = tuple(default)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(param) for param in value or () if param]
        return qs.order_by(*map(nulls_last, ordering or self.default), "pk")


def nulls_last(name):
    """``"-next_review_due"`` as an expression that puts missing dates last on every
    database (SQLite sorts NULL first, PostgreSQL last)."""
    field = F(name.removeprefix("-"))
    if name.startswith("-"):
        return field.desc(nulls_last=True)
    return field.asc(nulls_last=True)


def ordering_filter(*names, default=("title",)):
    """An ``ordering`` filter over public names; ``updated`` is the publish time."""
    fields = {
        "title": "title",
        "updated": "last_published_at",
        "last_reviewed": "last_reviewed",
        "next_review_due": "next_review_due",
    }
    return StableOrderingFilter(
        fields=[(fields[name], name) for name in names],
        default=default,
        help_text="Sort order: " + ", ".join(names) + "; prefix '-' for descending. "
        "Eg: ?ordering=-updated",
    )


def _slug_filter(help_text):
    return django_filters.CharFilter(method="filter_related", help_text=help_text)


# resource name → its FilterSet; a FilterSet registers itself by its Meta.model.
FILTERSETS = {}


class PublicFilterSet(django_filters.FilterSet):
    """Shared: full-text search; subclasses map related slugs to public pages."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        resource = RESOURCES.for_model(meta.model) if meta else None
        if resource is not None:
            FILTERSETS[resource.name] = cls

    search = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_QUERY_MAX_LENGTH,
        help_text="Full-text search on titles, summaries and other text. "
        "Eg: ?search=back pain",
    )

    # filter name → function(slug) returning a queryset of matching ids
    related = {}

    def filter_search(self, queryset, name, value):
        # Words only: quotes, brackets and '*' are query syntax to some search backends.
        words = " ".join(SEARCH_WORD.findall(value))
        if not words:
            return queryset
        results = get_search_backend().search(
            words, queryset.model.objects.live(), operator="and"
        )
        ids = [page.pk for page in results[:SEARCH_RESULTS_MAX]]
        return queryset.filter(pk__in=ids)

    def filter_related(self, queryset, name, value):
        return queryset.filter(pk__in=self.related[name](value.strip()))


class ReviewedFilterSet(PublicFilterSet):
    """Shared by the resources a clinician reviews: conditions, treatments, cases."""

    next_review_before = ISODateFilter(
        field_name="next_review_due",
        lookup_expr="lt",
        help_text="Next clinical review due before this date. "
        "Eg: ?next_review_before=2027-01-01",
    )
    review_overdue = StrictBooleanFilter(
        method="filter_review_overdue",
        help_text="Only items whose next review date has passed (true), or the "
        "others (false). Eg: ?review_overdue=true",
    )

    def filter_review_overdue(self, queryset, name, value: bool):
        if value is None:
            return queryset
        overdue = Q(next_review_due__lt=today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


# ------------------------------------------------------------------ one per resource


class ConditionFilterSet(ReviewedFilterSet):
    symptom = _slug_filter(
        "Conditions whose symptom list has this symptom (slug). Eg: ?symptom=leg-pain"
    )
    treatment = _slug_filter(
        "Conditions treated with this treatment (slug). Eg: ?treatment=acupuncture"
    )
    code = django_filters.CharFilter(
        method="filter_code",
        max_length=60,
        help_text="Conditions with this clinical code, in any system, or one system "
        "with 'system:code'. Eg: ?code=M54.3 or ?code=icd-10-cm:M54.16",
    )
    updated_since = DateOrDateTimeFilter(
        field_name="last_published_at",
        lookup_expr="gte",
        help_text="Published (or re-published) at or after this date or date-time. "
        "Eg: ?updated_since=2026-01-31",
    )
    ordering = ordering_filter("title", "updated", "last_reviewed", "next_review_due")

    related = {
        "symptom": lambda slug: ConditionSymptom.objects.filter(
            symptom__slug=slug, symptom__in=public_symptoms()
        ).values("condition_id"),
        "treatment": lambda slug: ConditionTreatment.objects.filter(
            treatment__slug=slug, treatment__in=public_treatments()
        ).values("condition_id"),
    }

    class Meta:
        model = ConditionPage
        fields = []

    def filter_code(self, queryset, name, value):
        system, _, code = value.strip().rpartition(":")
        codes = ConditionCode.objects.filter(code__iexact=code.strip())
        if system:
            codes = codes.filter(system=system.strip().lower())
        return queryset.filter(pk__in=codes.values("condition_id"))


class SymptomFilterSet(PublicFilterSet):
    red_flag = StrictBooleanFilter(
        field_name="is_red_flag",
        help_text="Only symptoms that are (true) or are not (false) red flags. "
        "Eg: ?red_flag=true",
    )
    ordering = ordering_filter("title", "updated")

    class Meta:
        model = SymptomPage
        fields = []


class TreatmentFilterSet(ReviewedFilterSet):
    condition = _slug_filter(
        "Treatments offered for this condition (slug). Eg: ?condition=sciatica"
    )
    ordering = ordering_filter("title", "updated", "last_reviewed", "next_review_due")

    related = {
        "condition": lambda slug: ConditionTreatment.objects.filter(
            condition__slug=slug, condition__in=public_conditions()
        ).values("treatment_id"),
    }

    class Meta:
        model = TreatmentPage
        fields = []


class CaseStudyFilterSet(ReviewedFilterSet):
    condition = _slug_filter(
        "Case studies of this condition (slug). Eg: ?condition=sciatica"
    )
    treatment = _slug_filter(
        "Case studies where this treatment was given (slug). Eg: ?treatment=acupuncture"
    )
    ordering = ordering_filter("title", "updated", "last_reviewed", "next_review_due")

    related = {
        "condition": lambda slug: CaseStudyPage.objects.filter(
            condition__slug=slug, condition__in=public_conditions()
        ).values("pk"),
        "treatment": lambda slug: CaseStudyPage.treatments_given.through.objects.filter(
            treatmentpage__slug=slug, treatmentpage__in=public_treatments()
        ).values("casestudypage_id"),
    }

    class Meta:
        model = CaseStudyPage
        fields = []


# ------------------------------------------------------------------------ public API


def filter_parameters(resource):
    """The query parameters ``resource``'s FilterSet understands, sorted."""
    return sorted(FILTERSETS[resource].base_filters)


def check_query_parameters(query_params, allowed):
    """Raise a 400 ValidationError naming the allowed parameters on any other one."""
    unknown = sorted(set(query_params) - set(allowed))
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        noun = "parameter" if len(unknown) == 1 else "parameters"
        raise ValidationError(
            {
                "detail": f"unknown query {noun} {names}; allowed: "
                + ", ".join(sorted(allowed)),
                "errors": {name: ["unknown query parameter"] for name in unknown},
            }
        )


def apply_filters(resource, queryset, query_params, *, extra_parameters=()):
    """Filter and order ``queryset`` (a public queryset) by ``query_params``.

    Parameters the caller handles itself (``limit``, ``fields``…) go in
    ``extra_parameters``; any other unknown parameter is a 400.
    """
    filterset_class = FILTERSETS[resource]
    check_query_parameters(
        query_params, set(filterset_class.base_filters) | set(extra_parameters)
    )
    filter_data = {
        name: query_params.get(name)
        for name in filterset_class.base_filters
        if name in query_params
    }
    filterset = filterset_class(data=filter_data, queryset=queryset)
    if not filterset.is_valid():
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        summary = "; ".join(
            f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()
        )
        raise ValidationError(
            {"detail": f"invalid filter value ({summary})", "errors": errors}
        )
    return filterset.qs
