"""Images that always carry their credit: work title, creator, source and licence.

Set as ``WAGTAILIMAGES_IMAGE_MODEL`` so every image in the library has these fields.
``credits.credit_for(image)`` turns them into the credit line every channel shows.

An image under a no-derivatives (ND) licence is never cropped, whoever asks::

    >>> nd_image.get_rendition("fill-320x240").filter_spec
    'max-320x240'
    >>> uncropped_spec("fill-320x240-c50|format-webp")
    'max-320x240|format-webp'
"""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.images.image_operations import FillOperation
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    Image,
    ImageQuerySet,
)
from wagtail.search import index

from .governance import channels_are_commercial
from .web_urls import WebURLField, web_url


@functools.cache
def cropping_operations():
    """Names of the registered image operations that crop: Wagtail's ``fill`` and
    any operation a plugin derives from it."""
    registered = {}
    for register in hooks.get_hooks("register_image_operations"):
        registered.update(dict(register()))
    return frozenset(
        name
        for name, operation in registered.items()
        if issubclass(operation, FillOperation)
    )


def uncropped_spec(spec):
    """``spec`` with each cropping operation replaced by the resize to the same box
    that keeps the whole picture (``fill-320x240-c50`` → ``max-320x240``)."""
    operations = []
    for operation in spec.split("|"):
        name, _, arguments = operation.partition("-")
        if name in cropping_operations():
            operation = f"max-{arguments.split('-')[0]}"
        operations.append(operation)
    return "|".join(operations)


def cropping_specs_q():
    """Matches renditions whose filter spec crops, e.g. ``fill-320x240|format-webp``."""
    query = models.Q()
    for name in cropping_operations():
        query |= models.Q(filter_spec__startswith=f"{name}-")
        query |= models.Q(filter_spec__contains=f"|{name}-")
    return query


class CreditedImageQuerySet(ImageQuerySet):
    def prefetch_renditions(self, *filters):
        """Also prefetch the uncropped variant of each cropping spec, which is what
        a no-derivatives image is rendered with."""
        specs = [f.spec if isinstance(f, Filter) else f for f in filters]
        specs += [uncropped_spec(spec) for spec in specs]
        return super().prefetch_renditions(*dict.fromkeys(specs))


class CreditedImage(AbstractImage):
    work_title = models.CharField(
        "title of the work",
        max_length=255,
        blank=True,
        help_text="The title the creator or collection gives the work. "
        "Leave blank to use the image title.",
    )
    creator = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who made it. Leave blank if unknown.",
    )
    source_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where it comes from, e.g. 'Wellcome Collection'.",
    )
    source_url = WebURLField(
        "source URL", blank=True, help_text="The page of the work at its source."
    )
    license = models.ForeignKey(
        "content_models.License",
        verbose_name="licence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="images",
        help_text="Required before the image can be used on a page.",
    )
    modifications = models.CharField(
        max_length=255,
        blank=True,
        help_text="What we changed, e.g. 'cropped'. Many licences require saying so.",
    )
    credit_override = models.CharField(
        "credit text override",
        max_length=500,
        blank=True,
        help_text="Only when the source asks for an exact wording of the credit.",
    )
    # When its credit or file last changed: the Last-Modified of its API detail.
    updated_at = models.DateTimeField(auto_now=True)

    admin_form_fields = Image.admin_form_fields + (
        "work_title",
        "creator",
        "source_name",
        "source_url",
        "license",
        "modifications",
        "credit_override",
    )
    search_fields = AbstractImage.search_fields + [
        index.SearchField("work_title"),
        index.SearchField("creator"),
        index.SearchField("source_name"),
    ]

    objects = CreditedImageQuerySet.as_manager()

    class Meta(AbstractImage.Meta):
        verbose_name = "image"

    def may_syndicate(self):
        """Whether syndicated channels (feeds, JSON-LD) may carry this image.

        Never without a licence; not under a non-commercial licence when the
        clinic's channels are commercial (``COMMERCIAL_CHANNELS``).
        """
        if self.license is None:
            return False
        return self.license.commercial_use_allowed or not channels_are_commercial()

    @property
    def may_crop(self):
        """False under a no-derivatives (ND) licence: only resize, never crop."""
        return self.license is None or self.license.derivatives_allowed

    def publication_problems(self):
        """What is missing before this image may appear on a published page."""
        problems = []
        if not self.license_id:
            problems.append("a licence")
        if not (self.source_name and web_url(self.source_url)):
            problems.append("a source name and source URL")
        return problems

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.may_crop:
            # Crops made before the image got its no-derivatives licence are withdrawn.
            self.renditions.filter(cropping_specs_q()).delete()

    # Renditions. Every way Wagtail makes or finds a rendition (template tags, the
    # serve view, API v2 and v1, exports) passes through these methods, so an ND image
    # gets the size-preserving filter wherever the request comes from.

    def rendering_filter(self, filter):
        """The filter this image is rendered with when ``filter`` is asked for:
        the same one, or for an ND image the uncropped one (``max-`` for ``fill-``).
        """
        if isinstance(filter, str):
            filter = Filter(spec=filter)
        if not isinstance(filter, Filter):
            return filter  # Wagtail refuses it with its own message
        spec = uncropped_spec(filter.spec)
        # The licence is only read for a cropping spec: listings stay query-free.
        if spec == filter.spec or self.may_crop:
            return filter
        return type(filter)(spec=spec)

    def get_rendition(self, filter):
        return super().get_rendition(self.rendering_filter(filter))

    def get_renditions(self, *filters):
        requested = [
            self.clean_filter_for_svg(Filter(spec=f) if isinstance(f, str) else f)
            for f in filters
        ]
        rendered = [self.rendering_filter(f) for f in requested]
        if rendered == requested:
            return super().get_renditions(*filters)
        found = super().get_renditions(*rendered)
        # Keyed by the spec asked for, as callers look them up by it.
        return {
            asked.spec: found[made.spec]
            for asked, made in zip(requested, rendered, strict=True)
        }

    def find_existing_renditions(self, *filters):
        rendered = {f: self.rendering_filter(f) for f in filters}
        found = super().find_existing_renditions(*dict.fromkeys(rendered.values()))
        return {f: found[made] for f, made in rendered.items() if made in found}

    def create_rendition(self, filter):
        return super().create_rendition(self.rendering_filter(filter))

    def create_renditions(self, *filters):
        rendered = {f: self.rendering_filter(f) for f in filters}
        made = super().create_renditions(*dict.fromkeys(rendered.values()))
        return {f: made[r] for f, r in rendered.items() if r in made}

    def generate_rendition_instance(self, filter, source):
        return super().generate_rendition_instance(
            self.rendering_filter(filter), source
        )

    def generate_rendition_file(self, filter, *, source=None):
        return super().generate_rendition_file(
            self.rendering_filter(filter), source=source
        )


class CreditedRendition(AbstractRendition):
    image = models.ForeignKey(
        CreditedImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def validate_image_for_page(image, field_name):
    """Raise ValidationError on ``field_name`` if ``image`` lacks a licence or source."""
    if image is None:
        return
    problems = image.publication_problems()
    if problems:
        # Safe HTML, so the page editor shows a link to the image's edit view.
        message = format_html(
            "The image '{}' cannot be used on a page until it has {}. "
            '<a href="{}" target="_blank" rel="noopener">Edit the image</a> '
            "(opens in a new tab) to add them, then save this page again.",
            image.title,
            " and ".join(problems),
            reverse("wagtailimages:edit", args=[image.pk]),
        )
        raise ValidationError({field_name: message})
