"""Anonymised case studies, published only with the patient's recorded consent."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from exporters.preview import ExportPreviewMixin

from .conditions import RICH_TEXT_FEATURES, SUMMARY_MAX
from .folders import FolderPage
from .review import ReviewedContent, validate_length

DEFAULT_DISCLAIMER = (
    "This is one person's experience, shared with their consent and anonymised. "
    "Results vary from person to person; it is not a promise of any outcome. "
    "Speak to your doctor or practitioner about your own situation."
)


class ConsentChannel:
    WEB = "web"
    PRINT = "print"
    SYNDICATION = "syndication"
    ALL = (WEB, PRINT, SYNDICATION)


class CaseStudyForm(WagtailAdminPageForm):
    """Refuses to publish a case study that lacks web consent or a disclaimer."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" not in self.data:
            return cleaned
        if not cleaned.get("consent_web") or cleaned.get("consent_withdrawn_on"):
            self.add_error(
                "consent_web",
                "This case study cannot be published: the patient's consent to "
                "publish on the web is not recorded (or has been withdrawn).",
            )
        if not cleaned.get("consent_recorded_on"):
            self.add_error(
                "consent_recorded_on", "Record the date consent was given to publish."
            )
        if not (cleaned.get("disclaimer") or "").strip():
            self.add_error("disclaimer", "A published case study needs a disclaimer.")
        return cleaned


class CaseStudyIndexPage(FolderPage):
    """The folder that holds every case study."""

    resource = "case-studies"
    subpage_types = ["content_models.CaseStudyPage"]


class CaseStudyPage(ExportPreviewMixin, ReviewedContent, Page):
    """One patient's course of treatment, anonymised ('Mr. K.')."""

    export_resource = "case-studies"  # leaflet and other exports as preview modes

    AGE_BANDS = [
        ("0-17", "Under 18"),
        ("18-29", "18–29"),
        ("30-39", "30–39"),
        ("40-49", "40–49"),
        ("50-59", "50–59"),
        ("60-69", "60–69"),
        ("70+", "70 or over"),
    ]
    SEXES = [("female", "Female"), ("male", "Male"), ("", "Not stated")]

    patient_label = models.CharField(
        max_length=50,
        help_text="An anonymous label such as 'Mr. K.' — never a full name.",
    )
    age_band = models.CharField(max_length=10, choices=AGE_BANDS, blank=True)
    sex = models.CharField(max_length=10, choices=SEXES, blank=True)
    condition = models.ForeignKey(
        "content_models.ConditionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    summary = models.TextField(
        help_text=f"What happened, in two sentences (at most {SUMMARY_MAX} characters)."
    )
    presenting_complaint = models.TextField(
        help_text="What the patient came with, in their terms."
    )
    duration = models.CharField(
        max_length=100, blank=True, help_text="e.g. 'more than six months'."
    )
    onset = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'sudden, with no obvious cause'."
    )
    findings = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    treatments_given = ParentalManyToManyField(
        "content_models.TreatmentPage", blank=True, related_name="case_studies"
    )
    number_of_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    adverse_events = models.TextField(
        blank=True, help_text="Any unwanted effects, or 'None reported'."
    )
    consent_recorded_on = models.DateField("consent given on", null=True, blank=True)
    consent_web = models.BooleanField("consent to publish on the web", default=False)
    consent_print = models.BooleanField("consent to print in leaflets", default=False)
    consent_syndication = models.BooleanField(
        "consent to share with partner sites and feeds", default=False
    )
    consent_withdrawn_on = models.DateField(
        "consent withdrawn on",
        null=True,
        blank=True,
        help_text="Set this the day consent is withdrawn: the case study stops "
        "appearing everywhere at once.",
    )
    disclaimer = models.TextField(
        default=DEFAULT_DISCLAIMER,
        help_text="Shown wherever this case study appears.",
    )

    base_form_class = CaseStudyForm

    content_panels = Page.content_panels + [
        FieldPanel("patient_label"),
        FieldRowPanel([FieldPanel("age_band"), FieldPanel("sex")]),
        FieldPanel("summary"),
        FieldPanel("condition"),
        FieldPanel("disclaimer"),
    ]
    clinical_panels = [
        FieldPanel("presenting_complaint"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("onset")]),
        FieldPanel("findings"),
        FieldPanel("treatments_given"),
        FieldPanel("number_of_sessions"),
        InlinePanel("outcomes", heading="Outcomes", label="Outcome"),
        FieldPanel("adverse_events"),
    ]
    consent_panels = [
        HelpPanel(
            content="A case study is shown only where the patient agreed: the web "
            "page, printed leaflets and partner feeds each need their own consent."
        ),
        MultiFieldPanel(
            [
                FieldPanel("consent_recorded_on"),
                FieldPanel("consent_web"),
                FieldPanel("consent_print"),
                FieldPanel("consent_syndication"),
                FieldPanel("consent_withdrawn_on"),
            ],
            heading="Consent record",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(clinical_panels, heading="Clinical"),
            ObjectList(consent_panels, heading="Consent"),
            ObjectList(ReviewedContent.review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ],
        base_form_class=CaseStudyForm,
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("presenting_complaint"),
        index.FilterField("consent_web"),
    ]
    api_fields = [
        APIField("patient_label"),
        APIField("age_band"),
        APIField("sex"),
        APIField("summary"),
        APIField("presenting_complaint"),
        APIField("duration"),
        APIField("onset"),
        APIField("findings"),
        APIField("number_of_sessions"),
        APIField("outcomes"),
        APIField("disclaimer"),
    ]

    parent_page_types = ["content_models.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def serve(self, request, *args, **kwargs):
        # Wagtail serves live pages; a case study also needs the patient's consent.
        if ConsentChannel.WEB not in self.consent_scope:
            raise Http404("This case study is not available.")
        return super().serve(request, *args, **kwargs)

    @property
    def consent_scope(self):
        """The channels the patient agreed to, empty once consent is withdrawn."""
        if self.consent_withdrawn_on:
            return frozenset()
        flags = {
            ConsentChannel.WEB: self.consent_web,
            ConsentChannel.PRINT: self.consent_print,
            ConsentChannel.SYNDICATION: self.consent_syndication,
        }
        return frozenset(channel for channel, given in flags.items() if given)

    def clean(self):
        super().clean()
        validate_length(self, "summary", SUMMARY_MAX, "The summary")
        self.clean_review_dates()
        withdrawn, given = self.consent_withdrawn_on, self.consent_recorded_on
        if withdrawn and given and withdrawn < given:
            raise ValidationError(
                {"consent_withdrawn_on": "Withdrawal cannot precede consent."}
            )


class CaseStudyOutcome(Orderable):
    """A measured result after a given session, e.g. 'pain reduced by about 60%'."""

    case_study = ParentalKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="outcomes"
    )
    after_session = models.PositiveSmallIntegerField(
        help_text="The session after which this was measured."
    )
    measure = models.CharField(max_length=100, help_text="e.g. 'Pain (self-reported)'.")
    result = models.CharField(max_length=255, help_text="e.g. 'reduced by about 60%'.")

    panels = [FieldPanel("after_session"), FieldPanel("measure"), FieldPanel("result")]
    api_fields = [APIField("after_session"), APIField("measure"), APIField("result")]
