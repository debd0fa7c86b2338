"""The multi-node stack under test, started once per session by ``deploy/stack.py``.

    def test_something(stack, client):
        response = client.get(f"{stack.varnish_url}/api/v1/conditions/")
        assert response.headers["X-Cache"] == "MISS"

The stack is exactly what `make stack` runs (PostgreSQL, Redis, two gunicorn nodes,
one ``db_worker``, Varnish), in a fresh temporary directory on free ports, with the
anonymous API rate lowered to :data:`ANON_RATE` a minute so a test can reach it.
Each test's ``client`` speaks from its own loopback address (127.0.0.N): the app
throttles per client address, so one test's requests never use another's allowance.
"""

import http.client
import itertools
import json
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
import pytest

from deploy.stack import running_stack

# Requests a minute one client may make to the API, across both nodes.
ANON_RATE = 30
EDITOR = ("stack-editor", "a-long-stack-test-password")
_addresses = (f"127.0.0.{n}" for n in itertools.count(10))


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)


class LoopbackClient:
    """One HTTP client, seen by Varnish and the nodes at its own loopback address."""

    def __init__(self, address):
        self.address = address

    def request(self, method, url, headers=None, timeout=30):
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(
            parts.hostname,
            parts.port,
            timeout=timeout,
            source_address=(self.address, 0),
        )
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, url, headers=None, timeout=30):
        return self.request("GET", url, headers, timeout)


@pytest.fixture(scope="session")
def stack():
    workdir = tempfile.mkdtemp(prefix="meridian-stack-test-")
    try:
        overrides = {"MERIDIAN_API_ANON_RATE": f"{ANON_RATE}/minute"}
        with running_stack(workdir, env=overrides) as running:
            running.manage(
                "createsuperuser",
                "--noinput",
                "--username",
                EDITOR[0],
                "--email",
                "editor@localhost",
                env={"DJANGO_SUPERUSER_PASSWORD": EDITOR[1]},
            )
            yield running
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def client():
    return LoopbackClient(next(_addresses))


@pytest.fixture
def database(stack):
    """A psycopg connection to the stack's PostgreSQL (autocommit): reads the
    database directly, without any request to the app."""
    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def run_in_stack(stack):
    """Run Python in a ``manage.py shell`` against the stack (production settings,
    its database, Redis and Varnish); returns what it printed."""

    def run(code):
        return stack.manage("shell", "-c", textwrap.dedent(code)).stdout

    return run
