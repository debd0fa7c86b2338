"""The multi-node stack under load: Varnish hits and misses, one node alone, and how
long a publish takes to reach readers through Varnish.

    python -m bench.stack            # `make bench` runs it after `python -m bench`
    python -m bench.stack --quick    # 2 s per measurement instead of 8

It starts its own stack with ``deploy/stack.py`` (PostgreSQL, Redis, two gunicorn
nodes with 2 workers each, a ``db_worker``, Varnish) in a temporary directory, with
the demo plus ``BENCH_CONDITIONS`` (default 1000) generated conditions, every
publication rendered before the nodes start, and throttling off. It is a command of
its own, not a section of ``python -m bench``: those share one single-node server,
and this brings up its whole topology. ``BENCH_CONCURRENCY`` (default 4) client
threads, each keeping its connection alive while the server does (Varnish keeps it;
gunicorn's sync workers close it after each answer), ask for condition details:

- *Varnish, miss*: each generated condition once, none asked for before, so Varnish
  fetches every one from a node (round-robin over both);
- *Varnish, hit*: the same URLs again, now in Varnish's cache;
- *node A alone*: the other half of the conditions, straight to one node.

Then *publish to fresh*: a long-running ``manage.py shell`` publishes Sciatica with
a new summary ``PUBLISHES`` times, and the benchmark asks Varnish for its detail
until the new summary comes back; reported as p50 and max, from the moment
``publish()`` returned (it commits, then purges) and from the moment it was called.
The goal is hits ≥ 10× misses. Last, *a site-wide change*: the clinic settings saved,
once purging each URL of each item as before and once with the whole-site ban, and
how long each ``save()`` kept the editor waiting.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from deploy.stack import PROJECT_DIR, running_stack

PUBLISHES = 7
HIT_GOAL = 10.0

SLUGS = """
from content_models.conditions import ConditionPage
generated = ConditionPage.objects.filter(slug__startswith="generated-condition-")
for slug in generated.order_by("pk").values_list("slug", flat=True):
    print("slug", slug)
"""

# Reads "publish" lines on stdin; for each, publishes Sciatica with a new summary
# and prints when publish() was called and when it returned (wall clock).
PUBLISHER = """
import sys, time
from content_models.conditions import ConditionPage
for number, line in enumerate(sys.stdin):
    page = ConditionPage.objects.get(slug="sciatica")
    page.summary = f"Nerve pain down the leg (bench publish {number})."
    called = time.time()
    page.save_revision().publish()
    print("published", number, called, time.time(), flush=True)
"""


# Reads "whole" or "each" lines on stdin; for each, saves the clinic settings (a
# change that reaches every item) and prints when save() was called and returned.
# "each" sets the whole-site threshold out of reach: the purge as it was before,
# three PURGEs an item besides the listings and feeds, for comparison.
SITE_WIDE = """
import sys, time
from wagtail.models import Site
from api import purge
from content_models.settings import ClinicSettings
site = Site.objects.get(is_default_site=True)
for number, line in enumerate(sys.stdin):
    purge.WHOLE_SITE_ABOVE = 100 if line.strip() == "whole" else 10**9
    clinic = ClinicSettings.for_site(site)
    clinic.clinic_name = f"Meridian Clinic (bench {number})"
    called = time.time()
    clinic.save()
    print("saved", number, called, time.time(), flush=True)
"""
# Time for the worker to render every item again between two site-wide saves.
SETTLE_SECONDS = 20


def quick():
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def seconds():
    return float(os.environ.get("BENCH_SECONDS") or (2 if quick() else 8))


def concurrency():
    return int(os.environ.get("BENCH_CONCURRENCY", 4))


def get(port, path, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def load(port, paths, cycle):
    """GET ``paths`` from ``concurrency()`` threads for ``seconds()``: each path once,
    or round and round when ``cycle``. Returns (requests, errors, elapsed, cache
    answers seen)."""
    lock = threading.Lock()
    position = [0]
    counts = {"ok": 0, "errors": 0}
    caches = {}
    deadline = time.monotonic() + seconds()

    def next_path():
        with lock:
            index = position[0]
            position[0] += 1
        if index >= len(paths) and not cycle:
            return None
        return paths[index % len(paths)]

    def worker():
        ok = errors = 0
        seen = {}
        connection = None
        while time.monotonic() < deadline:
            path = next_path()
            if path is None:
                break
            try:
                # One kept-alive connection per client, opened again whenever the
                # server closes it (gunicorn's sync workers close every one).
                if connection is None:
                    connection = http.client.HTTPConnection(
                        "127.0.0.1", port, timeout=30
                    )
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status, headers = response.status, response.headers
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                status, headers = None, {}
                if connection is not None:
                    connection.close()
                connection = None
            if status == 200:
                ok += 1
                cache = headers.get("X-Cache", "none")
                seen[cache] = seen.get(cache, 0) + 1
            else:
                errors += 1
        if connection is not None:
            connection.close()
        with lock:
            counts["ok"] += ok
            counts["errors"] += errors
            for cache, count in seen.items():
                caches[cache] = caches.get(cache, 0) + count

    threads = [threading.Thread(target=worker) for _ in range(concurrency())]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["ok"], counts["errors"], time.monotonic() - started, caches


def add_content(stack):
    """Generated conditions, rendered into the store before any node serves."""
    conditions = os.environ.get("BENCH_CONDITIONS", "1000")
    # Nothing to purge yet: Varnish is not running.
    quiet = {"MERIDIAN_VARNISH_URL": ""}
    started = time.monotonic()
    stack.manage("generate_content", "--conditions", conditions, env=quiet)
    stack.manage("publications", "--rebuild", env=quiet)
    print(
        f"-- {conditions} generated conditions, rendered: "
        f"{time.monotonic() - started:.0f} s",
        flush=True,
    )


def throughput_rows(stack):
    output = stack.manage("shell", "-v", "0", "-c", SLUGS).stdout.splitlines()
    slugs = [line.split()[1] for line in output if line.startswith("slug ")]
    details = [f"/api/v1/conditions/{slug}/" for slug in slugs]
    half = len(details) // 2
    varnish, node_a = stack.ports["varnish"], stack.ports["node_a"]
    runs = [
        ("Varnish, miss", load(varnish, details[:half], cycle=False)),
        ("Varnish, hit", load(varnish, details[:half], cycle=True)),
        ("node A alone", load(node_a, details[half:], cycle=False)),
    ]
    lines = [
        f"condition details, {concurrency()} client threads, "
        f"up to {seconds():.0f} s each",
        f"{'':<16}{'req/s':>9}{'requests':>10}{'errors':>8}  X-Cache",
    ]
    rates = {}
    for name, (ok, errors, elapsed, caches) in runs:
        rates[name] = ok / elapsed
        seen = ", ".join(f"{cache} {count}" for cache, count in sorted(caches.items()))
        lines.append(f"{name:<16}{rates[name]:>9.0f}{ok:>10}{errors:>8}  {seen}")
    ratio = rates["Varnish, hit"] / rates["Varnish, miss"]
    verdict = "met" if ratio >= HIT_GOAL else "NOT met"
    lines.append(f"hits ÷ misses: {ratio:.1f}× (goal ≥ {HIT_GOAL:.0f}×: {verdict})")
    lines.append(
        f"misses ÷ node A alone: {rates['Varnish, miss'] / rates['node A alone']:.2f}×"
    )
    return lines


class Shell:
    """A long-running ``manage.py shell -c code`` on the stack, driven a line at a
    time: ``ask(command)`` writes one line and returns ``(called, returned)``, the
    wall-clock times of the line the code prints back (``<word> <number> <called>
    <returned>``)."""

    def __init__(self, stack, code):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=PROJECT_DIR,
            env=stack.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # Wagtail logs every purged URL
            text=True,
        )

    def ask(self, command):
        self.process.stdin.write(f"{command}\n")
        self.process.stdin.flush()
        while True:  # past anything else the shell prints
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the benchmark's shell stopped")
            words = line.split()
            if len(words) == 4 and words[0] in ("published", "saved"):
                return float(words[2]), float(words[3])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def publish_rows(stack):
    detail = "/api/v1/conditions/sciatica/"
    after_return, after_call, publish_took = [], [], []
    with Shell(stack, PUBLISHER) as publisher:
        for number in range(PUBLISHES):
            get(stack.ports["varnish"], detail)  # cached before the publish
            called, returned = publisher.ask("publish")
            wanted = f"(bench publish {number})"
            while True:
                status, headers, body = get(stack.ports["varnish"], detail)
                if wanted in json.loads(body)["summary"]:
                    fresh = time.time()
                    break
                time.sleep(0.01)
            after_return.append(fresh - returned)
            after_call.append(fresh - called)
            publish_took.append(returned - called)

    def ms(values):
        return (
            f"p50 {statistics.median(values) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms"
        )

    return [
        f"publish to fresh through Varnish, {PUBLISHES} publishes of Sciatica:",
        f"  after publish() returned: {ms(after_return)}",
        f"  after publish() was called: {ms(after_call)}",
        f"  publish() itself (commit, then purges): {ms(publish_took)}",
    ]


def site_wide_rows(stack):
    """How long saving the clinic settings keeps the editor waiting, with the
    whole-site purge (one ban) and with a PURGE for each URL of each item."""
    detail = "/api/v1/conditions/sciatica/"
    took, after = {}, {}
    with Shell(stack, SITE_WIDE) as saver:
        for mode in ("each", "whole"):
            get(stack.ports["varnish"], detail)
            get(stack.ports["varnish"], detail)  # now a hit
            called, returned = saver.ask(mode)
            took[mode] = returned - called
            _, headers, _ = get(stack.ports["varnish"], detail)
            after[mode] = headers.get("x-cache", "?")
            time.sleep(SETTLE_SECONDS)
    return [
        "clinic settings saved (every item changes), time save() kept the editor:",
        f"  one ban (Meridian-Purge: everything): {took['whole'] * 1000:.0f} ms; "
        f"Sciatica through Varnish next: {after['whole']}",
        f"  a PURGE per URL, as before: {took['each'] * 1000:.0f} ms; "
        f"Sciatica through Varnish next: {after['each']}",
    ]


def main(argv):
    if "--quick" in argv:
        os.environ["BENCH_QUICK"] = "1"
    workdir = tempfile.mkdtemp(prefix="meridian-bench-stack-")
    started = time.monotonic()
    print(f"\n== bench.stack ({os.cpu_count()} cores; {load_average()})", flush=True)
    try:
        with running_stack(
            workdir,
            env={"MERIDIAN_API_ANON_RATE": ""},
            say=lambda line: print(f"-- {line}", flush=True),
            setup=add_content,
        ) as stack:
            rows = throughput_rows(stack) + publish_rows(stack)
            for line in rows + site_wide_rows(stack):
                print(line, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"-- bench.stack: {(time.monotonic() - started) / 60:.1f} min; {load_average()}"
    )


def load_average():
    return "load average " + " / ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1:])
