"""Wagtail's API v2, as mounted here, never shows what API v1 keeps private."""

import datetime

from django.utils import timezone

from tests.factories import make_case_study, make_condition, make_symptom

PAGES = "/api/v2/pages/"


def titles(client, **params):
    response = client.get(PAGES, params)
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def test_v2_lists_published_conditions(site_tree, client):
    make_condition(title="Gout")
    assert "Gout" in titles(client, type="content_models.ConditionPage")


def test_v2_hides_case_studies_without_web_consent(site_tree, client):
    make_case_study(title="Consented", consent=("web",))
    make_case_study(
        title="Withdrawn", consent=("web",), consent_withdrawn_on=datetime.date.today()
    )
    make_case_study(title="Never asked", consent=())
    assert titles(client, type="content_models.CaseStudyPage") == {"Consented"}


def test_v2_hides_expired_pages(site_tree, client):
    page = make_condition(title="Old news")
    page.expire_at = timezone.now() - datetime.timedelta(hours=1)
    page.save()
    assert "Old news" not in titles(client, type="content_models.ConditionPage")


def test_v2_never_names_a_draft_symptom_inside_a_condition(site_tree, client):
    draft = make_symptom(title="Secret draft symptom", publish=False)
    make_condition(title="Gout", symptoms=[draft])
    response = client.get(
        PAGES, {"type": "content_models.ConditionPage", "fields": "*"}
    )
    assert response.status_code == 200
    assert "Secret draft symptom" not in response.content.decode()
