"""API v1 with 20,000 conditions against 1,000: does any figure fall with the content?

    python -m bench scale        # or `make bench`, where it runs last

Starts a second benchmark server (same harness: SQLite, gunicorn, production
settings, every publication rebuilt) with ``BENCH_SCALE_CONDITIONS`` generated
conditions (default 20,000; 2,000 with ``BENCH_QUICK=1``) while the first one still
runs, and measures v1's rows of ``bench.api`` on both, alternating in rounds so that
other work on the machine weighs on each alike. On the first server cold details ask
for the half of its conditions that ``bench.api`` left alone. Prints each row's rate
on the larger server as a share of the smaller one's; goal: at least ``GOAL`` for
details, warm listings and the 304 path. Then times the admin reports
(``bench.reports``) on the larger server.
"""

import os

from bench import api, reports
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
    conditions = scale_conditions()
    small, large = f"{ctx.conditions:,}", f"{conditions:,}"
    # The first server collected the static files into the same STATIC_ROOT.
    with prepared_server(conditions=conditions, collect_static=False) as big:
        sides = [
            api.side(small, ctx, "v1", cold_half=1),
            api.side(large, big, "v1", cold_half=1),
        ]
        results = api.measure(sides)
        store = api.describe_store(big)
        report_times = reports.measure(big)
    lines = [
        f"v1 on demo + {large} conditions against demo + {small} (the first "
        f"server); {api.settings_line(ctx)}",
        store,
        "",
        f"{'scenario':<24} {f'{small}: req/s':>14} {'p50':>8} {'cpu':>8} "
        f"{f'{large}: req/s':>16} {'p50':>8} {'cpu':>8} {'ratio':>6} "
        f"{'(cpu)':>6}",
    ]
    for name, row in results.items():
        before, after = row[small], row[large]
        ratio = after.rate / before.rate if before.rate else float("nan")
        verdict = ""
        if name in HELD:
            verdict = f"  (goal ≥ {GOAL}: {'met' if ratio >= GOAL else 'NOT met'})"
        lines.append(
            f"{name:<24} {before.rate:14.1f} {before.percentile(0.5):6.1f}ms "
            f"{before.cpu_ms:6.2f}ms {after.rate:16.1f} "
            f"{after.percentile(0.5):6.1f}ms {after.cpu_ms:6.2f}ms {ratio:6.2f} "
            f"{before.cpu_ms / after.cpu_ms:6.2f}{verdict}"
        )
    lines += [
        "",
        "ratio: req/s with "
        f"{large} ÷ req/s with {small}; (cpu): server CPU per request with {small} "
        f"÷ with {large}",
        "",
        f"admin reports on the larger server, {reports.rounds()} rounds each",
        *reports.lines_for(report_times, large),
    ]
    return lines
