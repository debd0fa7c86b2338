"""Wagtail's own API v2, mounted for existing Wagtail front ends (and as a baseline).

The pages endpoint is held to Meridian's rule of what is public: Wagtail's own
queryset already drops drafts and view-restricted pages; this one also drops pages
past their expiry date and case studies without consent for the web. Page models
expose only their own fields to v2 (no links to other pages), so a draft or private
page is never named inside another page's relations; API v1 serves those relations
through the public querysets. The images endpoint lists only images that carry a
licence and sit in no private collection.

Every endpoint reads its query the Wagtail way, with its own filters and
pagination, but checks each value first, so bad input is a 400 (``{"message": …}``)
and never a 500: ``?offset=`` and page ids within the database's integer range,
``search_operator`` one of ``and``/``or``, field filters valid for their field.
``?search=`` works on the public pages: the public rule is applied as an id filter,
which the search backends accept.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from wagtail.api.v2.filters import (
    FieldsFilter,
    SearchFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from api.filters import search_words
from cms.parsing import parse_whole_number
from content_models.public import live_and_public, public, public_images
from content_models.resources import RESOURCES

# The largest id a page can have (a 64-bit signed integer column).
MAX_ID = 2**63 - 1
MAX_OFFSET = 1_000_000_000
# Page-id operations; child_of also takes "root".
PAGE_ID_PARAMETERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")
SEARCH_OPERATORS = ("and", "or")


def whole_number(request, name, maximum):
    try:
        parse_whole_number(request.GET[name], minimum=0, maximum=maximum)
    except ValueError as invalid:
        raise BadRequestError(f"{name}: {invalid}") from None


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, with an offset the database can take."""

    def paginate_queryset(self, queryset, request, view=None):
        if "offset" in request.GET:
            whole_number(request, "offset", MAX_OFFSET)
        return super().paginate_queryset(queryset, request, view)


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?slug=sciatica``), each value read by its model
    field first: ``?last_published_at=yesterday`` is a 400, not a database error."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields or name == "locale":
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, models.ForeignKey):
                field = field.target_field
            if not isinstance(field, models.Field):
                continue
            try:
                field.run_validators(field.to_python(value))
            except (ValidationError, ValueError, TypeError, OverflowError):
                raise BadRequestError(
                    f"field filter error. '{value}' is not a valid value for {name}"
                ) from None
        return super().filter_queryset(request, queryset, view)


class CheckedSearchFilter(SearchFilter):
    """Wagtail's search, given only words (the API v1 reading of ``?search=``) and an
    operator checked first: query syntax such as ``"(*)`` never reaches the backend."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError(
                "search_operator must be one of: " + ", ".join(SEARCH_OPERATORS)
            )
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError(
                "filtering by tag with a search query is not supported"
            )
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        try:
            return get_search_backend().search(
                " ".join(words),
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(
                f"cannot filter or order by '{error.field_name}' while searching"
            ) from None


def checked(filter_backends):
    """``filter_backends`` with Wagtail's field and search filters swapped for the
    checked ones."""
    swaps = {FieldsFilter: CheckedFieldsFilter, SearchFilter: CheckedSearchFilter}
    return [swaps.get(backend, backend) for backend in filter_backends]


class CheckedEndpoint:
    """What every v2 endpoint here adds to Wagtail's: bounded pagination, checked
    filters and page ids, and a 404 for an id no row can have."""

    pagination_class = BoundedPagination

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        for name in PAGE_ID_PARAMETERS:
            if name in self.request.GET and self.request.GET[name] != "root":
                whole_number(self.request, name, MAX_ID)
        if "id" in self.request.GET:
            whole_number(self.request, "id", MAX_ID)

    def detail_view(self, request, pk):
        if int(pk) > MAX_ID:
            raise Http404("not found")
        return super().detail_view(request, pk)


class PublicPagesAPIViewSet(CheckedEndpoint, PagesAPIViewSet):
    filter_backends = checked(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self):
        # As an id filter: the search backends filter only on indexed fields, and
        # the id is one (expire_at and the consent fields are not).
        case_studies = RESOURCES["case-studies"].model
        withheld = case_studies.objects.exclude(
            pk__in=public("case-studies").values("pk")
        )
        shown = live_and_public(Page.objects.all()).exclude(
            pk__in=withheld.values("pk")
        )
        return super().get_base_queryset().filter(pk__in=shown.values("pk"))


class PublicImagesAPIViewSet(CheckedEndpoint, ImagesAPIViewSet):
    filter_backends = checked(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_images(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
