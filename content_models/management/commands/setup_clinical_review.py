"""Create the Clinical reviewers group and the Clinical review workflow on a live site.

    python manage.py setup_clinical_review

Idempotent: sets the workflow on the Conditions, Treatments and Case studies folders
(a folder that already has a workflow keeps it). ``load_demo`` does the same.
"""

from django.core.management.base import BaseCommand, CommandError

from content_models.case_studies import CaseStudyIndexPage
from content_models.clinical_review import ensure_clinical_review_workflow
from content_models.conditions import ConditionIndexPage
from content_models.treatments import TreatmentIndexPage


class Command(BaseCommand):
    help = "Create the Clinical reviewers group and the Clinical review workflow."

    def handle(self, *args, **options):
        folders = [
            page
            for model in (ConditionIndexPage, TreatmentIndexPage, CaseStudyIndexPage)
            for page in model.objects.all()
        ]
        if not folders:
            raise CommandError(
                "no Conditions, Treatments or Case studies folder exists yet; "
                "create them in the admin (or run load_demo) first"
            )
        workflow = ensure_clinical_review_workflow(folders)
        self.stdout.write(
            f"'{workflow.name}' workflow set on: "
            + ", ".join(page.title for page in folders)
        )
