"""API v1 with 20,000 conditions against 1,000: does any figure fall with the content?

    python -m bench api scale    # or `make bench`; runs after ``api``, reusing its rows

Starts a second benchmark server (same harness: SQLite, gunicorn, production
settings, every publication rebuilt) with ``BENCH_SCALE_CONDITIONS`` generated
conditions (default 20,000; 2,000 with ``BENCH_QUICK=1``), measures v1's rows of
``bench.api`` on it and prints each one's rate as a share of the same row on the
first server. Goal: at least ``GOAL`` for details, warm listings and the 304 path,
whose work should not depend on how many items there are. If the ``api`` section did
not run, v1's rows are measured on the first server first.
"""

import os

from bench import api
from bench.harness import prepared_server, quick

GOAL = 0.8
HELD = ("detail, cold", "detail, warm", api.NOT_MODIFIED) + tuple(
    f"listing {kind}, warm" for kind in api.LISTINGS
)


def scale_conditions():
    return int(
        os.environ.get("BENCH_SCALE_CONDITIONS") or (2_000 if quick() else 20_000)
    )


def run(ctx):
    base = ctx.results.get("api")
    if base is None:
        base = {"conditions": ctx.conditions, "results": api.measure(ctx, ("v1",))[0]}
    conditions = scale_conditions()
    # The first server collected the static files into the same STATIC_ROOT.
    with prepared_server(conditions=conditions, collect_static=False) as big:
        results, _ = api.measure(big, ("v1",))
        store = api.describe_store(big)
    small = base["conditions"]
    lines = [
        f"v1 with demo + {conditions:,} conditions against demo + {small:,}, "
        f"{api.concurrency()} client threads, up to "
        f"{api.seconds_per_measurement():g} s per measurement",
        store,
        "",
        f"{'scenario':<24} {f'{small:,}: req/s':>14} {'p50':>8} {'cpu':>8} "
        f"{f'{conditions:,}: req/s':>16} {'p50':>8} {'cpu':>8} {'ratio':>7}",
    ]
    for name, row in results.items():
        before, after = base["results"][name]["v1"], row["v1"]
        ratio = after.rate / before.rate if before.rate else float("nan")
        verdict = ""
        if name in HELD:
            verdict = f"  (goal ≥ {GOAL}: {'met' if ratio >= GOAL else 'NOT met'})"
        lines.append(
            f"{name:<24} {before.rate:14.1f} {before.percentile(0.5):6.1f}ms "
            f"{before.cpu_ms:6.2f}ms {after.rate:16.1f} "
            f"{after.percentile(0.5):6.1f}ms {after.cpu_ms:6.2f}ms {ratio:7.2f}{verdict}"
        )
    return lines
