"""Clinical sign-off: who reviewed a page, recorded when a clinical reviewer approves.

    >>> record_review(page, reviewer)       # a new revision carrying the review
    >>> task = ClinicalReviewTask.objects.get(name="Clinical review")

A :class:`ClinicalReviewTask` is a Wagtail workflow task that members of its groups
("Clinical reviewers") approve. Approving writes the reviewer's name and credentials
(from their :class:`ReviewerProfile`), today's date and the next review date into the
revision that the workflow then publishes. "Mark as reviewed, no changes" does the same
for a live page without a workflow (``content_models.admin_actions``).
"""

from django.conf import settings
from django.db import models, transaction
from wagtail.models import AbstractGroupApprovalTask

from .governance import review_interval_years, today
from .groups import CLINICAL_REVIEWERS
from .resources import resource_name
from .review import ReviewedContent, add_years


class ReviewerProfile(models.Model):
    """How a clinician's sign-off reads on pages and leaflets: 'Dr A. Sato, Lic. Ac.'."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
    )
    display_name = models.CharField(
        "name as printed",
        max_length=200,
        blank=True,
        help_text="e.g. 'Dr A. Sato'. Leave blank to use your first and last name.",
    )
    credentials = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Lic. Ac., MBAcC'."
    )

    class Meta:
        verbose_name = "reviewer profile"

    def __str__(self):
        return self.name

    @property
    def name(self):
        return (
            self.display_name or self.user.get_full_name() or self.user.get_username()
        )

    @classmethod
    def for_user(cls, user):
        """The user's profile, unsaved if they have none yet."""
        try:
            return user.reviewer_profile
        except cls.DoesNotExist:
            return cls(user=user)


def apply_review(page, user, day=None):
    """Set ``page``'s review fields (in memory) for a review by ``user`` on ``day``."""
    profile = ReviewerProfile.for_user(user)
    day = day or today()
    page.last_reviewed = day
    page.next_review_due = add_years(day, review_interval_years(resource_name(page)))
    page.reviewed_by_name = profile.name
    page.reviewed_by_credentials = profile.credentials
    return page


@transaction.atomic
def record_review(page, user, *, publish=False):
    """A new revision of ``page``'s latest content, signed off by ``user``.

    Built on the latest revision, so edits made during review are kept. With
    ``publish`` the revision goes live at once ("Mark as reviewed, no changes").
    """
    latest = page.get_latest_revision_as_object()
    apply_review(latest, user)
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return revision


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by a clinical reviewer, which records the review on the page."""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            workflow_state = task_state.workflow_state
            page = workflow_state.content_object.specific
            if isinstance(page, ReviewedContent):
                # The workflow publishes the latest revision: make that the signed
                # one, and count earlier approvals (this one too) for it, as
                # Wagtail does when an approver edits during review.
                signed = record_review(page, user)
                workflow_state.content_object.latest_revision = signed
                workflow_state.copy_approved_task_states_to_revision(signed)
                task_state.revision = signed
                task_state.save(update_fields=["revision"])
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        return [
            (name, "Approve and sign off" if name == "approve" and not needs_form
             else label, needs_form)
            for name, label, needs_form in actions
        ]  # fmt: skip

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups check the clinical content; approving "
            "records them as the reviewer, with today's date and the next review date."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"


WORKFLOW_NAME = "Clinical review"


@transaction.atomic
def ensure_clinical_review_workflow(pages):
    """The "Clinical reviewers" group, its task and the workflow, set on ``pages``.

    Idempotent. Reviewers may open the admin, edit and publish pages under
    ``pages`` (approving publishes, in their name). A page that already has a
    workflow assigned keeps it.
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    group, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for page in pages:
        for action in ("change", "publish"):
            if not GroupPagePermission.objects.filter(
                group=group, page=page, permission__codename=f"{action}_page"
            ).exists():
                GroupPagePermission.objects.create(
                    group=group, page=page, permission_type=action
                )
    task = ClinicalReviewTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(name=WORKFLOW_NAME)
        task.groups.add(group)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in pages:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow
