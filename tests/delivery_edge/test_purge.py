"""Publishing purges exactly the affected URLs from a real Varnish in front.

Each test warms Varnish with the URLs partners read, changes content the way staff
do, and reads through Varnish again: what the change touched is a miss answered
fresh, what it did not touch is still a hit.
"""

import json

import pytest

from api import purge
from content_models.consent import withdraw_consent
from content_models.publishing.models import Publication
from tests.factories import make_case_study, make_condition, make_treatment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


def slugs(answer):
    return [item["slug"] for item in json.loads(answer.body)["results"]]


def test_withdrawn_case_study_is_gone_from_the_cache_at_once(site_tree, varnish):
    case = make_case_study(slug="mr-k", consent=("web",))
    other = make_case_study(slug="mrs-s", consent=("web",))
    detail = "/api/v1/case-studies/mr-k/"
    for path in (detail, f"{detail}?format=jsonld", "/api/v1/case-studies/",
                 "/api/v1/case-studies/?limit=1", "/api/v1/case-studies/export/rss/",
                 "/api/v1/changes/"):  # fmt: skip
        assert varnish.cached(path).status == 200

    withdraw_consent(case, None)

    gone = varnish.get(detail)
    assert (gone.status, gone.cache) == (404, "MISS")
    assert varnish.get(f"{detail}?format=jsonld").status == 404
    listing = varnish.get("/api/v1/case-studies/")
    assert listing.cache == "MISS"
    assert slugs(listing) == [other.slug]
    assert b"mr-k" not in varnish.get("/api/v1/case-studies/?limit=1").body
    assert b"mr-k" not in varnish.get("/api/v1/case-studies/export/rss/").body
    assert b'"consent withdrawn"' in varnish.get("/api/v1/changes/").body


def test_withdrawal_is_purged_before_any_worker_renders_it(
    site_tree, varnish, settings
):
    case = make_case_study(slug="mr-k", consent=("web",))
    varnish.cached("/api/v1/case-studies/mr-k/")
    # A worker that never comes: the render is only queued.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    withdraw_consent(case, None)

    assert Publication.objects.get(page_id=case.pk).due_at is not None
    gone = varnish.get("/api/v1/case-studies/mr-k/")
    assert (gone.status, gone.cache) == (404, "MISS")


def test_unpublishing_purges_its_resource_but_not_another(site_tree, varnish):
    gout = make_condition(slug="gout")
    make_treatment(slug="cupping")
    for path in ("/api/v1/conditions/gout/", "/api/v1/conditions/",
                 "/api/v1/conditions/export/atom/", "/api/v1/treatments/",
                 "/api/v1/treatments/cupping/", "/api/v1/treatments/export/atom/"):  # fmt: skip
        varnish.cached(path)

    gout.unpublish()

    assert varnish.get("/api/v1/conditions/gout/").status == 404
    assert varnish.get("/api/v1/conditions/").cache == "MISS"
    assert varnish.get("/api/v1/conditions/export/atom/").cache == "MISS"
    for untouched in ("/api/v1/treatments/", "/api/v1/treatments/cupping/",
                      "/api/v1/treatments/export/atom/"):  # fmt: skip
        assert varnish.get(untouched).cache == "HIT", untouched


def test_publishing_a_new_item_refreshes_its_listing(site_tree, varnish):
    make_condition(slug="gout")
    assert slugs(varnish.cached("/api/v1/conditions/")) == ["gout"]

    make_condition(slug="sciatica")

    listing = varnish.get("/api/v1/conditions/")
    assert listing.cache == "MISS"
    assert sorted(slugs(listing)) == ["gout", "sciatica"]


def test_renaming_an_item_purges_its_old_url(site_tree, varnish):
    page = make_condition(slug="lumbago")
    assert varnish.cached("/api/v1/conditions/lumbago/").status == 200

    page.slug = "low-back-pain"
    page.save_revision().publish()

    assert varnish.get("/api/v1/conditions/lumbago/").status == 404
    assert varnish.get("/api/v1/conditions/low-back-pain/").status == 200


def test_urls_for_one_item_are_its_detail_exports_listing_feeds_and_page(site_tree):
    page = make_condition(slug="gout")
    root = "http://testserver"

    urls = purge.urls_for_items([("conditions", "gout", page.pk)])

    assert urls == {
        f"{root}/api/v1/conditions/gout/",
        f"{root}/api/v1/conditions/gout/export/leaflet-pdf/",
        f"{root}/api/v1/conditions/",
        f"{root}/api/v1/conditions/export/rss/",
        f"{root}/api/v1/conditions/export/atom/",
        f"{root}/api/v1/conditions/export/json-feed/",
        f"{root}/api/v1/changes/",
        f"{root}/conditions/gout/",
    }
