"""Leaflets: first render and repeat download of the sciatica leaflet, batch export.

    python -m bench leaflet

Over HTTP against the benchmark server: the first render of the sciatica leaflet
(the export store emptied first, so it really renders), the repeat download (served
from the store), and a conditional request (304). Then ``manage.py export leaflet-pdf
--all`` over 200 generated conditions, in one process and in one per core, rendering
afresh each time. Goals: first render under 1 s, repeat under 20 ms, batch export
using both cores. ``BENCH_QUICK=1`` exports 20 and repeats fewer requests.
"""

import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import quick

SCIATICA = "/api/v1/conditions/sciatica/export/leaflet-pdf/"
# A quick run (BENCH_QUICK=1) renders and asks less.
BATCH = 20 if quick() else 200
REPEATS = 10 if quick() else 50
FIRST_RENDERS = 2 if quick() else 5


def _timed_get(ctx, path, headers=None):
    started = time.perf_counter()
    status, response_headers, body = ctx.get(path, headers=headers)
    return time.perf_counter() - started, status, response_headers, body


def _empty_store(ctx):
    shutil.rmtree(Path(ctx.workdir) / "media" / "rendered-exports", ignore_errors=True)


def _ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def _batch(ctx, jobs):
    output = Path(tempfile.mkdtemp(prefix="meridian-bench-leaflets-"))
    try:
        started = time.perf_counter()
        result = ctx.manage(
            "export", "leaflet-pdf", "--all", "--limit", str(BATCH), "--fresh",
            "--jobs", str(jobs), "--output", str(output), "--verbosity", "0",
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        files = len(list(output.glob("*.pdf")))
        summary = re.search(r"Exported .*", result.stdout)
        return files, elapsed, summary.group(0) if summary else result.stdout.strip()
    finally:
        shutil.rmtree(output, ignore_errors=True)


def run(ctx):
    lines = []
    firsts = []
    for _ in range(FIRST_RENDERS):
        _empty_store(ctx)
        seconds, status, headers, body = _timed_get(ctx, SCIATICA)
        assert status == 200 and headers.get("X-Export-Store") == "miss", status
        firsts.append(seconds)
    lines.append(
        f"sciatica leaflet, first render (store empty): first {_ms(firsts[0])}, "
        f"median of {FIRST_RENDERS} {_ms(statistics.median(firsts))} "
        f"({len(body) // 1024} KiB PDF)"
    )

    repeats = []
    for _ in range(REPEATS):
        seconds, status, headers, _ = _timed_get(ctx, SCIATICA)
        assert status == 200 and headers.get("X-Export-Store") == "hit"
        repeats.append(seconds)
    repeats.sort()
    lines.append(
        f"sciatica leaflet, repeat download (from the store): median "
        f"{_ms(statistics.median(repeats))}, p95 {_ms(repeats[int(REPEATS * 0.95) - 1])}"
    )

    etag = headers.get("ETag")
    revalidations = sorted(
        _timed_get(ctx, SCIATICA, {"If-None-Match": etag})[0] for _ in range(REPEATS)
    )
    lines.append(
        f"sciatica leaflet, conditional GET (304): median "
        f"{_ms(statistics.median(revalidations))}"
    )

    cores = os.cpu_count() or 1
    for jobs in sorted({1, cores}):
        files, elapsed, summary = _batch(ctx, jobs)
        lines.append(
            f"export leaflet-pdf --all --limit {BATCH} --jobs {jobs}: {files} files in "
            f"{elapsed:.1f} s wall ({files / elapsed:.1f} leaflets/s); {summary}"
        )
    return lines
