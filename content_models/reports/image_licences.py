"""The "Image licences" report: images that cannot be used everywhere as they are.

    images_with_licence_problems(images)   # flagged problem_no_licence, problem_nc…
    usage_of(images, AdminURLFinder(user)) # {image pk: [{"label", "url"}]}

No licence, a non-commercial (NC) or no-derivatives (ND) licence, or no source; each
row says which, and what uses the image (from Wagtail's reference index).
"""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper, Q, TextChoices
from django.utils.text import capfirst
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import ReferenceIndex

from ..images import CreditedImage
from ..web_urls import lacks_web_url
from .base import ReportMixin, ReportViewSet


class LicenceProblem(TextChoices):
    NO_LICENCE = "no_licence", "No licence"
    NON_COMMERCIAL = "nc", "Non-commercial (NC)"
    NO_DERIVATIVES = "nd", "No derivatives (ND)"
    NO_SOURCE = "no_source", "Source missing"


# The same rules as CreditedImage.may_syndicate / may_crop / publication_problems,
# written as SQL so the report can filter and page.
LICENCE_PROBLEM_RULES = {
    LicenceProblem.NO_LICENCE: Q(license__isnull=True),
    LicenceProblem.NON_COMMERCIAL: Q(license__commercial_use_allowed=False),
    LicenceProblem.NO_DERIVATIVES: Q(license__derivatives_allowed=False),
    LicenceProblem.NO_SOURCE: Q(source_name="") | lacks_web_url("source_url"),
}


def images_with_licence_problems(images=None):
    """Images with at least one licence problem, each flagged ``problem_<value>``."""
    images = CreditedImage.objects.all() if images is None else images
    any_problem = Q()
    for rule in LICENCE_PROBLEM_RULES.values():
        any_problem |= rule
    return (
        images.filter(any_problem)
        .annotate(
            **{
                f"problem_{problem.value}": ExpressionWrapper(
                    rule, output_field=BooleanField()
                )
                for problem, rule in LICENCE_PROBLEM_RULES.items()
            }
        )
        .select_related("license")
        .order_by("title", "pk")
    )


class ImageLicencesFilterSet(WagtailFilterSet):
    problem = django_filters.ChoiceFilter(
        label="Problem",
        empty_label="Any problem",
        choices=LicenceProblem.choices,
        method="filter_problem",
    )

    class Meta:
        model = CreditedImage
        fields = []

    def filter_problem(self, queryset, name, value):
        return queryset.filter(LICENCE_PROBLEM_RULES[LicenceProblem(value)])


class UsageColumn(Column):
    cell_template_name = "content_models/reports/usage_cell.html"


class ImageLicencesView(ReportMixin, ReportView):
    page_title = "Image licences"
    header_icon = "image"
    export_name = "image-licences"
    model = CreditedImage
    filterset_class = ImageLicencesFilterSet
    any_permission_required = ["add", "change", "delete"]
    description = (
        "Images that cannot go everywhere as they are: with no licence or no source "
        "they cannot be used on a page; under a non-commercial (NC) licence they stay "
        "out of syndicated channels when the clinic is commercial; under a "
        "no-derivatives (ND) licence they must never be cropped."
    )
    columns = [
        TitleColumn("title", label="Title", url_name="wagtailimages:edit"),
        Column("licence_label", label="Licence"),
        Column("problem_labels", label="Problems"),
        UsageColumn("usage", label="Used on"),
    ]
    list_export = ["title", "licence_label", "problem_labels", "usage_labels"]
    export_headings = {
        "title": "Title",
        "licence_label": "Licence",
        "problem_labels": "Problems",
        "usage_labels": "Used on",
    }

    def get_base_queryset(self):
        images = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "delete"]
        )
        return images_with_licence_problems(images)

    def decorate_paginated_queryset(self, images):
        usage = usage_of(list(images), AdminURLFinder(self.request.user))
        for image in images:
            image.licence_label = image.license.short_name if image.license else ""
            image.problem_labels = ", ".join(
                problem.label
                for problem in LicenceProblem
                if getattr(image, f"problem_{problem.value}")
            )
            image.usage = usage.get(image.pk, [])
            image.usage_labels = "; ".join(use["label"] for use in image.usage)
        return images


def usage_of(images, url_finder):
    """{image pk: [{"label": …, "url": …}]}: the objects that use each image.

    One query for the references and one per kind of object holding them, where
    iterating ``image.get_usage()`` would fetch each object on its own.
    """
    references = list(ReferenceIndex.get_references_to_in_bulk(images).order_by("pk"))
    ids_by_type = {}
    for reference in references:
        ids_by_type.setdefault(reference.base_content_type_id, set()).add(
            reference.object_id
        )
    holders = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for pk, holder in model._default_manager.in_bulk(list(ids)).items():
            holders[(content_type_id, str(pk))] = holder

    # image pk -> holder key -> (specific content type id, [field descriptions])
    uses = {}
    for reference in references:
        key = (reference.base_content_type_id, reference.object_id)
        if key not in holders:
            continue  # the index still names an object that has gone
        use = uses.setdefault(int(reference.to_object_id), {}).setdefault(
            key, (reference.content_type_id, [])
        )
        field = reference.describe_source_field()
        if field not in use[1]:
            use[1].append(field)

    return {
        image_pk: [
            {
                "label": f"{type_label(content_type_id)} “{holders[key]}” "
                f"({', '.join(fields)})",
                "url": url_finder.get_edit_url(holders[key]),
            }
            for key, (content_type_id, fields) in image_uses.items()
        ]
        for image_pk, image_uses in uses.items()
    }


def type_label(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return capfirst(model._meta.verbose_name)


# In the Reports menu after Wagtail's own reports (orders 700–1300).
image_licences_viewset = ReportViewSet(
    "image-licences",
    view_class=ImageLicencesView,
    menu_label="Image licences",
    icon="image",
    menu_order=1500,
)
