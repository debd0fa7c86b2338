"""Clinic settings (per site): contact details, disclaimer and syndication terms."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .web_urls import WebURLField

DEFAULT_DISCLAIMER = (
    "This is one person's experience, shared with their consent and anonymised. "
    "Results vary from person to person; it is not a promise of any outcome. "
    "Speak to your doctor or practitioner about your own situation."
)


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    clinic_name = models.CharField(max_length=200, default="Meridian Clinic")
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    website = WebURLField(blank=True)
    logo = models.ForeignKey(
        "content_models.CreditedImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leaflet_disclaimer = models.TextField(
        blank=True,
        help_text="Printed at the foot of every leaflet.",
    )
    case_study_disclaimer = models.TextField(
        "default case study disclaimer",
        default=DEFAULT_DISCLAIMER,
        help_text="New case studies start with this disclaimer; editors may adapt it.",
    )
    feed_title = models.CharField(
        max_length=200, blank=True, help_text="Title of syndicated feeds."
    )
    text_license = models.ForeignKey(
        "content_models.License",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="text licence",
        help_text="The licence partner sites may republish our text under.",
    )
    syndication_terms = models.TextField(
        blank=True,
        help_text="What partner sites must do when they republish, e.g. show the "
        "attribution and link back.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("clinic_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("logo"),
            ],
            heading="Clinic",
        ),
        FieldPanel("leaflet_disclaimer"),
        FieldPanel("case_study_disclaimer"),
        MultiFieldPanel(
            [
                FieldPanel("feed_title"),
                FieldPanel("text_license"),
                FieldPanel("syndication_terms"),
            ],
            heading="Syndication",
        ),
    ]

    class Meta:
        verbose_name = "clinic settings"

    @classmethod
    def for_default_site(cls):
        """The default site's settings, unsaved defaults if none are stored.

        Read-only on purpose: ``for_site`` would create a row on a GET.
        """
        site = Site.objects.filter(is_default_site=True).first()
        found = cls.objects.filter(site=site).first() if site else None
        return found or cls(site=site)
