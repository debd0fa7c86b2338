"""The subscription form: resources and event kinds as checkboxes (none = all)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import KIND_CHOICES, RESOURCE_CHOICES


class SubscriptionForm(WagtailAdminModelForm):
    resources = forms.MultipleChoiceField(
        choices=RESOURCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to receive every resource.",
    )
    kinds = forms.MultipleChoiceField(
        label="Events",
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="upsert: published or changed; delete: no longer public (with the "
        "reason). Leave both unticked to receive both.",
    )
