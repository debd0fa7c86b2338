"""Consent withdrawal: an action that takes a case study out of every channel at once.

    >>> withdraw_consent(case_study, user, withdrawn_on=date(2026, 11, 30),
    ...                  note="Patient phoned reception")

The withdrawal is kept as a :class:`ConsentWithdrawal` row (an audit record that later
edits of the page cannot change and that no public channel shows), the page's
``consent_withdrawn_on`` is set (it is not part of the page's revisions, so publishing
an older draft cannot bring the consent back), the page is unpublished, scheduled
publishing and any workflow in progress are cancelled, and the change is announced
like any unpublish, so caches, stored leaflets and partners follow. Publishing again
needs new consent, given after the withdrawal.
"""

from django.conf import settings
from django.db import models, transaction
from wagtail.log_actions import log
from wagtail.models import Revision

from .governance import today

WITHDRAWN_ACTION = "meridian.consent_withdrawn"


class ConsentWithdrawal(models.Model):
    """A patient's withdrawal of consent, as staff recorded it. Never public."""

    case_study = models.ForeignKey(
        "content_models.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="consent_withdrawals",
    )
    withdrawn_on = models.DateField(help_text="The day the patient withdrew consent.")
    note = models.TextField(
        blank=True, help_text="How it was withdrawn, e.g. 'phoned reception'."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-withdrawn_on", "-recorded_at"]
        verbose_name = "consent withdrawal"

    def __str__(self):
        return f"Consent withdrawn on {self.withdrawn_on:%d %B %Y}"


@transaction.atomic
def withdraw_consent(case_study, user, withdrawn_on=None, note=""):
    """Record the withdrawal and take the case study out of every channel now."""
    page = type(case_study).objects.select_for_update().get(pk=case_study.pk)
    withdrawal = ConsentWithdrawal.objects.create(
        case_study=page,
        withdrawn_on=withdrawn_on or today(),
        note=note,
        recorded_by=user,
    )
    type(page).objects.filter(pk=page.pk).update(
        consent_withdrawn_on=withdrawal.withdrawn_on
    )
    page.consent_withdrawn_on = withdrawal.withdrawn_on
    # A scheduled publish or a workflow's approval would otherwise put it back.
    Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    ).update(approved_go_live_at=None)
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=user)
    if page.live:
        page.unpublish(user=user)
    log(
        instance=page,
        action=WITHDRAWN_ACTION,
        user=user,
        data={"withdrawn_on": withdrawal.withdrawn_on.isoformat()},
    )
    return withdrawal
