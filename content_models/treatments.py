"""Treatment modalities, with the traditional view and the biomedical mechanism apart.

    acupuncture = TreatmentPage(
        title="Traditional Japanese Acupuncture",
        summary="Fine needles at chosen points.",
        tradition="Traditional Japanese Medicine",
    )
    treatment_index.add_child(instance=acupuncture)

What every patient information page shares (summary, hero image, references, review
dates and their checks) comes from ``PatientInformationPage`` in ``patient_pages``.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from .folders import FolderPage
from .patient_pages import (
    RICH_TEXT_FEATURES,
    PatientInformationPage,
    patient_page_tabs,
)
from .reference_pages import ReferenceItem


class TreatmentIndexPage(FolderPage):
    """The folder that holds every treatment modality."""

    subpage_types = ["content_models.TreatmentPage"]


class TreatmentPage(ReferenceItem, PatientInformationPage):
    """A treatment such as Traditional Japanese Acupuncture."""

    tradition = models.CharField(
        "tradition / medicine system",
        max_length=200,
        blank=True,
        help_text="e.g. 'Traditional Japanese Medicine'.",
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

    content_panels = PatientInformationPage.content_panels + [
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
    edit_handler = patient_page_tabs(content_panels, clinical_panels)

    search_fields = PatientInformationPage.search_fields + [
        index.SearchField("tradition"),
        index.SearchField("traditional_view"),
        index.SearchField("biomedical_mechanism"),
        index.SearchField("what_to_expect"),
        index.SearchField("safety"),
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

    class Meta:
        verbose_name = "treatment modality"
        verbose_name_plural = "treatment modalities"

    def patient_text(self):
        return [
            self.summary,
            self.traditional_view,
            self.biomedical_mechanism,
            self.what_to_expect,
            self.safety,
        ]

    parent_page_types = ["content_models.TreatmentIndexPage"]
    subpage_types = []
