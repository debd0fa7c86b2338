"""Images in a private collection (a collection view restriction) leave through no
channel: not the image route, not a page's API representation, JSON-LD or feeds;
and restricting or moving an image takes it out of what was already published."""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from content_models.publishing.models import Publication
from tests.factories import make_condition, make_image

pytestmark = pytest.mark.django_db

SLUG = "frozen-shoulder"
DETAIL = f"/api/v1/conditions/{SLUG}/"


def restrict(collection):
    return CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="staff only",
    )


@pytest.fixture
def private_collection(site_tree):
    collection = Collection.get_first_root_node().add_child(name="Clinic only")
    restrict(collection)
    return collection


@pytest.fixture
def open_collection(site_tree):
    return Collection.get_first_root_node().add_child(name="Open")


def test_image_route_does_not_serve_an_image_in_a_private_collection(
    api, private_collection
):
    image = make_image(collection=private_collection)
    make_condition(slug=SLUG, hero_image=image)
    assert api.get(f"/api/v1/images/{image.pk}/").status_code == 404


def test_image_in_a_collection_below_a_private_one_is_private_too(
    api, private_collection
):
    inner = private_collection.add_child(name="Inner")
    image = make_image(collection=inner)
    make_condition(slug=SLUG, hero_image=image)
    assert api.get(f"/api/v1/images/{image.pk}/").status_code == 404


def test_page_shows_no_image_from_a_private_collection_in_json_or_jsonld(
    api, private_collection
):
    make_condition(slug=SLUG, hero_image=make_image(collection=private_collection))
    assert api.get(DETAIL).data["hero_image"] is None
    assert "image" not in api.get(f"{DETAIL}?format=jsonld").data


def test_feed_carries_no_image_from_a_private_collection(
    client, private_collection, open_collection
):
    hidden = make_image(work_title="Hidden work", collection=private_collection)
    shown = make_image(work_title="Shown work", collection=open_collection)
    make_condition(slug=SLUG, hero_image=hidden)
    make_condition(slug="gout", hero_image=shown)
    feed = client.get("/api/v1/conditions/export/rss/").content.decode()
    assert feed.count("<media:content") == 1
    assert "Shown work" in feed
    assert "Hidden work" not in feed


def test_restricting_a_collection_takes_its_images_out_of_published_pages(
    api, open_collection
):
    image = make_image(collection=open_collection)
    make_condition(slug=SLUG, hero_image=image)
    assert api.get(DETAIL).data["hero_image"]["id"] == image.pk

    restriction = restrict(open_collection)
    assert api.get(DETAIL).data["hero_image"] is None

    restriction.delete()
    assert api.get(DETAIL).data["hero_image"]["id"] == image.pk


def test_moving_an_image_into_a_private_collection_takes_it_out_of_pages(
    api, open_collection, private_collection
):
    image = make_image(collection=open_collection)
    make_condition(slug=SLUG, hero_image=image)
    assert api.get(DETAIL).data["hero_image"]["id"] == image.pk

    image.collection = private_collection
    image.save()
    assert api.get(DETAIL).data["hero_image"] is None
    assert api.get(f"/api/v1/images/{image.pk}/").status_code == 404


def test_leaflet_prints_no_image_from_a_private_collection(client, private_collection):
    from tests.exporters.leaflet_pdf import open_pdf, pdf_text

    image = make_image(collection=private_collection, title="Clinic-only photograph")
    make_condition(slug=SLUG, hero_image=image)
    response = client.get(f"{DETAIL}export/leaflet-pdf/")
    assert response.status_code == 200
    assert "Clinic-only photograph" not in pdf_text(response.content)
    pdf = open_pdf(response.content)
    assert not any(page.get_images() for page in pdf.pages)


def test_a_render_reads_the_private_collections_once_for_all_its_pages(
    private_collection, open_collection
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from api.rendering import render
    from content_models.conditions import ConditionPage

    for n in range(4):
        collection = private_collection if n % 2 else open_collection
        make_condition(slug=f"c{n}", hero_image=make_image(collection=collection))
    with CaptureQueriesContext(connection) as queries:
        rendered = render("conditions", ConditionPage.objects.live())
    restrictions = [
        q for q in queries if "wagtailcore_collectionviewrestriction" in q["sql"]
    ]
    assert len(restrictions) == 1
    heroes = [json.loads(item.body)["hero_image"] for item in rendered.values()]
    assert sum(hero is None for hero in heroes) == 2


def move_in_admin(client, user, collection, parent):
    """Wagtail's collection editor: a new parent, as staff choose it."""
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_collections:edit", args=[collection.pk]),
        {"name": collection.name, "parent": parent.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_moving_a_collection_under_a_private_one_takes_its_images_out_of_pages(
    api, client, admin_user, open_collection, private_collection,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    inner = open_collection.add_child(name="Treatment room")
    image = make_image(collection=inner)
    make_condition(slug=SLUG, hero_image=image)
    assert api.get(DETAIL).data["hero_image"]["id"] == image.pk

    with django_capture_on_commit_callbacks(execute=True):
        move_in_admin(client, admin_user, open_collection, private_collection)
    assert Collection.objects.get(pk=inner.pk).get_parent().get_parent() == (
        private_collection
    )
    assert api.get(DETAIL).data["hero_image"] is None
    assert api.get(f"/api/v1/images/{image.pk}/").status_code == 404

    root = Collection.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=True):
        move_in_admin(client, admin_user, open_collection, root)
    assert api.get(DETAIL).data["hero_image"]["id"] == image.pk


def test_renaming_a_collection_marks_nothing_due(
    api,
    client,
    admin_user,
    open_collection,
    settings,
    django_capture_on_commit_callbacks,
):
    make_condition(slug=SLUG, hero_image=make_image(collection=open_collection))
    api.get(DETAIL)
    assert Publication.objects.get(slug=SLUG).due_at is None
    # Renders only queued (no worker runs here), so an item marked due stays due.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    open_collection.name = "Open to all"
    with django_capture_on_commit_callbacks(execute=True):
        move_in_admin(client, admin_user, open_collection, open_collection.get_parent())
    assert Collection.objects.get(pk=open_collection.pk).name == "Open to all"
    assert Publication.objects.get(slug=SLUG).due_at is None


def test_a_restricted_images_resized_files_are_deleted(
    api, open_collection, django_capture_on_commit_callbacks
):
    image = make_image(collection=open_collection)
    make_condition(slug=SLUG, hero_image=image)
    urls = [
        size["url"]
        for size in api.get(DETAIL).data["hero_image"]["renditions"].values()
    ]
    names = [urlsplit(url).path.removeprefix(settings.MEDIA_URL) for url in urls]
    assert names and all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        restrict(open_collection)

    assert not image.renditions.exists()
    assert not any(default_storage.exists(name) for name in names)
