"""Fixtures for the delivery edge: a real Varnish in front of the live server.

    def test_x(varnish):
        varnish.get("/api/v1/conditions/").cache      # "MISS", then "HIT"

``varnish`` starts ``varnishd`` (Debian's ``varnish``) on a free loopback port with the
repository's own VCL (``deploy/varnish/meridian.vcl``), one backend: Django's live
server. It points Wagtail's frontend cache at it, so publishing purges it, and stops
it at the end of the test. Without varnishd the tests are skipped (in CI they fail:
``.ci/run`` installs it).
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
VCL_DIR = REPO / "deploy" / "varnish"
BACKENDS = """\
backend live_server {{
    .host = "{host}";
    .port = "{port}";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}}

sub vcl_init {{
    app.add_backend(live_server);
}}
"""
START_TIMEOUT = 20


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def varnishd_path():
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def cache(self):
        """``HIT`` or ``MISS``, as the VCL marks what it delivers."""
        return self.headers.get("x-cache")


class Varnish:
    def __init__(self, url, name=None):
        self.url = url
        self.name = name  # varnishd's -n: where its shared memory log and counters are
        # Straight to Varnish: never through a proxy from the environment.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(self, path):
        try:
            with self.opener.open(self.url + path, timeout=30) as response:
                status, headers, body = (
                    response.status,
                    response.headers,
                    response.read(),
                )
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        return Answer(status, {k.lower(): v for k, v in headers.items()}, body)

    def counter(self, name):
        """One of varnishd's counters (``varnishstat``), e.g. ``MAIN.bans_added``."""
        output = subprocess.run(
            ["varnishstat", "-n", self.name, "-1", "-f", name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return int(output[1])

    def cached(self, path):
        """GET ``path`` until Varnish answers it from its cache (twice at most)."""
        for _ in range(2):
            answer = self.get(path)
            if answer.cache == "HIT":
                return answer
        raise AssertionError(f"{path} is not cached: {answer.status} {answer.headers}")


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    path = varnishd_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("varnishd is not installed; .ci/run installs it")
        pytest.skip("varnishd is not installed (apt-get install varnish)")
    if not (VCL_DIR / "meridian.vcl").exists():
        pytest.fail("deploy/varnish/meridian.vcl is missing")
    server = urlsplit(live_server.url)
    host = socket.gethostbyname(server.hostname)
    (tmp_path / "meridian-backends.vcl").write_text(
        BACKENDS.format(host=host, port=server.port)
    )
    port = free_port()
    log = open(tmp_path / "varnishd.log", "w+b")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            path,
            "-F",
            "-j",
            "none",  # no privilege change: tmp_path may be the test user's only
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            "-n",
            str(tmp_path / "varnish"),
            "-p",
            f"vcl_path={tmp_path}:{VCL_DIR}",
            "-f",
            str(VCL_DIR / "meridian.vcl"),
            "-s",
            "malloc,32m",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    front = Varnish(f"http://127.0.0.1:{port}", name=str(tmp_path / "varnish"))
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while front_status(front) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"varnishd did not start:\n{log.read().decode()}")
            time.sleep(0.2)
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "api.cache_purge_backend.BoundedHTTPBackend",
                "LOCATION": front.url,
            }
        }
        yield front
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def front_status(front):
    try:
        return front.get("/healthz").status
    except OSError:
        return None
