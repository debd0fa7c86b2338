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

``?search=`` ranks: the listing comes best match first unless ``ordering`` says
otherwise, and ``ordering=relevance`` asks for that order by name (a 400 without a
search). How a search ranks is in :meth:`PublicFilterSet.filter_search`.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import NotSupportedError, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django_filters.fields import BaseCSVField
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Fuzzy

from cms.parsing import EMPTY_RULE, parse_boolean, parse_date, parse_moment
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
# Words, keeping the dots inside clinical codes ("M54.3" is one lexeme to PostgreSQL);
# quotes, brackets and '*' are query syntax to some search backends and never pass.
SEARCH_WORD = re.compile(r"\w+(?:\.\w+)*")
# ICD-10 "M54.3", ICD-10-CM "M54.16", SNOMED CT "23056005": a digit early, no spaces.
CLINICAL_CODE = re.compile(r"[A-Za-z]{0,2}\d[\w.]*")
NAME_TOKEN = re.compile(r"\w+")
RELEVANCE = "relevance"  # the public name of the order a search ranks in
SEARCH_RANK = "search_rank"  # the annotation that carries it (0 = best)


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


class OrderingField(BaseCSVField):
    """Comma-separated orderings, none of them empty (``?ordering=title,,`` is a 400)."""

    def clean(self, value):
        if value is not None and any(not item.strip() for item in value):
            raise DjangoValidationError(
                "empty ordering; separate orderings with commas, eg: "
                "?ordering=title,-updated",
                code="invalid",
            )
        return super().clean(value)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the requested field (or the resource's default), then by id.

    The id tie-break keeps pages of a listing stable when titles or dates repeat.
    After a search the default is relevance (the rank ``filter_search`` annotates);
    an explicit ordering still wins.
    """

    base_field_class = OrderingField

    def __init__(self, *args, default=("title",), **kwargs):
        self.default = tuple(default)
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        # Relevance runs one way only: best match first.
        choices = super().build_choices(fields, labels)
        return [choice for choice in choices if choice[0] != f"-{RELEVANCE}"]

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(param) for param in value or () if param]
        if not ordering and SEARCH_RANK in qs.query.annotations:
            ordering = [SEARCH_RANK]
        return qs.order_by(*map(nulls_last, ordering or self.default), "pk")


def nulls_last(name):
    """``"-next_review_due"`` as an expression that puts missing dates last on every
    database (SQLite sorts NULL first, PostgreSQL last)."""
    field = F(name.removeprefix("-"))
    if name.startswith("-"):
        return field.desc(nulls_last=True)
    return field.asc(nulls_last=True)


def ordering_filter(*names, default=("title",)):
    """An ``ordering`` filter over public names; ``updated`` is the publish time;
    ``relevance`` (with a search) is best match first."""
    fields = {
        "title": "title",
        "updated": "last_published_at",
        "last_reviewed": "last_reviewed",
        "next_review_due": "next_review_due",
    }
    return StableOrderingFilter(
        fields=[(fields[name], name) for name in names] + [(SEARCH_RANK, RELEVANCE)],
        default=default,
        help_text="Sort order: " + ", ".join(names) + "; prefix '-' for descending; "
        f"'{RELEVANCE}' (best match first) with a search, where it is the default. "
        "Eg: ?ordering=-updated",
    )


def _slug_filter(help_text):
    return django_filters.CharFilter(method="filter_related", help_text=help_text)


# ---------------------------------------------------------------------------- search


def search_words(value):
    """``"Sciatica (M54.3)*"`` → ``["Sciatica", "M54.3"]``."""
    return SEARCH_WORD.findall(value or "")


def is_code_search(words):
    """True when every word looks like a clinical code: those match exactly."""
    return all(CLINICAL_CODE.fullmatch(word) for word in words)


def name_fields(model):
    """The fields a page is named by: its boosted search fields (title, synonyms,
    medical term), as the page models declare them."""
    return [
        field.field_name
        for field in model.get_search_fields()
        if isinstance(field, index.SearchField) and (field.boost or 1) > 1
    ]


def names_hold(page, fields, words):
    """Whether every word starts a word of the page's names ("sciatic" → Sciatica)."""
    names = " ".join(str(getattr(page, field) or "") for field in fields)
    tokens = set(NAME_TOKEN.findall(names.lower()))
    parts = NAME_TOKEN.findall(" ".join(words).lower())
    return all(any(token.startswith(part) for token in tokens) for part in parts)


def full_text_matches(backend, model, words):
    """Ids of ``model``'s live pages with every word, best first.

    The backend ranks; pages whose names hold the words then move ahead of those
    that only mention them, keeping the backend's order within each group.
    PostgreSQL's weights already rank names first; SQLite's BM25 weighs all the
    text alike and favours short pages, so a passing mention could lead there.
    """
    fields = name_fields(model)
    pages = model.objects.live().only("pk", *fields)
    results = backend.search(" ".join(words), pages, operator="and")
    found = list(results[:SEARCH_RESULTS_MAX])
    found.sort(key=lambda page: not names_hold(page, fields, words))  # stable
    return [page.pk for page in found]


def prefix_matches(backend, model, words):
    """Ids of pages whose names start with the last word ("sciat" → Sciatica):
    Wagtail's autocomplete, over the page models' AutocompleteFields."""
    pages = model.objects.live().only("pk")
    results = backend.autocomplete(" ".join(words), pages, operator="and")
    return [page.pk for page in results[:SEARCH_RESULTS_MAX]]


def typo_matches(backend, model, words):
    """Ids of pages within a typo of the words ("sciatca" → Sciatica), where the
    backend can: PostgreSQL once pg_trgm is enabled (``manage.py enable_trigram``),
    Elasticsearch and OpenSearch. SQLite's embedded index has no such query."""
    pages = model.objects.live().only("pk")
    try:
        # Without pg_trgm PostgreSQL fails the statement: a savepoint keeps the
        # request's transaction usable.
        with transaction.atomic():
            results = backend.search(Fuzzy(" ".join(words)), pages)
            return [page.pk for page in results[:SEARCH_RESULTS_MAX]]
    except (NotImplementedError, NotSupportedError):
        return []


def best_first(*groups):
    """The ids of ``groups`` in order, each once, at most SEARCH_RESULTS_MAX."""
    ids = dict.fromkeys(pk for group in groups for pk in group)
    return list(ids)[:SEARCH_RESULTS_MAX]


class RelevanceNeedsSearch:
    """Form check: ordering by relevance means nothing without a search."""

    def clean(self):
        cleaned = super().clean()
        ordering = cleaned.get("ordering") or ()
        if RELEVANCE in ordering and not search_words(cleaned.get("search")):
            self.add_error(
                "ordering", f"'{RELEVANCE}' needs a search, eg: ?search=sciatica"
            )
        return cleaned


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

    # Declared first, so it runs first: the ordering sorts by the rank it annotates.
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_QUERY_MAX_LENGTH,
        help_text="Full-text search on titles, synonyms, summaries and other text, "
        "best match first. Eg: ?search=back pain",
    )

    # filter name → function(slug) returning a queryset of matching ids
    related = {}

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (RelevanceNeedsSearch, form_class), {})

    def filter_search(self, queryset, name, value):
        """Narrow to the best matches and annotate their rank (``SEARCH_RANK``).

        Best first: exact matches (a clinical code), then the full-text matches
        (names before mentions), then matches through related pages (a condition's
        symptoms). When none of these finds anything, the words are tried as a
        prefix and then with a typo, where the backend can; codes never are.
        """
        words = search_words(value)
        if not words:
            return queryset
        backend = get_search_backend()
        model = queryset.model
        ranked = best_first(
            self.exact_matches(words),
            full_text_matches(backend, model, words),
            self.related_matches(backend, words),
        )
        if not ranked and not is_code_search(words):
            ranked = prefix_matches(backend, model, words) or typo_matches(
                backend, model, words
            )
        # The order travels as an expression, so any later values() or count() keeps it.
        rank = Case(
            *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ranked)),
            output_field=IntegerField(),
        )
        return queryset.filter(pk__in=ranked).annotate(**{SEARCH_RANK: rank})

    def exact_matches(self, words):
        """Ids matched exactly, ahead of any full-text match; none by default."""
        return []

    def related_matches(self, backend, words):
        """Ids matched through related pages, after the full-text matches."""
        return []

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

    def exact_matches(self, words):
        """A search made of clinical codes finds the conditions carrying any of them
        first, whatever the index made of the dots (a code listed first, first)."""
        if not is_code_search(words):
            return []
        any_code = Q()
        for word in words:
            any_code |= Q(code__iexact=word)
        codes = ConditionCode.objects.filter(any_code).order_by("sort_order", "pk")
        return list(codes.values_list("condition_id", flat=True))

    def related_matches(self, backend, words):
        """Conditions that list a public symptom whose title has the words, in the
        symptoms' rank. Found at search time rather than indexed with the condition,
        so a draft symptom's title finds nothing and a renamed one needs no reindex."""
        symptoms = backend.search(
            " ".join(words),
            SymptomPage.objects.live().only("pk"),
            fields=["title"],
            operator="and",
        )
        rank = {page.pk: n for n, page in enumerate(symptoms[:SEARCH_RESULTS_MAX])}
        if not rank:
            return []
        links = ConditionSymptom.objects.filter(
            symptom_id__in=rank, symptom__in=public_symptoms()
        ).values_list("symptom_id", "condition_id")
        links = sorted(links, key=lambda link: rank[link[0]])
        return [condition for symptom, condition in links]


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


def values_of(query_params, name):
    """Every value given for ``name``: a QueryDict may hold several, a dict one."""
    if hasattr(query_params, "getlist"):
        return query_params.getlist(name)
    return [query_params[name]]


def check_query_parameters(query_params, allowed):
    """Raise a 400 ValidationError naming the allowed parameters on any other one,
    or on an empty value (:func:`refuse_empty_values`)."""
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
    refuse_empty_values(query_params)


def refuse_empty_values(query_params):
    """A 400 for a parameter given with an empty value (``?red_flag=``): one rule
    for every parameter of every route, which the schema states as ``minLength``."""
    empty = sorted(name for name in query_params if "" in values_of(query_params, name))
    if empty:
        names = ", ".join(f"'{name}'" for name in empty)
        raise ValidationError(
            {
                "detail": f"empty value for {names}: {EMPTY_RULE}",
                "errors": {name: [EMPTY_RULE] for name in empty},
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


class PublicFilterBackend(DjangoFilterBackend):
    """The filters of ``view.resource`` in a DRF view, through :func:`apply_filters`,
    and in its schema; the view names its own parameters in ``listing_parameters``."""

    def get_filterset_class(self, view, queryset=None):
        return FILTERSETS[view.resource]

    def filter_queryset(self, request, queryset, view):
        return apply_filters(
            view.resource,
            queryset,
            request.query_params,
            extra_parameters=view.listing_parameters,
        )
