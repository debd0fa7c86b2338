"""Images that always carry their credit: work title, creator, source and licence.

Set as ``WAGTAILIMAGES_IMAGE_MODEL`` so every image in the library has these fields.
``credits.credit_for(image)`` turns them into the credit line every channel shows.
"""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

from .governance import channels_are_commercial


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
    source_url = models.URLField(
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
        if not (self.source_name and self.source_url):
            problems.append("a source name and source URL")
        return problems


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
        raise ValidationError(
            {
                field_name: f"The image '{image.title}' cannot be used on a page "
                f"until it has {' and '.join(problems)}. Edit the image to add them."
            }
        )
