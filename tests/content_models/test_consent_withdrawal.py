"""Withdrawing consent: an admin action that takes a case study out of every channel."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from content_models.case_studies import CaseStudyPage
from content_models.consent import ConsentWithdrawal, withdraw_consent
from content_models.governance import today
from content_models.settings import ClinicSettings
from tests.factories import make_case_study, make_condition

ALL_CONSENT = ("web", "print", "syndication")


@pytest.fixture
def staff(client, site_tree):
    user = User.objects.create_superuser("staff", "staff@clinic.example", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def mr_k(site_tree):
    condition = make_condition(slug="sciatica", title="Sciatica")
    return make_case_study(
        slug="mr-k",
        title="Mr K",
        summary="Zebracorn recovery.",
        condition=condition,
        consent=ALL_CONSENT,
        consent_recorded_on=datetime.date(2026, 1, 5),
    )


def channels(client):
    """Where 'mr-k' shows up, reading every channel as a visitor would."""
    detail = client.get("/api/v1/case-studies/mr-k/")
    listing = client.get("/api/v1/case-studies/").json()["results"]
    condition = client.get("/api/v1/conditions/sciatica/").json()["case_studies"]
    feeds = {
        name: client.get(f"/api/v1/case-studies/export/{name}/").content.decode()
        for name in ("rss", "atom", "json-feed")
    }
    leaflet = client.get("/api/v1/case-studies/mr-k/export/leaflet-pdf/")
    return {
        "detail": detail.status_code == 200,
        "listing": any(item["slug"] == "mr-k" for item in listing),
        "condition": any(case["slug"] == "mr-k" for case in condition),
        **{name: "mr-k" in body for name, body in feeds.items()},
        "leaflet": leaflet.status_code == 200,
        "html": client.get("/case-studies/mr-k/").status_code == 200,
    }


def withdraw_in_admin(client, page, **data):
    return client.post(
        reverse("meridian_withdraw_consent", args=[page.pk]),
        {"withdrawn_on": today().isoformat(), "note": "Phoned reception", **data},
    )


def test_withdrawal_removes_the_case_study_from_every_channel_at_once(
    client, staff, mr_k
):
    before = channels(client)  # also fills every cache and the leaflet store
    assert set(before.values()) == {True}, before
    old_etag = client.get("/api/v1/conditions/sciatica/").headers["ETag"]

    response = withdraw_in_admin(client, mr_k)

    assert response.status_code == 302
    client.logout()
    assert set(channels(client).values()) == {False}
    # no stale copy answers a client revalidating the linking condition
    revalidated = client.get(
        "/api/v1/conditions/sciatica/", headers={"if-none-match": old_etag}
    )
    assert revalidated.status_code == 200
    assert revalidated.json()["case_studies"] == []


def test_the_withdrawal_is_kept_for_staff_and_never_shown_publicly(client, staff, mr_k):
    withdraw_in_admin(client, mr_k, note="Phoned reception on Monday")

    record = ConsentWithdrawal.objects.get(case_study=mr_k)
    assert (record.withdrawn_on, record.recorded_by) == (today(), staff)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[mr_k.pk]))
    assert "Phoned reception on Monday" in edit.content.decode()
    history = client.get(reverse("wagtailadmin_pages:history", args=[mr_k.pk]))
    assert "Consent withdrawn" in history.content.decode()

    client.logout()
    for url in ("/api/v1/case-studies/", "/api/v1/conditions/sciatica/"):
        assert "Phoned reception" not in client.get(url).content.decode()


def test_the_audit_record_survives_later_edits_and_deletion_of_drafts(
    client, staff, mr_k
):
    withdraw_in_admin(client, mr_k)
    page = CaseStudyPage.objects.get(pk=mr_k.pk)
    page.summary = "Edited after the withdrawal."
    page.save_revision(user=staff)
    assert ConsentWithdrawal.objects.filter(case_study=mr_k).count() == 1


def test_publishing_an_older_revision_cannot_bring_consent_back(staff, mr_k):
    older = CaseStudyPage.objects.get(pk=mr_k.pk).live_revision
    withdraw_consent(mr_k, staff)

    with pytest.raises(Exception, match="withdrew consent"):
        older.publish(user=staff)

    page = CaseStudyPage.objects.get(pk=mr_k.pk)
    assert not page.live and page.consent_withdrawn_on == today()


def publish_form(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "patient_label": page.patient_label,
        "summary": page.summary,
        "presenting_complaint": page.presenting_complaint,
        "disclaimer": page.disclaimer,
        "findings": rich_text(""),
        "outcomes": inline_formset([]),
        "consent_web": "on",
        "consent_print": "on",
        "consent_recorded_on": page.consent_recorded_on.isoformat(),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_republishing_needs_consent_given_after_the_withdrawal(client, staff, mr_k):
    withdraw_consent(mr_k, staff, withdrawn_on=datetime.date(2026, 3, 1))
    edit_url = reverse("wagtailadmin_pages:edit", args=[mr_k.pk])

    refused = client.post(edit_url, publish_form(mr_k))
    assert refused.status_code == 200
    assert "withdrew consent on 01 March 2026" in refused.content.decode()
    assert not CaseStudyPage.objects.get(pk=mr_k.pk).live

    client.post(edit_url, publish_form(mr_k, consent_recorded_on="2026-03-02"))
    page = CaseStudyPage.objects.get(pk=mr_k.pk)
    assert page.live and page.consent_withdrawn_on is None
    assert client.get("/api/v1/case-studies/mr-k/").status_code == 200
    # the history of the earlier withdrawal stays
    assert ConsentWithdrawal.objects.filter(case_study=mr_k).count() == 1


def test_a_future_withdrawal_date_is_refused(client, staff, mr_k):
    tomorrow = today() + datetime.timedelta(days=1)
    response = withdraw_in_admin(client, mr_k, withdrawn_on=tomorrow.isoformat())
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert CaseStudyPage.objects.get(pk=mr_k.pk).live


def test_scheduled_publishing_is_cancelled_by_a_withdrawal(staff, mr_k):
    draft = mr_k.save_revision(user=staff)
    draft.approved_go_live_at = timezone.now() + datetime.timedelta(days=3)
    draft.save()
    withdraw_consent(mr_k, staff)
    draft.refresh_from_db()
    assert draft.approved_go_live_at is None


def test_the_action_is_in_the_case_study_editor_only(client, staff, mr_k):
    url = reverse("meridian_withdraw_consent", args=[mr_k.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[mr_k.pk]))
    assert f'href="{url}"' in edit.content.decode()
    condition = mr_k.condition
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[condition.pk]))
    assert "withdraw-consent" not in edit.content.decode()
    refused = client.get(reverse("meridian_withdraw_consent", args=[condition.pk]))
    assert refused.status_code == 302  # Wagtail's answer to a refused admin view


def test_new_case_studies_start_with_the_clinics_default_disclaimer(
    client, staff, site_tree
):
    _, indexes = site_tree
    clinic = ClinicSettings.for_site(indexes["case-studies"].get_site())
    clinic.case_study_disclaimer = "Our own words about results varying."
    clinic.save()
    add = reverse(
        "wagtailadmin_pages:add",
        args=["content_models", "casestudypage", indexes["case-studies"].pk],
    )
    assert "Our own words about results varying." in client.get(add).content.decode()


def test_the_withdrawal_form_offers_today_in_the_date_pickers_format(
    client, staff, mr_k
):
    # A date input takes only ISO dates; en-gb's 30/11/2026 would show it empty.
    form = client.get(reverse("meridian_withdraw_consent", args=[mr_k.pk]))
    assert f'value="{today().isoformat()}"' in form.content.decode()
