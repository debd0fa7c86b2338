"""API v1 against Wagtail's API v2 on the same server, content and load, side by side.

    python -m bench api          # or `make bench` for every section

Each scenario runs v1 and v2 for ``BENCH_SECONDS`` (default 10) each, with
``BENCH_CONCURRENCY`` (default 4) client threads over loopback, and prints requests/s,
median and 95th-percentile latency and the v1/v2 throughput ratio:

- listing: 20 conditions with every field (v1 ``?limit=20&fields=*``; v2
  ``?type=content_models.ConditionPage&fields=*&limit=20``);
- detail: one generated condition (v1 by slug, v2 by id);
- "cold" variants of both, asking for a different page of results or a different
  condition on every request, so v1's response cache (bodies kept by ETag) never
  answers and the rows show the cost of building a response;
- not modified: v1 revalidating with ``If-None-Match`` (a 304) against v2, which has no
  validators and so sends the full detail every time.
"""

import itertools
import json
import os
import threading
import time
from dataclasses import dataclass

GOALS = {"listing": 3.0, "detail": 2.0}


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def summary(self):
        return (
            f"{self.rate:8.1f} req/s  p50 {self.percentile(0.5):7.1f} ms  "
            f"p95 {self.percentile(0.95):7.1f} ms  ({self.requests} requests"
            f"{f', {self.errors} errors' if self.errors else ''})"
        )


def load(ctx, path, expect, headers=None, seconds=None, concurrency=None):
    """Send GETs from ``concurrency`` threads for ``seconds``; bounded in time.

    ``path`` is a path, or a function of the request number giving a new path each time.
    """
    seconds = float(seconds or os.environ.get("BENCH_SECONDS", 10))
    concurrency = int(concurrency or os.environ.get("BENCH_CONCURRENCY", 4))
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, errors = [], [0]
    numbers = itertools.count()
    path_for = path if callable(path) else (lambda n: path)

    def worker():
        mine, failed = [], 0
        while time.monotonic() < deadline:
            target = path_for(next(numbers))
            started = time.perf_counter()
            try:
                status, _, _ = ctx.get(target, headers=headers, timeout=30)
            except OSError:
                status = None
            if status == expect:
                mine.append(time.perf_counter() - started)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(len(latencies), errors[0], time.monotonic() - started, latencies)


def warm(ctx, path, headers=None, times=3):
    for _ in range(times):
        status, response_headers, body = ctx.get(path, headers=headers)
    return status, response_headers, body


def label(path):
    return path if isinstance(path, str) else path.label


class Rotating:
    """A different path each request: defeats any cache keyed by URL."""

    def __init__(self, template, values, label):
        self.template, self.values, self.label = template, values, label

    def __call__(self, number):
        return self.template.format(self.values[number % len(self.values)])


def run(ctx):
    targets = []  # every condition, so "cold" detail rows never repeat one
    for offset in range(0, ctx.conditions + 100, 100):
        _, _, body = ctx.get(f"/api/v1/conditions/?limit=100&offset={offset}&fields=_")
        targets += json.loads(body)["results"]
    _, _, body = warm(ctx, "/api/v1/conditions/?limit=1&fields=_", times=1)
    total = json.loads(body)["count"]
    slug, page_id = targets[len(targets) // 2]["slug"], targets[len(targets) // 2]["id"]
    offsets = list(range(0, total - 20))
    v1_detail = f"/api/v1/conditions/{slug}/"
    v2_type = "type=content_models.ConditionPage&fields=*&limit=20"

    scenarios = [
        (
            "listing",
            ("/api/v1/conditions/?limit=20&fields=*", None, 200),
            (f"/api/v2/pages/?{v2_type}", None, 200),
        ),
        (
            "listing, cold",
            (
                Rotating(
                    "/api/v1/conditions/?limit=20&fields=*&offset={}",
                    offsets,
                    "/api/v1/conditions/?limit=20&fields=*&offset=<n>",
                ),
                None,
                200,
            ),
            (
                Rotating(
                    f"/api/v2/pages/?{v2_type}&offset={{}}",
                    offsets,
                    f"/api/v2/pages/?{v2_type}&offset=<n>",
                ),
                None,
                200,
            ),
        ),
        ("detail", (v1_detail, None, 200), (f"/api/v2/pages/{page_id}/", None, 200)),
        (
            "detail, cold",
            (
                Rotating(
                    "/api/v1/conditions/{}/",
                    [t["slug"] for t in targets],
                    "/api/v1/conditions/<slug>/",
                ),
                None,
                200,
            ),
            (
                Rotating(
                    "/api/v2/pages/{}/",
                    [t["id"] for t in targets],
                    "/api/v2/pages/<id>/",
                ),
                None,
                200,
            ),
        ),
    ]
    _, headers, _ = warm(ctx, v1_detail)
    scenarios.append(
        (
            "not modified",
            (v1_detail, {"If-None-Match": headers["ETag"]}, 304),
            (f"/api/v2/pages/{page_id}/", None, 200),
        )
    )

    lines = [
        f"content: demo + generate_content --conditions {ctx.conditions}; "
        f"{os.environ.get('BENCH_CONCURRENCY', 4)} client threads, "
        f"{os.environ.get('BENCH_SECONDS', 10)} s per measurement; "
        "'cold' rows request a different item or page each time, so no response "
        "is served from v1's response cache",
    ]
    ratios = {}
    for name, (v1_path, v1_headers, v1_status), (
        v2_path,
        v2_headers,
        v2_status,
    ) in scenarios:
        if name.endswith("cold"):
            warm_v1, warm_v2 = v1_path(len(offsets) - 1), v2_path(len(offsets) - 1)
        else:
            warm_v1, warm_v2 = v1_path, v2_path
        status, _, _ = warm(ctx, warm_v1, v1_headers)
        assert status == v1_status, f"{warm_v1} answered {status}"
        status, _, _ = warm(ctx, warm_v2, v2_headers)
        assert status == v2_status, f"{warm_v2} answered {status}"
        v1 = load(ctx, v1_path, v1_status, v1_headers)
        v2 = load(ctx, v2_path, v2_status, v2_headers)
        ratios[name] = v1.rate / v2.rate if v2.rate else float("inf")
        lines += [
            f"{name}:",
            f"  v1 {v1.summary()}  GET {label(v1_path)}"
            + (" (If-None-Match)" if v1_headers else ""),
            f"  v2 {v2.summary()}  GET {label(v2_path)}",
        ]
    lines.append("ratios (v1 req/s ÷ v2 req/s):")
    for name, ratio in ratios.items():
        goal = GOALS.get(name.split(",")[0])
        verdict = (
            f" (goal ≥ {goal:.0f}×: {'met' if ratio >= goal else 'NOT met'})"
            if goal
            else ""
        )
        lines.append(f"  {name:14s} {ratio:6.2f}×{verdict}")
    return lines
