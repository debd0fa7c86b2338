"""api.caching: validators any view can use, and ETags that move on publish."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from api.caching import ContentValidators, conditional_get
from tests.factories import make_condition, make_image

pytestmark = pytest.mark.django_db


@conditional_get("feed-v1")
def feed_view(request):
    return HttpResponse("feed")


def test_plain_django_view_gets_validators_and_304(site_tree):
    make_condition()
    first = feed_view(RequestFactory().get("/feed/"))
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    again = feed_view(RequestFactory().get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"]))
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    since = feed_view(
        RequestFactory().get("/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    )
    assert since.status_code == 304


def test_etag_depends_on_query_and_parts_but_not_parameter_order(site_tree):
    factory = RequestFactory()
    a = ContentValidators(factory.get("/x/?a=1&b=2")).etag
    assert a == ContentValidators(factory.get("/x/?b=2&a=1")).etag
    assert a != ContentValidators(factory.get("/x/?a=1&b=3")).etag
    assert a != ContentValidators(factory.get("/x/?a=1&b=2"), "pdf-v2").etag


def test_etag_changes_when_a_page_is_published_or_unpublished(site_tree):
    condition = make_condition()
    before = ContentValidators(RequestFactory().get("/x/")).etag
    condition.save_revision().publish()
    published = ContentValidators(RequestFactory().get("/x/")).etag
    assert published != before
    condition.unpublish()
    assert ContentValidators(RequestFactory().get("/x/")).etag != published


def test_etag_changes_when_an_image_credit_is_edited(site_tree):
    image = make_image()
    before = ContentValidators(RequestFactory().get("/x/")).etag
    image.creator = "A. Painter"
    image.save()
    assert ContentValidators(RequestFactory().get("/x/")).etag != before
