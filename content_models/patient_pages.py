"""What every patient information page holds, whether a condition or a treatment.

    class ConditionPage(PatientInformationPage):
        medical_term = models.CharField(max_length=200, blank=True)

        content_panels = PatientInformationPage.content_panels + [
            FieldPanel("hero_image"),
        ]
        clinical_panels = [FieldPanel("medical_term"), FieldPanel("also_called")]
        edit_handler = patient_page_tabs(content_panels, clinical_panels)

        search_fields = PatientInformationPage.search_fields + [
            index.SearchField("medical_term", boost=2),
        ]

        def patient_text(self):
            return [self.summary]

The base declares the summary, the hero image and the references, and brings the
other names patients search for (``AlsoCalled``), the clinical review dates
(``ReviewedContent``), the stored reading age (``ReadableContent``) and the export
previews. Its ``clean()`` checks the summary and meta description lengths, the review
dates and that the hero image may be published, and reports every problem at once.
A page type adds its own fields, panels, API fields and ``patient_text()``.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ReferenceBlock
from .export_preview import ExportPreviewMixin
from .images import validate_image_for_page
from .panels import ReadabilityPanel
from .readability import ReadableContent
from .review import ReviewedContent, raise_all, validate_length
from .synonyms import AlsoCalled

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
SUMMARY_MAX = 300
META_DESCRIPTION_MAX = 200


def patient_page_tabs(
    content_panels, clinical_panels, promote_panels=Page.promote_panels
):
    """The editor's tabs, the same on every patient information page."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(clinical_panels, heading="Clinical"),
            ObjectList(ReviewedContent.review_panels, heading="Review"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )


class PatientInformationPage(
    ExportPreviewMixin, AlsoCalled, ReviewedContent, ReadableContent, Page
):
    """A page patients read and a clinician reviews: a condition or a treatment.

    Subclasses list the text patients read in ``patient_text()``; the reading age
    stored on each save is computed from it.
    """

    summary = models.TextField(
        help_text=f"Two or three plain sentences (at most {SUMMARY_MAX} characters)."
    )
    hero_image = models.ForeignKey(
        "content_models.CreditedImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown with its credit line; it needs a licence and a source.",
    )
    references = StreamField([("reference", ReferenceBlock())], blank=True)

    # Each page type places the hero image among its own fields after these.
    content_panels = Page.content_panels + [
        ReadabilityPanel(heading="Reading age"),
        FieldPanel("summary"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("also_called", boost=2),
        index.AutocompleteField("also_called"),
        index.SearchField("summary"),
        index.FilterField("next_review_due"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        raise_all(
            super().clean,
            lambda: validate_length(self, "summary", SUMMARY_MAX, "The summary"),
            lambda: validate_length(
                self, "search_description", META_DESCRIPTION_MAX, "The meta description"
            ),
            self.clean_review_dates,
            lambda: validate_image_for_page(self.hero_image, "hero_image"),
        )
        self.update_readability()
