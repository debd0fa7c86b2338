"""JSON for images (with credit and renditions) and for licences.

Embedded in page resources and served at ``/api/v1/images/{id}/`` and
``/api/v1/licenses/``::

    ImageSerializer(image, context={"request": request,
                                    "representation": Representation(request)}).data
    LicenseSerializer(licenses, many=True).data

The credit comes from the one credit formatter (``content_models.credits``); only the
renditions named in ``MERIDIAN_API["RENDITIONS"]`` are ever published.
"""

import logging

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.images.models import SourceImageIOError

from content_models.credits import credit_for

from .fields import DynamicFieldsSerializer
from .representation import representation

logger = logging.getLogger("meridian.api")


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
    """The published sizes by name, e.g. ``{"thumbnail": "fill-320x240", …}``."""
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
