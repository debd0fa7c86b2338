"""Only live, public content leaves the system; case studies need consent per channel."""

import datetime

from django.utils import timezone
from wagtail.models import PageViewRestriction

from content_models.case_studies import ConsentChannel
from content_models.consent import withdraw_consent
from content_models.public import (
    public_case_studies,
    public_conditions,
    public_symptoms,
)
from tests.factories import make_case_study, make_condition, make_symptom


def test_published_condition_is_public(site_tree):
    page = make_condition()
    assert list(public_conditions()) == [page]


def test_draft_condition_is_not_public(site_tree):
    make_condition(publish=False)
    assert not public_conditions().exists()


def test_unpublished_condition_is_not_public(site_tree):
    page = make_condition()
    page.unpublish()
    assert not public_conditions().exists()


def test_expired_condition_is_not_public_even_before_the_scheduler_runs(site_tree):
    page = make_condition()
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    assert not public_conditions().exists()


def test_view_restricted_condition_is_not_public(site_tree):
    page = make_condition()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert not public_conditions().exists()


def test_pages_under_a_restricted_folder_are_not_public(site_tree):
    _, indexes = site_tree
    make_symptom()
    PageViewRestriction.objects.create(
        page=indexes["symptoms"], restriction_type=PageViewRestriction.LOGIN
    )
    assert not public_symptoms().exists()


def test_case_study_without_web_consent_is_not_public(site_tree):
    make_case_study(consent=())
    assert not public_case_studies().exists()


def test_case_study_consent_is_checked_per_channel(site_tree):
    case = make_case_study(consent=("web", "print"))
    assert list(public_case_studies(ConsentChannel.PRINT)) == [case]
    assert not public_case_studies(ConsentChannel.SYNDICATION).exists()


def test_withdrawn_consent_removes_a_case_study_everywhere(site_tree):
    case = make_case_study(consent=("web", "print", "syndication"))
    withdraw_consent(case, None)
    for channel in ConsentChannel.ALL:
        assert not public_case_studies(channel).exists(), channel


def test_wagtail_does_not_serve_a_case_study_whose_consent_was_withdrawn(
    site_tree, client
):
    case = make_case_study(consent=("web",), slug="mr-b")
    assert client.get("/case-studies/mr-b/").status_code == 200
    withdraw_consent(case, None)
    assert client.get("/case-studies/mr-b/").status_code == 404
    assert "mr-b" not in client.get("/case-studies/").content.decode()


def test_folder_pages_list_only_public_entries(site_tree, client):
    make_condition(title="Visible gout", slug="gout")
    make_condition(title="Hidden draft", slug="hidden", publish=False)
    html = client.get("/conditions/").content.decode()
    assert "Visible gout" in html and "Hidden draft" not in html
