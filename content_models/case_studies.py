"""Anonymised case studies, published only with the patient's recorded consent."""

from django.core.exceptions import ValidationError
from django.db import models
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

from .conditions import RICH_TEXT_FEATURES, SUMMARY_MAX
from .export_preview import ExportPreviewMixin
from .folders import FolderPage
from .panels import ConsentStatusPanel, ReadabilityPanel
from .readability import ReadableContent
from .reference_pages import ReferenceItem
from .review import ReviewedContent, raise_all, validate_length
from .settings import DEFAULT_DISCLAIMER, ClinicSettings


class ConsentChannel:
    WEB = "web"
    PRINT = "print"
    SYNDICATION = "syndication"
    ALL = (WEB, PRINT, SYNDICATION)


class CaseStudyForm(WagtailAdminPageForm):
    """Refuses to publish a case study without current web consent or a disclaimer.

    A new case study starts with the clinic's default disclaimer (clinic settings).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.is_bound:
            clinic = ClinicSettings.for_default_site()
            if clinic.case_study_disclaimer:
                self.initial["disclaimer"] = clinic.case_study_disclaimer

    def clean(self):
        cleaned = super().clean()
        if "action-publish" not in self.data:
            return cleaned
        if not cleaned.get("consent_web"):
            self.add_error(
                "consent_web",
                "This case study cannot be published: the patient's consent to "
                "publish on the web is not recorded.",
            )
        given = cleaned.get("consent_recorded_on")
        withdrawn = self.instance.consent_withdrawn_on
        if not given:
            self.add_error(
                "consent_recorded_on", "Record the date consent was given to publish."
            )
        elif withdrawn and given <= withdrawn:
            self.add_error("consent_recorded_on", needs_new_consent(withdrawn))
        if not (cleaned.get("disclaimer") or "").strip():
            self.add_error("disclaimer", "A published case study needs a disclaimer.")
        return cleaned


def needs_new_consent(withdrawn):
    return (
        f"The patient withdrew consent on {withdrawn:%d %B %Y}. To publish again, "
        "record new consent: the date it was given must be after the withdrawal."
    )


class CaseStudyIndexPage(FolderPage):
    """The folder that holds every case study."""

    subpage_types = ["content_models.CaseStudyPage"]


class CaseStudyPage(
    ReferenceItem, ExportPreviewMixin, ReviewedContent, ReadableContent, Page
):
    """One patient's course of treatment, anonymised ('Mr. K.')."""

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
    # Set only by content_models.consent.withdraw_consent (the "Record consent
    # withdrawal" action); not part of revisions, see with_content_json.
    consent_withdrawn_on = models.DateField(
        "consent withdrawn on", null=True, blank=True, editable=False
    )
    disclaimer = models.TextField(
        default=DEFAULT_DISCLAIMER,
        help_text="Shown wherever this case study appears.",
    )

    base_form_class = CaseStudyForm

    content_panels = Page.content_panels + [
        ReadabilityPanel(heading="Reading age"),
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
            "page, printed leaflets and partner feeds each need their own consent. "
            "If the patient withdraws consent, use <b>Record consent withdrawal</b> "
            "in the page's action menu: it unpublishes the case study everywhere "
            "at once."
        ),
        ConsentStatusPanel(),
        MultiFieldPanel(
            [
                FieldPanel("consent_recorded_on"),
                FieldPanel("consent_web"),
                FieldPanel("consent_print"),
                FieldPanel("consent_syndication"),
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
        index.SearchField("findings"),
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

    def patient_text(self):
        return [
            self.summary,
            self.presenting_complaint,
            self.findings,
            *(f"{o.measure}: {o.result}" for o in self.outcomes.all()),
            self.adverse_events,
            self.disclaimer,
        ]

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

    def with_content_json(self, content):
        # Withdrawal is recorded on the page itself, never in a revision: publishing
        # an older draft must not bring consent back.
        page = super().with_content_json(content)
        page.consent_withdrawn_on = self.consent_withdrawn_on
        return page

    def clean(self):
        raise_all(
            super().clean,
            lambda: validate_length(self, "summary", SUMMARY_MAX, "The summary"),
            self.clean_review_dates,
            self.clean_consent,
        )
        self.update_readability()

    def clean_consent(self):
        withdrawn, given = self.consent_withdrawn_on, self.consent_recorded_on
        if withdrawn and given and given > withdrawn:
            self.consent_withdrawn_on = None  # new consent, given after withdrawal
        elif withdrawn and self.live:
            raise ValidationError({"consent_recorded_on": needs_new_consent(withdrawn)})


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
