"""Images and licences: the resources that are not pages.

    GET /api/v1/images/42/          one public image, its credit and renditions
    GET /api/v1/licenses/?limit=20  the licences images and text are published under

Only public images (``content_models.public.public_images``: a licence, no private
collection) shown on public pages are served; any other id is a 404 like an unknown one.
"""

from django.db.models import Max, Prefetch, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from content_models.canonical import api_base_url
from content_models.images import CreditedImage, CreditedRendition
from content_models.licenses import License
from content_models.public import public, public_images
from content_models.resources import RESOURCES
from content_models.settings import ClinicSettings

from .filters import check_query_parameters
from .media_serializers import ImageSerializer, LicenseSerializer, rendition_specs
from .pagination import LimitOffsetPagination
from .policy import ERROR_RESPONSES, APIPolicy, ErrorSerializer
from .representation import Representation

MAX_ID = 2**63 - 1  # a 64-bit id column: no image has a larger id


def shown_images():
    """Public images shown on public pages (hero images, the clinic logo)."""
    used = Q(pk__in=ClinicSettings.objects.values("logo_id"))
    for resource in RESOURCES:
        for field in resource.image_fields:
            used |= Q(pk__in=public(resource).values(f"{field}_id"))
    return public_images(CreditedImage.objects.filter(used))


@extend_schema_view(
    retrieve=extend_schema(
        summary="One image, with its credit and renditions",
        responses={
            200: ImageSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such public image"),
            **ERROR_RESPONSES,
        },
    )
)
class ImageViewSet(APIPolicy, GenericViewSet):
    serializer_class = ImageSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return shown_images()

    def retrieve(self, request, pk=None):
        check_query_parameters(request.query_params, set())
        if len(pk) > len(str(MAX_ID)) or int(pk) > MAX_ID:
            raise NotFound(f"no public image with id {pk}")
        renditions = CreditedRendition.objects.filter(
            filter_spec__in=list(rendition_specs().values())
        )
        image = (
            self.get_queryset()
            .filter(pk=int(pk))
            .select_related("license")
            .prefetch_related(Prefetch("renditions", queryset=renditions))
            .first()
        )
        if image is None:
            raise NotFound(f"no public image with id {pk}")
        self.last_modified = max(
            moment
            for moment in (image.updated_at, image.license and image.license.updated_at)
            if moment
        )
        context = {"representation": Representation(api_base_url())}
        return Response(ImageSerializer(image, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Licences that images and text are published under",
        responses={200: LicenseSerializer(many=True), **ERROR_RESPONSES},
    )
)
class LicenseViewSet(APIPolicy, GenericViewSet):
    serializer_class = LicenseSerializer
    pagination_class = LimitOffsetPagination
    queryset = License.objects.order_by("short_name", "pk")

    def list(self, request):
        check_query_parameters(request.query_params, {"limit", "offset"})
        self.last_modified = self.get_queryset().aggregate(Max("updated_at"))[
            "updated_at__max"
        ]
        licenses = self.paginate_queryset(self.get_queryset())
        data = LicenseSerializer(licenses, many=True).data
        return self.get_paginated_response(data)
