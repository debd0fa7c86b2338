"""``python -m bench [--quick] [SECTION ...]`` — run benchmark sections on one server.

    python -m bench                  # every section (what `make bench` runs)
    python -m bench api scale        # API v1 / v2 / v3, then v1 at 20,000 conditions
    python -m bench --quick          # short: 2 s measurements, smaller batches

Each section is a module in this package with ``run(ctx) -> list[str]`` that returns
the lines it wants printed; ``ctx`` is the :class:`bench.harness.BenchContext` (a
gunicorn server under production settings on the demo plus generated content).
Sections run in the order of ``SECTIONS``; ``scale`` starts a second, larger server
and measures v1 on both side by side. ``--quick`` is ``BENCH_QUICK=1``.
Sections whose module is missing are skipped, so the sections can land separately.
"""

import importlib
import os
import sys
import time

SECTIONS = [
    "bench.api",
    "bench.leaflet",
    "bench.feeds",
    "bench.load",
    "bench.reports",
    "bench.scale",
]


def main(argv):
    if "--quick" in argv:
        os.environ["BENCH_QUICK"] = "1"
        argv = [arg for arg in argv if arg != "--quick"]
    unknown = set(argv) - {name.rsplit(".", 1)[-1] for name in SECTIONS}
    if unknown:
        sys.exit(f"unknown section(s): {', '.join(sorted(unknown))}")

    from bench.harness import prepared_server

    started = time.monotonic()
    print(f"-- {os.cpu_count()} cores; {load_average()}", flush=True)
    wanted = set(argv) or None
    with prepared_server() as ctx:
        for name in SECTIONS:
            if wanted and name.rsplit(".", 1)[-1] not in wanted:
                continue
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                print(f"-- {name}: not present, skipped")
                continue
            print(f"\n== {name} ({load_average()})", flush=True)
            for line in module.run(ctx):
                print(line, flush=True)
    print(
        f"\n-- whole run: {(time.monotonic() - started) / 60:.1f} min; {load_average()}"
    )


def load_average():
    """Other work on the machine moves every figure: say how much there was."""
    return "load average " + " / ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1:])
