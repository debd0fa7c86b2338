"""API v1 does what its OpenAPI document says, for every route (schemathesis)."""

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings

from api.filters import RELEVANCE, search_words
from content_models import demo
from content_models.demo.tree import ensure_site_tree

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 12,
        "generation": {"max-examples": 10, "deterministic": True},
        "checks": {"enabled": True, "max_response_time": 5.0},
    }
)

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/",
    APP,
    config=CONFIG,
    headers={"Accept": "application/vnd.oai.openapi+json"},
)


@schema.hook
def filter_case(context, case):
    """Two rules tie parameters together, which OpenAPI cannot state (the parameters'
    descriptions do, and tests/api/test_search.py and test_jsonld.py hold them):
    ``ordering=relevance`` needs a search, and JSON-LD has no ``fields``."""
    query = case.query or {}
    ordering = query.get("ordering") or ()
    if RELEVANCE in ordering and not search_words(query.get("search")):
        return False
    return not (query.get("format") == "jsonld" and "fields" in query)


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    no_throttle = override_settings(
        MERIDIAN_API={**settings.MERIDIAN_API, "ANON_RATE": ""}
    )
    with no_throttle, django_db_blocker.unblock(), transaction.atomic():
        ensure_site_tree(hostname="localhost", port=80)
        demo.load()
        yield
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis.settings(
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
def test_api_v1_answers_as_its_schema_says(case, demo_database, db):
    case.call_and_validate()
