"""Clinical sign-off: the Clinical review workflow, "Mark as reviewed", the profile."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Workflow

from content_models.clinical_review import (
    ReviewerProfile,
    ensure_clinical_review_workflow,
)
from content_models.conditions import ConditionPage
from content_models.governance import today
from content_models.groups import CLINICAL_REVIEWERS
from content_models.review import add_years
from tests.factories import make_case_study, make_condition


@pytest.fixture
def workflow(site_tree):
    _, indexes = site_tree
    return ensure_clinical_review_workflow(
        [indexes[name] for name in ("conditions", "treatments", "case-studies")]
    )


@pytest.fixture
def reviewer(workflow):
    user = User.objects.create_user("sato", password="pw", first_name="Aiko")
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    ReviewerProfile.objects.create(
        user=user, display_name="Dr Aiko Sato", credentials="Lic. Ac., MBAcC"
    )
    return user


@pytest.fixture
def editor(workflow):
    user = User.objects.create_user("ed", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def submit_for_review(page, editor):
    page.title = "Gout, reviewed"
    page.save_revision(user=editor)
    return Workflow.objects.get(name="Clinical review").start(page, editor)


def approve(client, page, user, action="approve"):
    task_state = page.current_workflow_task_state
    client.force_login(user)
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, task_state.pk],
        )
    )


def test_conditions_treatments_and_case_studies_get_the_clinical_review_workflow(
    workflow,
):
    page = make_condition(publish=False)
    case = make_case_study(publish=False)
    assert page.get_workflow() == workflow
    assert case.get_workflow() == workflow
    assert [task.specific.name for task in workflow.tasks] == ["Clinical review"]


def test_approval_records_the_reviewer_and_date_in_the_published_page(
    client, reviewer, editor
):
    page = make_condition(title="Gout", last_reviewed=datetime.date(2020, 1, 1))
    submit_for_review(page, editor)

    response = approve(client, page, reviewer)

    assert response.status_code in (200, 302)
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live and not page.has_unpublished_changes
    assert page.title == "Gout, reviewed"  # the editor's change went live
    assert page.last_reviewed == today()
    assert page.next_review_due == add_years(today(), 3)
    assert page.reviewed_by == "Dr Aiko Sato, Lic. Ac., MBAcC"
    assert page.live_revision.user == reviewer


def test_an_editor_outside_the_group_cannot_approve(client, editor):
    page = make_condition(title="Gout")
    submit_for_review(page, editor)

    approve(client, page, editor)

    page = ConditionPage.objects.get(pk=page.pk)
    assert page.title == "Gout" and page.has_unpublished_changes
    assert page.current_workflow_task_state is not None


def test_requesting_changes_records_no_review(client, reviewer, editor):
    page = make_condition(title="Gout", last_reviewed=datetime.date(2020, 1, 1))
    submit_for_review(page, editor)

    approve(client, page, reviewer, action="reject")

    assert ConditionPage.objects.get(pk=page.pk).last_reviewed == datetime.date(
        2020, 1, 1
    )


@override_settings(MERIDIAN_GOVERNANCE={"REVIEW_INTERVAL_YEARS": {"conditions": 1}})
def test_the_review_interval_is_configurable_per_page_type(client, reviewer, editor):
    page = make_condition(title="Gout")
    submit_for_review(page, editor)
    approve(client, page, reviewer)
    assert ConditionPage.objects.get(pk=page.pk).next_review_due == add_years(
        today(), 1
    )
    case = make_case_study(last_reviewed=datetime.date(2025, 1, 1))
    assert case.next_review_due == datetime.date(2028, 1, 1)  # default 3 years


def test_mark_as_reviewed_records_a_review_without_changing_the_content(
    client, reviewer
):
    page = make_condition(title="Gout", summary="Joint pain.")
    client.force_login(reviewer)
    url = reverse("meridian_mark_reviewed", args=[page.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert f'href="{url}"' in edit.content.decode()  # in the action menu

    assert "Dr Aiko Sato, Lic. Ac., MBAcC" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=page.pk)
    assert (page.summary, page.title) == ("Joint pain.", "Gout")
    assert page.last_reviewed == today()
    assert page.reviewed_by_name == "Dr Aiko Sato"
    assert page.live and not page.has_unpublished_changes


def test_mark_as_reviewed_refuses_a_page_with_unpublished_changes(client, reviewer):
    page = make_condition(title="Gout")
    page.title = "Gout (draft edit)"
    page.save_revision()
    client.force_login(reviewer)

    client.post(reverse("meridian_mark_reviewed", args=[page.pk]))

    page = ConditionPage.objects.get(pk=page.pk)
    assert page.last_reviewed is None and page.title == "Gout"


def test_mark_as_reviewed_is_for_clinical_reviewers_only(client, editor):
    page = make_condition(title="Gout")
    client.force_login(editor)
    url = reverse("meridian_mark_reviewed", args=[page.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert f'href="{url}"' not in edit.content.decode()
    response = client.post(url)
    # Wagtail answers a refused admin action with a redirect home and a message
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert ConditionPage.objects.get(pk=page.pk).last_reviewed is None


def test_reviewers_edit_how_their_sign_off_reads_in_their_account(client, reviewer):
    client.force_login(reviewer)
    account = client.get(reverse("wagtailadmin_account"))
    assert "Clinical sign-off" in account.content.decode()

    data = {
        "clinical_sign_off-display_name": "Dr A. Sato",
        "clinical_sign_off-credentials": "Lic. Ac.",
        "name_email-first_name": "Aiko",
        "name_email-last_name": "Sato",
        "name_email-email": "sato@clinic.example",
        "locale-preferred_language": "",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302

    profile = ReviewerProfile.objects.get(user=reviewer)
    assert (profile.display_name, profile.credentials) == ("Dr A. Sato", "Lic. Ac.")


def test_editors_have_no_clinical_sign_off_panel(client, editor):
    client.force_login(editor)
    account = client.get(reverse("wagtailadmin_account"))
    assert "Clinical sign-off" not in account.content.decode()


def test_the_recorded_review_stays_editable_on_the_review_tab(client, reviewer):
    page = make_condition(title="Gout")
    client.force_login(reviewer)
    client.post(reverse("meridian_mark_reviewed", args=[page.pk]))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = edit.content.decode()
    assert 'name="reviewed_by_name"' in html and "Dr Aiko Sato" in html
