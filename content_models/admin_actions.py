"""Governance actions in the page editor, and the reviewer's sign-off in their account.

- **Record consent withdrawal** (case studies): a short form (date, note) that calls
  ``content_models.consent.withdraw_consent``.
- **Mark as reviewed, no changes** (live conditions, treatments, case studies, for
  clinical reviewers): records a review of the live content and republishes it.
- **Clinical sign-off** (Account → Profile, for clinical reviewers): the name and
  credentials that approvals print.

Registered from ``content_models.wagtail_hooks``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .case_studies import CaseStudyPage
from .clinical_review import ReviewerProfile, record_review
from .consent import WITHDRAWN_ACTION, withdraw_consent
from .governance import today
from .groups import CLINICAL_REVIEWERS
from .review import ReviewedContent


def is_clinical_reviewer(user):
    return user.is_superuser or user.groups.filter(name=CLINICAL_REVIEWERS).exists()


# ------------------------------------------------------------ consent withdrawal


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(
        label="Consent withdrawn on",
        initial=today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the patient told us.",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the patient withdrew consent, e.g. 'phoned reception'. Staff "
        "only: never shown publicly.",
    )

    def clean_withdrawn_on(self):
        day = self.cleaned_data["withdrawn_on"]
        if day > today():
            raise forms.ValidationError("The withdrawal date cannot be in the future.")
        return day


class PageActionView(WagtailAdminTemplateMixin, FormView):
    """A form about one page, from its editor's action menu."""

    template_name = "content_models/admin/page_action.html"
    header_icon = "doc-full-inverse"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def allowed(self, user):
        return self.page.permissions_for_user(user).can_edit()

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


class RecordConsentWithdrawalView(PageActionView):
    page_title = "Record consent withdrawal"
    form_class = ConsentWithdrawalForm
    submit_label = "Record withdrawal and unpublish"
    explanation = (
        "The case study is unpublished at once and disappears from the API, feeds, "
        "leaflets and partner sites. The withdrawal is kept in the page's record. "
        "Publishing again needs new consent, given after this date."
    )

    def allowed(self, user):
        return isinstance(self.page, CaseStudyPage) and super().allowed(user)

    def form_valid(self, form):
        withdraw_consent(
            self.page,
            self.request.user,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            self.request,
            f"Consent withdrawal recorded: '{self.page.title}' is unpublished "
            "everywhere.",
        )
        return redirect(self.edit_url())


class MarkReviewedView(PageActionView):
    page_title = "Mark as reviewed, no changes"
    form_class = forms.Form
    submit_label = "Mark as reviewed"

    @property
    def explanation(self):
        profile = ReviewerProfile.for_user(self.request.user)
        signed = profile.name + (
            f", {profile.credentials}" if profile.credentials else ""
        )
        return (
            f"You confirm the live page is clinically correct as it stands. It is "
            f"republished with today's date as the last review and {signed} as the "
            "reviewer. Change how your name reads under Account → Profile."
        )

    def allowed(self, user):
        return (
            isinstance(self.page, ReviewedContent)
            and is_clinical_reviewer(user)
            and super().allowed(user)
        )

    def form_valid(self, form):
        if not self.page.live or self.page.has_unpublished_changes:
            messages.error(
                self.request,
                "Only a live page without unpublished changes can be marked as "
                "reviewed; submit the changes to Clinical review instead.",
            )
            return redirect(self.edit_url())
        record_review(self.page, self.request.user, publish=True)
        messages.success(self.request, f"Review recorded for '{self.page.title}'.")
        return redirect(self.edit_url())


@hooks.register("register_admin_urls")
def governance_urls():
    return [
        path(
            "case-studies/<int:page_id>/withdraw-consent/",
            RecordConsentWithdrawalView.as_view(),
            name="meridian_withdraw_consent",
        ),
        path(
            "pages/<int:page_id>/mark-reviewed/",
            MarkReviewedView.as_view(),
            name="meridian_mark_reviewed",
        ),
    ]


class PageLinkMenuItem(ActionMenuItem):
    """An entry of the editor's action menu that opens one of the views above."""

    url_name = ""

    def get_url(self, parent_context):
        return reverse(self.url_name, args=[parent_context["page"].pk])


class ConsentWithdrawalMenuItem(PageLinkMenuItem):
    label = "Record consent withdrawal"
    name = "action-withdraw-consent"
    icon_name = "cross"
    url_name = "meridian_withdraw_consent"

    def is_shown(self, context):
        page = context.get("page")
        return context["view"] == "edit" and isinstance(page, CaseStudyPage)


class MarkReviewedMenuItem(PageLinkMenuItem):
    label = "Mark as reviewed, no changes"
    name = "action-mark-reviewed"
    icon_name = "tick"
    url_name = "meridian_mark_reviewed"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, ReviewedContent)
            and page.live
            and not page.has_unpublished_changes
            and is_clinical_reviewer(context["request"].user)
        )


@hooks.register("construct_page_action_menu")
def add_governance_actions(menu_items, request, context):
    for item in (ConsentWithdrawalMenuItem(order=950), MarkReviewedMenuItem(order=60)):
        if item.is_shown({**context, "request": request}):
            menu_items.append(item)


@hooks.register("register_log_actions")
def register_governance_log_actions(actions):
    actions.register_action(
        WITHDRAWN_ACTION, "Record consent withdrawal", "Consent withdrawn"
    )


# ------------------------------------------------------------ reviewer's sign-off


class ReviewerProfileForm(forms.ModelForm):
    class Meta:
        model = ReviewerProfile
        fields = ["display_name", "credentials"]


class ReviewerProfilePanel(BaseSettingsPanel):
    name = "clinical_sign_off"
    title = "Clinical sign-off"
    order = 150
    form_class = ReviewerProfileForm
    help_text = "How your name reads on pages and leaflets you approve as reviewer."

    def is_active(self):
        return is_clinical_reviewer(self.user)

    def get_form(self):
        kwargs = {"instance": ReviewerProfile.for_user(self.user), "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def reviewer_profile_panel(request, user, profile):
    return ReviewerProfilePanel(request, user, profile)
