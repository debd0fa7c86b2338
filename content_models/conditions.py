"""Conditions (e.g. Sciatica): ordered symptom list, red flags, causes, codes, treatments.

    sciatica = ConditionPage(title="Sciatica", summary="Pain that runs down the leg.")
    condition_index.add_child(instance=sciatica)
    sciatica.symptom_links.all()  # in the order patients usually notice them

What every patient information page shares (summary, hero image, references, review
dates and their checks) comes from ``PatientInformationPage`` in ``patient_pages``.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import CauseBlock, RedFlagBlock
from .codes import CodeSystem, validate_clinical_code
from .folders import FolderPage
from .patient_pages import (
    META_DESCRIPTION_MAX,
    RICH_TEXT_FEATURES,
    SUMMARY_MAX,
    PatientInformationPage,
    patient_page_tabs,
)
from .reference_pages import ReferenceItem


class ConditionIndexPage(FolderPage):
    """The folder that holds every condition."""

    subpage_types = ["content_models.ConditionPage"]


class ConditionPage(ReferenceItem, PatientInformationPage):
    """A condition as patients meet it, with the clinical detail a reviewer checks."""

    medical_term = models.CharField(
        max_length=200,
        blank=True,
        help_text="The clinical name, e.g. 'Lumbar radiculopathy'.",
    )
    # A condition's summary also stands in lists and leaflets; its help says so.
    summary = models.TextField(
        help_text=f"Two or three plain sentences for lists and leaflets "
        f"(at most {SUMMARY_MAX} characters).",
    )
    overview = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What the condition is, in plain language.",
    )
    causes = StreamField([("cause", CauseBlock())], blank=True)
    red_flags = StreamField(
        [("red_flag", RedFlagBlock())],
        blank=True,
        help_text="Each finishes the sentence 'Get urgent help if…', "
        "e.g. 'you lose control of your bladder or bowels'.",
    )

    content_panels = PatientInformationPage.content_panels + [
        FieldPanel("overview"),
        FieldPanel("hero_image"),
        InlinePanel(
            "symptom_links",
            heading="Symptom list",
            label="Symptom",
            help_text="In the order patients usually notice them.",
        ),
        FieldPanel("causes"),
    ]
    clinical_panels = [
        FieldPanel("medical_term"),
        FieldPanel("also_called"),
        InlinePanel("clinical_codes", heading="Clinical codes", label="Code"),
        FieldPanel("red_flags"),
        InlinePanel(
            "treatment_links", heading="Treatments", label="Treatment modality"
        ),
        FieldPanel("references"),
    ]
    promote_panels = [
        HelpPanel(
            content="The meta description is what partner sites and search engines "
            f"show in results (at most {META_DESCRIPTION_MAX} characters)."
        ),
        *Page.promote_panels,
    ]
    edit_handler = patient_page_tabs(content_panels, clinical_panels, promote_panels)

    search_fields = PatientInformationPage.search_fields + [
        index.SearchField("medical_term", boost=2),
        index.AutocompleteField("medical_term"),
        index.SearchField("overview"),
        index.SearchField("causes"),
        index.SearchField("red_flags"),
        # Codes as typed ("M54.3"); api.filters also matches them exactly, first.
        # Symptoms are matched at search time there, so that drafts stay unfound.
        index.RelatedFields(
            "clinical_codes", [index.SearchField("code"), index.SearchField("display")]
        ),
    ]
    api_fields = [
        APIField("medical_term"),
        APIField("also_called"),
        APIField("summary"),
        APIField("overview"),
        APIField("causes"),
        APIField("red_flags"),
        APIField("hero_image"),
        APIField("references"),
        APIField("clinical_codes"),
        APIField("last_reviewed"),
        APIField("next_review_due"),
        APIField("reviewed_by_name"),
    ]

    class Meta:
        verbose_name = "condition"

    def patient_text(self):
        return [
            self.summary,
            self.overview,
            *(link.note for link in self.symptom_links.all()),
            *(block.value["description"] for block in self.causes),
            *(f"Get urgent help if {block.value}" for block in self.red_flags),
            *(link.how_used for link in self.treatment_links.all()),
        ]

    parent_page_types = ["content_models.ConditionIndexPage"]
    subpage_types = []


class ConditionSymptom(Orderable):
    """One line of a condition's symptom list: a shared symptom plus a local note."""

    condition = ParentalKey(
        ConditionPage, on_delete=models.CASCADE, related_name="symptom_links"
    )
    symptom = models.ForeignKey(
        "content_models.SymptomPage",
        on_delete=models.CASCADE,
        related_name="condition_links",
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="What is particular to this condition, e.g. 'worse when sitting'.",
    )

    panels = [FieldPanel("symptom"), FieldPanel("note")]


class ConditionTreatment(Orderable):
    """A treatment offered for a condition, with how it is used for it."""

    condition = ParentalKey(
        ConditionPage, on_delete=models.CASCADE, related_name="treatment_links"
    )
    treatment = models.ForeignKey(
        "content_models.TreatmentPage",
        on_delete=models.CASCADE,
        related_name="condition_links",
    )
    how_used = RichTextField(
        "how it is used for this condition",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What this treatment does for this condition in particular, e.g. "
        "which points are needled for sciatica. The treatment's own page keeps the "
        "general explanation.",
    )

    panels = [FieldPanel("treatment"), FieldPanel("how_used")]


class ConditionCode(Orderable):
    """A code for the condition in a clinical coding system (ICD-10, SNOMED CT…)."""

    condition = ParentalKey(
        ConditionPage, on_delete=models.CASCADE, related_name="clinical_codes"
    )
    system = models.CharField(max_length=20, choices=CodeSystem.CHOICES)
    code = models.CharField(
        max_length=20,
        db_index=True,
        help_text="ICD-10 like M54.3, ICD-10-CM like M54.16, SNOMED CT digits only.",
    )
    display = models.CharField(
        max_length=255, blank=True, help_text="The code's official description."
    )

    panels = [FieldPanel("system"), FieldPanel("code"), FieldPanel("display")]
    api_fields = [APIField("system"), APIField("code"), APIField("display")]

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        validate_clinical_code(self.system, self.code)

    def __str__(self):
        return f"{self.get_system_display()} {self.code}"
