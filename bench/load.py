"""Load on the hot routes: many clients at once on a listing, a detail, a feed and a
stored leaflet.

    python -m bench load             # or `make bench` for every section
    python -m bench --quick load     # 5 s instead of 30

``BENCH_LOAD_CLIENTS`` (default 16) client threads, each with its own connection per
request, ask for the routes in ``ROUTES`` in turn (each thread starting at a different
one) for ``BENCH_LOAD_SECONDS`` (default 30, 5 with ``BENCH_QUICK=1``). Every route is
asked for once before the clock starts, so the leaflet has been rendered and is served
from the export store, as a partner or reception desk would find it. Reported per route
and overall: requests, errors (any status outside 2xx/3xx, or no answer at all),
throughput, p50 and p99 latency, and the server's CPU per request. The goal is zero
errors.
"""

import http.client
import itertools
import os
import threading
import time
from collections import Counter

from bench.api import Result, fail
from bench.harness import quick, run_timed

ROUTES = {
    "listing": "/api/v1/conditions/?limit=20",
    "detail": "/api/v1/conditions/sciatica/",
    "feed (rss)": "/api/v1/conditions/export/rss/",
    "leaflet (stored)": "/api/v1/conditions/sciatica/export/leaflet-pdf/",
}
LEAFLET = ROUTES["leaflet (stored)"]


def clients():
    return int(os.environ.get("BENCH_LOAD_CLIENTS", 16))


def duration():
    return float(os.environ.get("BENCH_LOAD_SECONDS") or (5 if quick() else 30))


def answered(status):
    return isinstance(status, int) and 200 <= status < 400


def warm_up(ctx):
    """Ask for every route once (the leaflet twice): each must answer, and the
    leaflet must then come from the export store."""
    for path in ROUTES.values():
        status, headers, _ = ctx.get(path, timeout=60)
        if not answered(status):
            fail(ctx, path, status)
    status, headers, _ = ctx.get(LEAFLET, timeout=60)
    if headers.get("X-Export-Store") != "hit":
        raise RuntimeError(f"{LEAFLET} was not served from the export store")


def hammer(ctx, seconds, count):
    """``({route: Result}, Result overall, Counter of failures)`` for ``count``
    threads asking the routes in turn until ``seconds`` have passed."""
    names = list(ROUTES)
    latencies = {name: [] for name in names}
    errors, failures = Counter(), Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(first):
        mine = {name: [] for name in names}
        my_errors, my_failures = Counter(), Counter()
        for name in itertools.islice(itertools.cycle(names), first, None):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                status, _, _ = ctx.get(ROUTES[name], timeout=30)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            if answered(status):
                mine[name].append(time.perf_counter() - started)
            else:
                my_errors[name] += 1
                my_failures[name, status] += 1
        with lock:
            for name in names:
                latencies[name] += mine[name]
            errors.update(my_errors)
            failures.update(my_failures)

    threads = [
        threading.Thread(target=client, args=(n % len(names),)) for n in range(count)
    ]
    elapsed, cpu = run_timed(ctx, threads)
    routes = {
        name: Result(len(latencies[name]), errors[name], elapsed, latencies[name])
        for name in names
    }
    overall = Result(server_cpu=cpu)
    for result in routes.values():
        overall.requests += result.requests
        overall.errors += result.errors
        overall.latencies += result.latencies
    overall.seconds = elapsed
    return routes, overall, failures


def row(name, result, cpu=""):
    return (
        f"{name:<18} {result.requests + result.errors:>9,} {result.errors:>7} "
        f"{result.rate:>9.1f} {result.percentile(0.5):>8.1f} "
        f"{result.percentile(0.99):>8.1f}{cpu}"
    )


def run(ctx):
    warm_up(ctx)
    count, seconds = clients(), duration()
    routes, overall, failures = hammer(ctx, seconds, count)
    lines = [
        f"{count} concurrent clients for {seconds:g} s, a new connection per request, "
        f"each asking the routes in turn; {ctx.conditions} generated conditions",
        "",
        f"{'route':<18} {'requests':>9} {'errors':>7} {'req/s':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8}",
    ]
    lines += [row(name, result) for name, result in routes.items()]
    lines.append(
        row("overall", overall, f"   server CPU {overall.cpu_ms:.2f} ms/request")
    )
    lines += ["", "routes:"]
    lines += [f"  {name:<18} GET {path}" for name, path in ROUTES.items()]
    verdict = "met" if overall.errors == 0 else "NOT met"
    lines.append(f"\ngoal: zero errors ({overall.errors}: {verdict})")
    for (name, status), times in sorted(failures.items(), key=str):
        lines.append(f"  {name}: {status} ×{times}")
    if failures:
        lines.append("server log ends:\n" + ctx.log_tail())
    return lines
