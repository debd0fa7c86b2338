"""Feed throughput: each format at ``limit=50`` over 1,000+ conditions, and 304s.

    python -m bench feeds        (part of ``make bench``)

Every loop is bounded (``REQUESTS`` per measurement, loopback only). Figures: requests
per second with ``CLIENTS`` concurrent clients, median and 95th-percentile latency, the
body size, and the SQL queries one request makes at ``limit=10`` and ``limit=200``
(counted in a ``manage.py shell`` against the same database).
"""

import statistics
import threading
import time

FORMATS = ("rss", "atom", "json-feed")
REQUESTS = 200
CLIENTS = 2
PATH = "/api/v1/conditions/export/{name}/?limit=50"

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
for limit in (10, 200):
    client.get("/api/v1/conditions/export/{name}/?limit=1")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/conditions/export/{name}/?limit={{limit}}")
    assert response.status_code == 200, response.status_code
    print("queries", limit, len(queries))
"""


def _measure(ctx, path, headers=None, expect=200):
    latencies, sizes, lock = [], [], threading.Lock()
    per_client = REQUESTS // CLIENTS

    def client():
        for _ in range(per_client):
            started = time.perf_counter()
            status, _, body = ctx.get(path, headers=headers)
            elapsed = time.perf_counter() - started
            if status != expect:
                raise RuntimeError(f"{path}: HTTP {status}, expected {expect}")
            with lock:
                latencies.append(elapsed)
                sizes.append(len(body))

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
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


def run(ctx):
    lines = [
        f"{ctx.conditions} generated conditions + demo; limit=50; {REQUESTS} requests "
        f"per row from {CLIENTS} clients",
        f"{'feed':<10} {'req/s':>7} {'median':>9} {'p95':>9} {'body':>9} "
        f"{'304 req/s':>10} {'queries@10/200':>15}",
    ]
    for name in FORMATS:
        path = PATH.format(name=name)
        status, headers, _ = ctx.get(path)  # warm-up, and the validator for 304s
        if status != 200:
            lines.append(f"{name:<10} HTTP {status}")
            continue
        full = _measure(ctx, path)
        revalidated = _measure(
            ctx, path, headers={"If-None-Match": headers["ETag"]}, expect=304
        )
        at_10, at_200 = _queries(ctx, name)
        lines.append(
            f"{name:<10} {full['rate']:>7.1f} {full['median_ms']:>7.1f}ms "
            f"{full['p95_ms']:>7.1f}ms {full['bytes'] / 1024:>7.0f}kB "
            f"{revalidated['rate']:>10.1f} {at_10:>7}/{at_200:<7}"
        )
    return lines
