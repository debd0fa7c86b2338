"""JSON for images (with credit and renditions) and for licences.

Embedded in page resources and served at ``/api/v1/images/{id}/`` and
``/api/v1/licenses/``::

    ImageSerializer(image, context={"request": request,
                                    "representation": Representation(request)}).data
    LicenseSerializer(licenses, many=True).data

The credit comes from the one credit formatter (``content_models.credits``); only the
renditions named in ``MERIDIAN_API["RENDITIONS"]`` are ever published. An image under
a no-derivatives licence gets each of them uncropped (``fill-320x240`` is made as
``max-320x240``, see ``content_models.images``). ``syndication_allowed`` tells partners
whether they may carry the image into their own channels.
"""

import logging

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.images.models import SourceImageIOError

from content_models.credits import credit_for
from content_models.images import uncropped_spec

from .fields import DynamicFieldsSerializer
from .representation import representation

logger = logging.getLogger("meridian.api")


class CreditSourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class LicenseRefSerializer(serializers.Serializer):
    """The one licence shape (``content_models.licenses.LicenseRef``)."""

    spdx_id = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class CreditSerializer(serializers.Serializer):
    """The TASL credit line (Title, Author, Source, Licence) as text, HTML and parts."""

    text = serializers.CharField()
    html = serializers.CharField()
    title = serializers.CharField()
    creator = serializers.CharField(allow_null=True)
    source = CreditSourceSerializer()
    license = LicenseRefSerializer(allow_null=True)
    modifications = serializers.CharField(allow_null=True)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


def published_renditions():
    """The published sizes by name, e.g. ``{"thumbnail": "fill-320x240", …}``."""
    return dict(settings.MERIDIAN_API["RENDITIONS"])


def rendition_specs():
    """Every filter spec the API renders, for prefetching renditions by ``.values()``.

    The published sizes, and for each cropping one the spec a no-derivatives image
    is made with instead (``"thumbnail (uncropped)": "max-320x240"``), so that
    images under either kind of licence find their renditions in the prefetch.
    """
    specs = published_renditions()
    for name, spec in list(specs.items()):
        if (uncropped := uncropped_spec(spec)) not in specs.values():
            specs[f"{name} (uncropped)"] = uncropped
    return specs


# One entry per allow-listed rendition, so the schema names each size.
RenditionsSerializer = type(
    "RenditionsSerializer",
    (serializers.Serializer,),
    {name: RenditionSerializer(required=False) for name in published_renditions()},
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
    syndication_allowed = serializers.BooleanField(
        source="may_syndicate",
        help_text="Whether partners may republish this image in their own channels "
        "(feeds, syndicated copies of the page). False when the image's licence "
        "forbids commercial use and the clinic's channels are commercial, or when the "
        "image has no licence: show it where you show this API's content, but do not "
        "pass it on. The clinic's own feeds leave such images out.",
    )
    renditions = serializers.SerializerMethodField()

    def get_api_url(self, image) -> str:
        return representation(self).api_url("images", image.pk)

    @extend_schema_field(CreditSerializer)
    def get_credit(self, image):
        return credit_for(image).as_dict()

    @extend_schema_field(RenditionsSerializer)
    def get_renditions(self, image):
        specs = published_renditions()
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


class PageImageSerializer(ImageSerializer):
    """An image a page shows, or null when it may not leave the system: no licence,
    or a private collection (``content_models.public.image_is_public``)."""

    def get_attribute(self, instance):
        image = super().get_attribute(instance)
        return image if representation(self).may_show_image(image) else None


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
