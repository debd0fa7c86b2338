"""A cache that accepts connections and never answers cannot hold a publish."""

import logging
import re
import socket

import pytest

from content_models.publishing.models import Publication
from tests.factories import make_condition

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_cache(settings):
    """A listening socket nobody reads from: connections open, answers never come."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "api.cache_purge_backend.BoundedHTTPBackend",
            "LOCATION": f"http://127.0.0.1:{listener.getsockname()[1]}",
            "TIMEOUT": 0.5,
        }
    }
    yield
    listener.close()


def test_publishing_completes_and_logs_when_the_cache_never_answers(
    site_tree, silent_cache, caplog, django_capture_on_commit_callbacks
):
    gout = make_condition(slug="gout", title="Gout")
    with (
        caplog.at_level(logging.ERROR, logger="meridian.purge"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        gout.title = "Gout (revised)"
        gout.save_revision().publish()
    assert Publication.objects.get(slug="gout").state == Publication.State.LIVE
    messages = [r.getMessage() for r in caplog.records]
    unreachable = [m for m in messages if m.startswith("could not reach")]
    assert unreachable, messages
    # Each batch of URLs waits for one timeout, then gives up on the rest of it.
    for message in unreachable:
        left, total = re.search(r"(\d+) of (\d+) URLs not purged", message).groups()
        assert left == total
