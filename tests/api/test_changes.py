"""The change feed: partners mirror by it, deletions carry their reason, and a cursor
older than the history kept is a clear 410."""

import datetime
import io
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content_models.consent import withdraw_consent
from content_models.publishing import maintenance
from tests.factories import make_case_study, make_condition, make_symptom

pytestmark = pytest.mark.django_db


def feed(client, query=""):
    response = client.get(f"/api/v1/changes/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def mirror(client, copy, cursor=0, limit=2):
    """Replay the feed from ``cursor`` into ``copy``; returns the new cursor."""
    url = f"/api/v1/changes/?since={cursor}&limit={limit}"
    while url:
        page = client.get(url).json()
        for change in page["results"]:
            key = (change["resource"], change["id"])
            if change["type"] == "upsert":
                item = client.get(urlsplit(change["api_url"]).path)
                assert item.headers["ETag"] == change["etag"]
                copy[key] = item.json()
            else:
                copy.pop(key, None)
        cursor = page["next_cursor"]
        url = None
        if page["next"]:
            following = urlsplit(page["next"])
            url = f"{following.path}?{following.query}"
    return cursor


def listed(client):
    public = {}
    for resource in ("conditions", "symptoms", "treatments", "case-studies"):
        for item in client.get(f"/api/v1/{resource}/?fields=*&limit=100").json()[
            "results"
        ]:
            public[(resource, item["id"])] = item
    return public


def test_from_the_beginning_every_public_item_is_an_upsert(client, site_tree):
    back = make_symptom(slug="back")
    make_symptom(slug="draft", publish=False)
    make_condition(slug="sciatica", symptoms=[back])
    results = feed(client)["results"]
    assert sorted((c["type"], c["slug"]) for c in results) == [
        ("upsert", "back"),
        ("upsert", "sciatica"),
    ]
    sequences = [change["sequence"] for change in results]
    assert sequences == sorted(sequences)
    sciatica = next(c for c in results if c["slug"] == "sciatica")
    assert sciatica["api_url"] == "http://testserver/api/v1/conditions/sciatica/"
    assert (
        client.get("/api/v1/conditions/sciatica/").headers["ETag"] == (sciatica["etag"])
    )


def test_a_mirror_built_from_the_feed_equals_the_listings(client, site_tree):
    symptoms = [make_symptom(), make_symptom()]
    gout = make_condition(slug="gout", symptoms=symptoms)
    make_condition(slug="sciatica", symptoms=symptoms[:1])
    case = make_case_study(condition=gout)
    copy = {}
    cursor = mirror(client, copy)
    assert copy == listed(client)

    gout.title = "Gout, revised"
    gout.save_revision().publish()
    symptoms[0].specific.unpublish()
    withdraw_consent(case, None)
    cursor = mirror(client, copy, cursor)
    assert copy == listed(client)
    assert copy[("conditions", gout.pk)]["title"] == "Gout, revised"


@pytest.mark.parametrize(
    "leave, reason",
    [
        (lambda page: page.unpublish(), "unpublished"),
        (lambda page: page.delete(), "deleted"),
        (
            lambda page: PageViewRestriction.objects.create(
                page=page, restriction_type="password", password="x"
            ),
            "restricted",
        ),
    ],
)
def test_an_item_that_leaves_is_a_delete_with_its_reason(
    client, site_tree, leave, reason
):
    gout = make_condition(slug="gout")
    cursor = feed(client)["next_cursor"]
    leave(gout)
    results = feed(client, f"?since={cursor}")["results"]
    assert results == [
        {
            "sequence": results[0]["sequence"],
            "type": "delete",
            "resource": "conditions",
            "id": gout.pk,
            "slug": "gout",
            "reason": reason,
            "changed_at": results[0]["changed_at"],
        }
    ]
    assert results[0]["sequence"] > cursor


def test_consent_withdrawal_and_expiry_are_deletes_with_their_reason(client, site_tree):
    case = make_case_study(slug="mr-k")
    soon = timezone.now() + datetime.timedelta(minutes=5)
    make_condition(slug="fading", expire_at=soon)
    cursor = feed(client)["next_cursor"]
    withdraw_consent(case, None)
    later = soon + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        results = feed(client, f"?since={cursor}")["results"]
    assert {(c["slug"], c["reason"]) for c in results} == {
        ("mr-k", "consent withdrawn"),
        ("fading", "expired"),
    }


def test_pages_follow_the_cursor_and_the_resource_filter(client, site_tree):
    for n in range(5):
        make_condition(slug=f"c{n}")
    make_symptom(slug="s")
    first = feed(client, "?resource=conditions&limit=2")
    assert [c["slug"] for c in first["results"]] == ["c0", "c1"]
    assert first["next"].endswith(
        f"/api/v1/changes/?since={first['next_cursor']}&limit=2&resource=conditions"
    )
    rest = feed(client, f"?resource=conditions&since={first['next_cursor']}")
    assert [c["slug"] for c in rest["results"]] == ["c2", "c3", "c4"]
    assert rest["next"] is None
    up_to_date = feed(client, f"?since={rest['next_cursor']}&resource=conditions")
    assert up_to_date == {
        "results": [],
        "next_cursor": rest["next_cursor"],
        "next": None,
    }


def test_a_cursor_older_than_the_history_kept_is_a_410(client, site_tree):
    gout = make_condition(slug="gout")
    make_condition(slug="sciatica")
    cursor = feed(client)["next_cursor"]
    gout.unpublish()
    feed(client)  # the tombstone is recorded
    pruned = maintenance.prune_tombstones(timezone.now() + datetime.timedelta(days=1))
    assert pruned == 1
    response = client.get(f"/api/v1/changes/?since={cursor}")
    assert response.status_code == 410
    assert (
        "start again from /api/v1/changes/ without since" in (response.json()["detail"])
    )
    # Starting again works, and shows what is there now.
    assert [c["slug"] for c in feed(client)["results"]] == ["sciatica"]


@pytest.mark.parametrize(
    "query, named",
    [
        ("?since=-1", "since"),
        ("?since=abc", "since"),
        ("?resource=pets", "resource"),
        ("?limit=0", "limit"),
        ("?colour=red", "colour"),
    ],
)
def test_bad_parameters_are_400s_that_name_them(client, site_tree, query, named):
    response = client.get(f"/api/v1/changes/{query}")
    assert response.status_code == 400
    assert named in response.json()["detail"]


def test_the_prune_command_forgets_only_old_tombstones(client, site_tree):
    gout = make_condition(slug="gout")
    feed(client)
    gout.unpublish()
    feed(client)
    out = io.StringIO()
    call_command("publications", prune=1, stdout=out)
    assert out.getvalue().strip() == "pruned 0 tombstone(s) older than 1 days"
    in_two_days = timezone.now() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=in_two_days):
        call_command("publications", prune=1, stdout=out)
    assert "pruned 1 tombstone(s)" in out.getvalue()
    with pytest.raises(CommandError, match="1 or more"):
        call_command("publications", prune=0)
