"""A throwaway production-like server for benchmarks.

    from bench.harness import prepared_server

    with prepared_server() as ctx:
        ctx.base_url                      # 'http://127.0.0.1:PORT'
        ctx.get("/api/v1/conditions/")    # (status, headers, body) over loopback
        ctx.manage("export", "rss")       # manage.py against the same database
        ctx.env                           # environment for your own subprocesses
        ctx.store                         # the publication store after its rebuild

The database is a fresh SQLite file in a temporary directory, or ``DATABASE_URL`` when
it is set (it must point at an empty, disposable database). It is migrated and filled
with the demo content plus ``generate_content --conditions N`` (``BENCH_CONDITIONS``,
default 1000), then every publication is rendered (``publications --rebuild``, timed:
``ctx.store``), so every item is in the store and none has been asked for since; static
files are collected; gunicorn serves ``bench.settings`` (production settings plus
Wagtail's API v3 at ``/api/v3/``, for comparison only) with ``BENCH_WORKERS`` (default
2) sync workers on a free loopback port. Everything is stopped and removed on exit.

``BENCH_QUICK=1`` (``python -m bench --quick``) asks every section for a short run.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60


@dataclass
class BenchContext:
    base_url: str
    host: str
    port: int
    env: dict
    workdir: Path
    conditions: int
    log_path: Path
    server_pid: int = 0  # gunicorn's master, leader of its process group
    notes: list = field(default_factory=list)
    # The rebuild after loading: seconds (in the command, and wall), items, bytes.
    store: dict = field(default_factory=dict)

    def manage(self, *args, check=True, capture=True):
        """Run ``manage.py *args`` against the benchmark database and settings."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=self.env,
            check=check,
            capture_output=capture,
            text=True,
        )

    def log_tail(self, lines=40):
        """The end of gunicorn's log (tracebacks of 500s land there)."""
        try:
            return "".join(self.log_path.read_text().splitlines(True)[-lines:])
        except OSError:
            return ""

    def server_cpu(self):
        """CPU seconds the server's processes (gunicorn and its workers) used so far."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            # After the command: state, ppid, pgrp, ... utime (12th), stime (13th).
            if int(fields[2]) == self.server_pid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def get(self, path, headers=None, timeout=30):
        """One GET over a new connection: ``(status, headers dict, body bytes)``."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def quick():
    """True when a short run was asked for (``BENCH_QUICK=1`` or ``--quick``)."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_environment(workdir, database_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url,
            "MERIDIAN_MEDIA_ROOT": str(workdir / "media"),
            # A benchmark is many requests from one address: do not throttle it.
            "MERIDIAN_API_ANON_RATE": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _run(args, env, label):
    """Run a set-up command; returns ``(stdout, wall seconds)``."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"bench set-up failed at: {label}")
    elapsed = time.monotonic() - started
    print(f"-- {label}: {elapsed:.1f} s", flush=True)
    return result.stdout, elapsed


def _rebuild_store(ctx):
    """Render every publication, as after a deploy; time it and measure the store."""
    output, wall = _run(
        ["publications", "--rebuild"],
        ctx.env,
        "publications --rebuild",
    )
    # "rendered 1091 items in 4.9 s: 1091 changed; 1091 public, 13,096,243 bytes stored"
    found = re.search(
        r"rendered (\d+) items in ([\d.]+) s.*?(\d+) public, ([\d,]+) bytes", output
    )
    if found is None:
        raise RuntimeError(f"publications --rebuild said: {output.strip()}")
    rendered, seconds, items, size = found.groups()
    ctx.store.update(
        rendered=int(rendered),
        seconds=float(seconds),
        wall=wall,
        items=int(items),
        bytes=int(size.replace(",", "")),
    )


def _wait_until_ready(ctx, process):
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early; see {ctx.log_path}")
        with contextlib.suppress(OSError):
            status, _, _ = ctx.get("/api/v2/pages/?limit=1", timeout=5)
            if status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {READY_TIMEOUT} s")


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def prepared_server(conditions=None, workers=None, keep=False, collect_static=True):
    """Yield a :class:`BenchContext` for a migrated, filled, running server.

    ``collect_static=False`` when static files are already collected: every server
    shares the project's ``STATIC_ROOT``, and collecting takes about a minute.
    """
    conditions = int(conditions or os.environ.get("BENCH_CONDITIONS", 1000))
    workers = int(workers or os.environ.get("BENCH_WORKERS", 2))
    workdir = Path(tempfile.mkdtemp(prefix="meridian-bench-"))
    (workdir / "media").mkdir()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    env = bench_environment(workdir, database_url)
    port = free_port()
    ctx = BenchContext(
        base_url=f"http://127.0.0.1:{port}",
        host="127.0.0.1",
        port=port,
        env=env,
        workdir=workdir,
        conditions=conditions,
        log_path=workdir / "gunicorn.log",
    )
    process = None
    # A stopped benchmark (SIGTERM) still stops gunicorn and removes its files.
    previous_handler = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        _run(["migrate", "--noinput"], env, "migrate")
        _run(["load_demo"], env, "load_demo")
        _run(
            ["generate_content", "--conditions", str(conditions)],
            env,
            f"generate_content --conditions {conditions}",
        )
        _rebuild_store(ctx)
        if collect_static:
            _run(["collectstatic", "--noinput", "-v", "0"], env, "collectstatic")
        with open(ctx.log_path, "w") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cms.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--worker-class",
                    "sync",
                    "--log-level",
                    "warning",
                ],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ctx.server_pid = process.pid
        _wait_until_ready(ctx, process)
        print(
            f"-- gunicorn: {workers} workers on {ctx.base_url} "
            f"({'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'SQLite'})",
            flush=True,
        )
        yield ctx
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous_handler)


def run_timed(ctx, threads):
    """Start ``threads`` together and wait for them: (seconds, server CPU seconds)."""
    cpu, started = ctx.server_cpu(), time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started, ctx.server_cpu() - cpu
