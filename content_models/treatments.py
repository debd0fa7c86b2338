"""Treatment modalities, with the traditional view and the biomedical mechanism apart."""

from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ReferenceBlock
from .conditions import RICH_TEXT_FEATURES, SUMMARY_MAX, patient_page_checks
from .export_preview import ExportPreviewMixin
from .folders import FolderPage
from .panels import ReadabilityPanel
from .readability import ReadableContent
from .review import ReviewedContent, raise_all
from .synonyms import AlsoCalled


class TreatmentIndexPage(FolderPage):
    """The folder that holds every treatment modality."""

    subpage_types = ["content_models.TreatmentPage"]


class TreatmentPage(
    ExportPreviewMixin, AlsoCalled, ReviewedContent, ReadableContent, Page
):
    """A treatment such as Traditional Japanese Acupuncture."""

    tradition = models.CharField(
        "tradition / medicine system",
        max_length=200,
        blank=True,
        help_text="e.g. 'Traditional Japanese Medicine'.",
    )
    summary = models.TextField(
        help_text=f"Two or three plain sentences (at most {SUMMARY_MAX} characters)."
    )
    traditional_view = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="How the tradition itself explains the treatment "
        "(e.g. Qi and blood stagnation). Printed under its own label.",
    )
    biomedical_mechanism = RichTextField(
        "biomedical explanation",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What research suggests happens in the body. Keep traditional "
        "concepts out of this field; they belong in the traditional view.",
    )
    what_to_expect = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="A session from the patient's side: length, feel, aftercare.",
    )
    safety = RichTextField(
        "safety and contraindications",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Side effects, and who should not have this treatment.",
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

    content_panels = Page.content_panels + [
        ReadabilityPanel(heading="Reading age"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("what_to_expect"),
    ]
    clinical_panels = [
        FieldPanel("tradition"),
        FieldPanel("also_called"),
        HelpPanel(
            content="Patients are told which explanation is which. Write the "
            "traditional view and the biomedical explanation separately."
        ),
        MultiFieldPanel(
            [FieldPanel("traditional_view"), FieldPanel("biomedical_mechanism")],
            heading="How it may help",
        ),
        FieldPanel("safety"),
        FieldPanel("references"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(clinical_panels, heading="Clinical"),
            ObjectList(ReviewedContent.review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("tradition"),
        index.SearchField("also_called", boost=2),
        index.AutocompleteField("also_called"),
        index.SearchField("summary"),
        index.SearchField("traditional_view"),
        index.SearchField("biomedical_mechanism"),
        index.FilterField("next_review_due"),
    ]
    api_fields = [
        APIField("tradition"),
        APIField("also_called"),
        APIField("summary"),
        APIField("traditional_view"),
        APIField("biomedical_mechanism"),
        APIField("what_to_expect"),
        APIField("safety"),
        APIField("hero_image"),
        APIField("references"),
        APIField("last_reviewed"),
        APIField("next_review_due"),
    ]

    parent_page_types = ["content_models.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment modality"
        verbose_name_plural = "treatment modalities"

    def clean(self):
        raise_all(super().clean, *patient_page_checks(self))
        self.update_readability()

    def patient_text(self):
        return [
            self.summary,
            self.traditional_view,
            self.biomedical_mechanism,
            self.what_to_expect,
            self.safety,
        ]
