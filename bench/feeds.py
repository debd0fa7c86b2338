"""Feed throughput: each format at ``limit=50`` over 1,000+ conditions.

    python -m bench feeds        (part of ``make bench``)

Three measurements per format, each ``REQUESTS`` requests from ``CLIENTS`` concurrent
clients over loopback (every loop is bounded):

- *rendered*: every request misses the feed cache (each asks ``updated_since`` a
  different second in 2000, which every page matches), so the feed is built each time;
- *cached*: one URL, served from the cache after the first request;
- *304*: the same URL with its ``ETag`` in ``If-None-Match``.

It also counts the SQL queries one rendered request makes at ``limit=10`` and
``limit=200``, in a ``manage.py shell`` against the same database.
"""

import statistics
import threading
import time

from bench.harness import quick

FORMATS = ("rss", "atom", "json-feed")
REQUESTS = 20 if quick() else 100  # BENCH_QUICK=1: a short run
CLIENTS = 2
PATH = "/api/v1/conditions/export/{name}/?limit=50"

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get("/api/v1/conditions/export/{name}/?limit=1")  # warm site caches
for limit in (10, 200):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/conditions/export/{name}/?limit={{limit}}")
    assert response.status_code == 200, response.status_code
    print("queries", limit, len(queries))
"""


def _measure(ctx, path_for, headers=None, expect=200):
    """Rate and latencies of ``REQUESTS`` GETs of ``path_for(i)``."""
    latencies, sizes, lock = [], [], threading.Lock()
    per_client = REQUESTS // CLIENTS

    def client(offset):
        for i in range(per_client):
            path = path_for(offset + i)
            started = time.perf_counter()
            status, _, body = ctx.get(path, headers=headers)
            elapsed = time.perf_counter() - started
            if status != expect:
                raise RuntimeError(f"{path}: HTTP {status}, expected {expect}")
            with lock:
                latencies.append(elapsed)
                sizes.append(len(body))

    threads = [
        threading.Thread(target=client, args=(n * per_client,)) for n in range(CLIENTS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(latencies) / wall,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "bytes": statistics.median(sizes),
    }


def _queries(ctx, name):
    result = ctx.manage("shell", "-v", "0", "-c", COUNT_QUERIES.format(name=name))
    counts = dict(
        line.split()[1:]
        for line in result.stdout.splitlines()
        if line.startswith("queries ")
    )
    return counts.get("10", "?"), counts.get("200", "?")


def _uncached(path):
    # A distinct URL per request, matching every page: the feed cache never hits.
    def path_for(i):
        return f"{path}&updated_since=2000-01-01T00:{i // 60:02d}:{i % 60:02d}Z"

    return path_for


def run(ctx):
    lines = [
        f"{ctx.conditions} generated conditions + demo; limit=50; {REQUESTS} requests "
        f"per measurement from {CLIENTS} clients",
        f"{'feed':<10} {'rendered req/s':>14} {'median':>9} {'p95':>9} {'body':>7} "
        f"{'cached req/s':>12} {'304 req/s':>10} {'queries@10/200':>15}",
    ]
    for name in FORMATS:
        path = PATH.format(name=name)
        status, headers, _ = ctx.get(path)  # warm-up, and the validator for 304s
        if status != 200:
            lines.append(f"{name:<10} HTTP {status}")
            continue
        rendered = _measure(ctx, _uncached(path))
        cached = _measure(ctx, lambda i, path=path: path)
        revalidated = _measure(
            ctx,
            lambda i, path=path: path,
            headers={"If-None-Match": headers["ETag"]},
            expect=304,
        )
        at_10, at_200 = _queries(ctx, name)
        lines.append(
            f"{name:<10} {rendered['rate']:>14.1f} {rendered['median_ms']:>7.0f}ms "
            f"{rendered['p95_ms']:>7.0f}ms {rendered['bytes'] / 1024:>5.0f}kB "
            f"{cached['rate']:>12.1f} {revalidated['rate']:>10.1f} "
            f"{at_10:>7}/{at_200:<7}"
        )
    return lines
