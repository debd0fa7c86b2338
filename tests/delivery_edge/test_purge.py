"""Publishing purges exactly the affected URLs from a real Varnish in front.

Each test warms Varnish with the URLs partners read, changes content the way staff
do, and reads through Varnish again: what the change touched is a miss answered
fresh, what it did not touch is still a hit.
"""

import json

import pytest
from wagtail.models import Collection, CollectionViewRestriction, Site

from api import purge
from content_models.consent import withdraw_consent
from content_models.licence_catalogue import install_licences
from content_models.licenses import License
from content_models.publishing.models import Publication
from content_models.settings import ClinicSettings
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_treatment,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


@pytest.fixture
def licences(site_tree):
    """The licence catalogue, as migrations install it (a flushed database has none)."""
    install_licences(License)


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


def test_restricting_a_collection_purges_its_images_and_the_pages_showing_them(
    licences, varnish
):
    collection = Collection.get_first_root_node().add_child(name="Photographs")
    image = make_image(collection=collection)
    make_condition(slug="gout", hero_image=image)
    image_route = f"/api/v1/images/{image.pk}/"
    assert varnish.cached(image_route).status == 200
    assert json.loads(varnish.cached("/api/v1/conditions/gout/").body)["hero_image"]

    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="staff only",
    )

    assert (varnish.get(image_route).status, varnish.get(image_route).cache) == (
        404,
        "MISS",
    )
    detail = varnish.get("/api/v1/conditions/gout/")
    assert detail.cache == "MISS"
    assert json.loads(detail.body)["hero_image"] is None


def test_editing_a_licence_purges_the_licence_list_and_its_images(licences, varnish):
    image = make_image(license="CC-BY-4.0")
    make_condition(slug="gout", hero_image=image)
    image_route = f"/api/v1/images/{image.pk}/"
    for path in (image_route, "/api/v1/licenses/", "/api/v1/conditions/gout/"):
        varnish.cached(path)

    licence = License.objects.get(spdx_id="CC-BY-4.0")
    licence.name = "Creative Commons Attribution 4.0 (international)"
    licence.save()

    for path in (image_route, "/api/v1/licenses/", "/api/v1/conditions/gout/"):
        answer = varnish.get(path)
        assert answer.cache == "MISS", path
        assert b"(international)" in answer.body, path


def test_editing_an_image_purges_its_route_but_not_another(licences, varnish):
    image, other = make_image(), make_image()
    make_condition(slug="gout", hero_image=image)
    make_condition(slug="sciatica", hero_image=other)
    for path in (f"/api/v1/images/{image.pk}/", f"/api/v1/images/{other.pk}/"):
        varnish.cached(path)

    image.work_title = "Moxa on the lower back"
    image.save()

    answer = varnish.get(f"/api/v1/images/{image.pk}/")
    assert answer.cache == "MISS"
    assert b"Moxa on the lower back" in answer.body
    assert varnish.get(f"/api/v1/images/{other.pk}/").cache == "HIT"


def test_a_change_to_the_whole_site_empties_the_cache_in_one_ban_per_purge(
    site_tree, varnish, monkeypatch
):
    monkeypatch.setattr(purge, "WHOLE_SITE_ABOVE", 2)
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    for slug in ("gout", "sciatica", "frozen-shoulder"):
        make_condition(slug=slug)
    make_treatment(slug="cupping")
    warmed = ("/api/v1/conditions/gout/", "/api/v1/conditions/",
              "/api/v1/conditions/export/rss/", "/api/v1/treatments/cupping/",
              "/api/v1/changes/")  # fmt: skip
    for path in warmed:
        varnish.cached(path)
    bans = varnish.counter("MAIN.bans_added")

    settings.clinic_name = "Meridian Acupuncture, Leeds"
    settings.save()

    for path in warmed:
        assert varnish.get(path).cache == "MISS", path
    # One when the change commits, one after its render: not one per URL.
    assert varnish.counter("MAIN.bans_added") - bans == 2


def test_a_change_to_a_few_items_purges_only_their_urls(site_tree, varnish):
    gout = make_condition(slug="gout")
    make_treatment(slug="cupping")
    varnish.cached("/api/v1/treatments/cupping/")

    gout.summary = "Sudden, severe joint pain."
    gout.save_revision().publish()

    assert varnish.get("/api/v1/treatments/cupping/").cache == "HIT"
