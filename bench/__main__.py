"""``python -m bench`` — run every benchmark section against one prepared server.

Each section is a module in this package with ``run(ctx) -> list[str]`` that returns
the lines it wants printed; ``ctx`` is the :class:`bench.harness.BenchContext` (a
gunicorn server under production settings on the demo plus generated content).
Sections whose module is missing are skipped, so the sections can land separately.
"""

import importlib
import sys

SECTIONS = ["bench.api", "bench.leaflet", "bench.feeds"]


def main(argv):
    from bench.harness import prepared_server

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
            print(f"\n== {name}")
            for line in module.run(ctx):
                print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
