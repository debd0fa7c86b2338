"""Bad input is a JSON 4xx that says what is wrong; nothing is ever a 500."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_unknown_parameter_names_the_allowed_ones(api, site_tree):
    response = api.get("/api/v1/conditions/?colour=red")
    assert response.status_code == 400
    detail = response.data["detail"]
    assert "'colour'" in detail
    for allowed in (
        "limit",
        "offset",
        "fields",
        "symptom",
        "code",
        "search",
        "ordering",
    ):
        assert allowed in detail
    assert response.data["errors"] == {"colour": ["unknown query parameter"]}


def test_detail_accepts_only_fields(api, sciatica):
    response = api.get("/api/v1/conditions/sciatica/?limit=3")
    assert response.status_code == 400
    assert "allowed: fields" in response.data["detail"]


@pytest.mark.parametrize(
    "query, named",
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("limit=-5", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
        ("updated_since=last-week", "updated_since"),
        ("updated_since=2026-13-01", "updated_since"),
        ("next_review_before=2026-02-30", "next_review_before"),
        ("fields=colour", "fields"),
        ("fields=title,,summary", "fields"),
        ("fields=-id", "fields"),
        ("fields=hero_image(title)", "fields"),
        ("ordering=colour", "ordering"),
    ],
)
def test_malformed_values_are_400s_that_name_the_parameter(
    api, site_tree, query, named
):
    response = api.get(f"/api/v1/conditions/?{query}")
    assert response.status_code == 400
    assert named in response.data["detail"]
    assert named in response.data["errors"]


def test_limit_above_the_maximum_says_the_maximum(api, site_tree):
    response = api.get("/api/v1/conditions/?limit=500")
    assert (
        response.data["detail"] == "invalid limit '500': a whole number from 1 to 100"
    )


def test_unknown_slug_and_unknown_endpoint_are_json_404s(api, site_tree):
    assert api.get("/api/v1/symptoms/nope/").status_code == 404
    assert api.get("/api/v1/treatments/nope/").data["detail"] == (
        "no treatment with slug 'nope'"
    )
    response = api.get("/api/v1/diseases/")
    assert response.status_code == 404
    assert "/api/v1/" in response.data["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_with_405(client, sciatica, method):
    for path in ("/api/v1/conditions/", "/api/v1/conditions/sciatica/"):
        response = getattr(client, method)(path, {}, content_type="application/json")
        assert response.status_code == 405
        assert "not allowed" in response.json()["detail"]


def test_throttled_clients_get_429_with_retry_after(api, site_tree, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "2/minute"}
    cache.clear()
    statuses = [api.get("/api/v1/licenses/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api.get("/api/v1/licenses/")
    assert int(response.headers["Retry-After"]) > 0
    assert "throttled" in response.data["detail"].lower()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conditions/?search=%22%27(*)%20AND%20OR%20NOT%20NEAR%5E",
        "/api/v1/conditions/?search=" + "x" * 500,
        "/api/v1/conditions/?search=%00",
        "/api/v1/conditions/?symptom=%00",
        "/api/v1/conditions/?code=:::",
        "/api/v1/conditions/?limit=99999999999999999999999",
        "/api/v1/conditions/?offset=99999999999",
        "/api/v1/conditions/?updated_since=9999-12-31T23:59:59-14:00",
        "/api/v1/conditions/?updated_since=0001-01-01T00:00:00%2B14:00",
        "/api/v1/conditions/?ordering=,,",
        "/api/v1/conditions/?fields=%00",
        "/api/v1/conditions/?fields=",
        "/api/v1/conditions/?red_flag=true",
        "/api/v1/symptoms/?red_flag=",
        "/api/v1/images/99999999999999999999999/",
        "/api/v1/images/abc/",
        "/api/v1/conditions/%E2%9C%93/",
        "/api/v1/case-studies/?treatment=" + "%F0%9F%92%A9" * 20,
    ],
)
def test_odd_input_is_never_a_server_error(api, sciatica, path):
    assert api.get(path).status_code < 500


def test_head_and_options_are_answered(client, sciatica):
    head = client.head("/api/v1/conditions/sciatica/")
    assert head.status_code == 200 and head.headers["ETag"]
    options = client.options("/api/v1/conditions/")
    assert options.status_code == 200
    assert "GET" in options.headers["Allow"]


def test_concurrent_requests_never_pass_the_limit(settings):
    """The counter is one atomic increment, so racing requests cannot both slip in."""
    import sys
    import threading

    from django.contrib.auth.models import AnonymousUser
    from rest_framework.test import APIRequestFactory

    from api.policy import AnonymousRateThrottle

    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "10/minute"}
    cache.clear()
    factory = APIRequestFactory()
    start = threading.Barrier(40)
    allowed = []

    def client():
        throttle = AnonymousRateThrottle()
        request = factory.get("/api/v1/licenses/", REMOTE_ADDR="203.0.113.9")
        request.user = AnonymousUser()
        start.wait()
        allowed.append(throttle.allow_request(request, None))

    # Switch threads as often as the interpreter can, so that a throttle that reads
    # the count and writes it back (DRF's) is caught between the two: it then lets
    # through more than 10.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=client) for _ in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert allowed.count(True) == 10


def test_the_count_starts_again_in_the_next_window_and_retry_after_says_when(
    api, site_tree, settings, throttle_clock
):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "2/minute"}
    throttle_clock.now += 20  # 21 s into a minute
    statuses = [api.get("/api/v1/licenses/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert api.get("/api/v1/licenses/").headers["Retry-After"] == "39"

    throttle_clock.now += 39  # the next minute
    statuses = [api.get("/api/v1/licenses/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
    api, site_tree, settings
):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "2/minute"}
    cache.clear()
    statuses = [
        api.get("/api/v1/licenses/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conditions/?ordering=",
        "/api/v1/conditions/?updated_since=",
        "/api/v1/conditions/?search=",
        "/api/v1/symptoms/?red_flag=",
        "/api/v1/conditions/sciatica/?fields=",
        "/api/v1/conditions/export/rss/?symptom=",
        "/api/v1/conditions/sciatica/export/leaflet-pdf/?download=",
        "/api/v1/changes/?resource=",
        "/api/v1/preview/?token=",
    ],
)
def test_an_empty_value_is_a_400_on_every_route(api, sciatica, path):
    response = api.get(path)
    assert response.status_code == 400
    assert response.data["detail"]


def test_an_ordering_with_an_empty_item_is_a_400(api, sciatica):
    response = api.get("/api/v1/conditions/?ordering=title,,")
    assert response.status_code == 400
    assert "ordering" in response.data["errors"]
