"""Clinical review metadata shared by conditions, treatments and case studies."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel

from .governance import review_interval_years, today
from .resources import resource_name


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


class ReviewedContent(models.Model):
    """Who last checked the clinical content, when, and when it must be checked again."""

    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="The date a clinician last checked this page against its references.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank for the clinic's review interval (usually 3 years) "
        "after the last review.",
    )
    reviewed_by_name = models.CharField(
        "reviewed by", max_length=200, blank=True, help_text="e.g. 'Dr A. Sato'."
    )
    reviewed_by_credentials = models.CharField(
        "credentials",
        max_length=200,
        blank=True,
        help_text="e.g. 'Lic. Ac., MBAcC'.",
    )

    review_panels = [
        HelpPanel(
            content="Printed leaflets show these dates. A clinical reviewer fills "
            "them in by approving the page in the Clinical review workflow, or with "
            "<b>Mark as reviewed, no changes</b>; correct them here if needed."
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("last_reviewed"), FieldPanel("next_review_due")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("reviewed_by_name"),
                        FieldPanel("reviewed_by_credentials"),
                    ]
                ),
            ],
            heading="Clinical review",
        ),
    ]

    class Meta:
        abstract = True

    @property
    def reviewed_by(self):
        if self.reviewed_by_credentials:
            return f"{self.reviewed_by_name}, {self.reviewed_by_credentials}"
        return self.reviewed_by_name

    @property
    def review_overdue(self):
        """True once the next review date has passed (False if none is set)."""
        return bool(self.next_review_due and self.next_review_due < today())

    def clean_review_dates(self):
        if self.last_reviewed and not self.next_review_due:
            years = review_interval_years(resource_name(self))
            self.next_review_due = add_years(self.last_reviewed, years)
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError(
                {"next_review_due": "The next review must come after the last review."}
            )
        if self.last_reviewed and self.last_reviewed > today():
            raise ValidationError(
                {"last_reviewed": "The last review cannot be in the future."}
            )


def validate_length(page, field, limit, label):
    value = getattr(page, field) or ""
    if len(value) > limit:
        raise ValidationError(
            {field: f"{label} is {len(value)} characters; keep it to {limit} or fewer."}
        )


def raise_all(*checks):
    """Run every check and raise one ValidationError holding all their errors.

    Editors then see every problem after one save, each beside its field, instead
    of one round of errors per save.
    """
    errors = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
