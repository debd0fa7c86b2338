"""What the API tells a shared cache (Varnish, a CDN) it may keep, and for how long.

Published content is public for ``MERIDIAN_API["CACHE_MAX_AGE"]`` seconds (publishing
purges it earlier); drafts and errors are never kept by anyone.
"""

import pytest

from content_models import preview_tokens
from tests.factories import make_condition

NEVER_STORED = {"private", "no-store"}


def directives(response):
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


@pytest.fixture
def gout(site_tree):
    return make_condition(slug="gout")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conditions/gout/",
        "/api/v1/conditions/",
        "/api/v1/conditions/export/rss/",
        "/api/v1/changes/",
        "/api/v1/schema/",
    ],
)
def test_published_content_may_be_kept_by_a_shared_cache(client, settings, gout, path):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "CACHE_MAX_AGE": 60}
    response = client.get(path)
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=60"}


def test_a_draft_preview_is_kept_by_no_cache(client, gout):
    token = preview_tokens.issue(gout)
    for path in (
        f"/api/v1/conditions/gout/?preview_token={token}",
        f"/api/v1/preview/?token={token}",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert directives(response) == NEVER_STORED


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conditions/not-yet-published/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/conditions/?colour=blue",
        "/api/v1/preview/?token=forged",
    ],
)
def test_an_error_is_kept_by_no_cache(client, gout, path):
    response = client.get(path)
    assert response.status_code >= 400
    assert directives(response) >= NEVER_STORED


def test_a_throttled_answer_is_kept_by_no_cache(client, settings, gout):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": "1/minute"}
    client.get("/api/v1/conditions/")
    response = client.get("/api/v1/conditions/")
    assert response.status_code == 429
    assert directives(response) >= NEVER_STORED
