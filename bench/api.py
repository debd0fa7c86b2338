"""API v1 against Wagtail's API v2 and v3: cold and warm, details and listings.

    python -m bench api          # or `make bench` for every section

One server and one content (the demo plus ``BENCH_CONDITIONS`` generated conditions,
every publication rendered by ``publications --rebuild`` just before the server
started), ``BENCH_CONCURRENCY`` (default 4) client threads over loopback, a new
connection per request:

- *detail, cold*: every request asks for a different generated condition, each at most
  once, none asked for by anyone since it was published (this row runs first, on half
  the generated conditions; ``bench.scale`` keeps the other half cold);
- *detail, warm*: one generated condition's URL again and again;
- *listing, cold*: a different page of 20 (``offset=<n>``) on every request, each at
  most once; *listing, warm*: one listing URL again and again. Both as the compact
  default and with every field;
- *not modified*: v1's warm detail with its ``ETag`` in ``If-None-Match`` (a 304). v2
  and v3 send no validators, so they have no such row.

Each measurement lasts ``BENCH_SECONDS`` (default 10, 2 with ``BENCH_QUICK=1``) per API,
in ``ROUNDS`` slices that alternate the APIs, so that other work on the machine weighs
on each alike; a cold one stops early when it runs out of items it has not asked for.
Besides requests per second and latency it reads the server's CPU time per request
(every gunicorn process, from ``/proc``), which the client's own share of the two cores
does not blur. The URLs are in ``DETAIL`` and ``LISTINGS``; v3 has no field selection
on listings (its listing is always id, title and meta), so it has no ``fields=*`` row.
Goals (``GOALS``) come from the performance budgets in DESIGN.md.
"""

import os
import random
import threading
import time
from dataclasses import dataclass, field

from bench.harness import quick, run_timed

APIS = ("v1", "v2", "v3")
PAGE = 20
ROUNDS = 5
CONDITION = "type=content_models.ConditionPage"
DETAIL = {
    "v1": "/api/v1/conditions/{slug}/",
    "v2": "/api/v2/pages/{id}/",
    "v3": "/api/v3/pages/{id}/",
}
LISTINGS = {
    "compact": {
        "v1": f"/api/v1/conditions/?limit={PAGE}",
        "v2": f"/api/v2/pages/?{CONDITION}&limit={PAGE}",
        "v3": f"/api/v3/pages/?{CONDITION}&limit={PAGE}",
    },
    "fields=*": {
        "v1": f"/api/v1/conditions/?fields=*&limit={PAGE}",
        "v2": f"/api/v2/pages/?{CONDITION}&fields=*&limit={PAGE}",
    },
}
NOT_MODIFIED = "not modified (304)"
# scenario: (baseline API, least v1 req/s ÷ baseline req/s)
GOALS = {
    "detail, cold": ("v3", 3.0),
    "detail, warm": ("v2", 5.0),
    "listing compact, cold": ("v3", 2.0),
    "listing compact, warm": ("v2", 10.0),
    "listing fields=*, cold": ("v2", 3.0),
    "listing fields=*, warm": ("v2", 10.0),
}

TARGETS = """
from content_models.conditions import ConditionPage
generated = ConditionPage.objects.filter(slug__startswith="generated-condition-")
for pk, slug in generated.order_by("pk").values_list("pk", "slug"):
    print("target", pk, slug)
sciatica = ConditionPage.objects.get(slug="sciatica")
print("sciatica", sciatica.pk, sciatica.slug)
"""


@dataclass(frozen=True)
class Target:
    id: int
    slug: str


@dataclass
class Probe:
    """One side of a scenario: one path asked again and again, or many once."""

    label: str
    paths: object  # a str (warm), or a list of str (cold: each at most once)
    headers: dict | None = None
    status: int = 200

    def rounds(self):
        """The paths of each round: all of them, or the next share of a cold list."""
        if isinstance(self.paths, str):
            return [self.paths] * ROUNDS
        count = len(self.paths)
        return [
            self.paths[r * count // ROUNDS : (r + 1) * count // ROUNDS]
            for r in range(ROUNDS)
        ]


@dataclass
class Side:
    """What is measured side by side: one API on one server."""

    name: str  # the column: "v2", or "20,000" in bench.scale
    ctx: object
    api: str
    probes: dict = field(default_factory=dict)  # scenario name: Probe


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    server_cpu: float = 0.0  # CPU seconds the server spent meanwhile, all workers

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self):
        """Server CPU per request: the server's cost, whatever the client's."""
        answered = self.requests + self.errors
        return self.server_cpu / answered * 1000 if answered else float("nan")

    def percentile(self, share):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def add(self, other):
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.server_cpu += other.server_cpu


def seconds_per_measurement():
    return float(os.environ.get("BENCH_SECONDS") or (2 if quick() else 10))


def concurrency():
    return int(os.environ.get("BENCH_CONCURRENCY", 4))


def load(ctx, paths, headers, expect, seconds):
    """GETs from ``concurrency()`` threads until the time is up or the paths run out."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, errors = [], [0]
    if isinstance(paths, str):
        next_path = lambda: paths  # noqa: E731
    else:
        remaining = iter(paths)

        def next_path():
            with lock:
                return next(remaining, None)

    def worker():
        mine, failed = [], 0
        while time.monotonic() < deadline:
            path = next_path()
            if path is None:
                break
            started = time.perf_counter()
            try:
                status, _, _ = ctx.get(path, headers=headers, timeout=30)
            except OSError:
                status = None
            if status == expect:
                mine.append(time.perf_counter() - started)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(concurrency())]
    elapsed, cpu = run_timed(ctx, threads)
    return Result(len(latencies), errors[0], elapsed, latencies, cpu)


def targets(ctx):
    """``(generated conditions, sciatica)`` as :class:`Target`, from the database."""
    output = ctx.manage("shell", "-v", "0", "-c", TARGETS).stdout.splitlines()
    found = {"target": [], "sciatica": []}
    for line in output:
        kind, _, rest = line.partition(" ")
        if kind in found:
            pk, slug = rest.split()
            found[kind].append(Target(int(pk), slug))
    return found["target"], found["sciatica"][0]


def detail(api, target):
    return DETAIL[api].format(id=target.id, slug=target.slug)


def shuffled(api, values):
    """The same order in every run, a different one per API."""
    return random.Random(f"meridian-bench-{api}").sample(list(values), len(values))


def fail(ctx, path, status):
    raise RuntimeError(
        f"{path} answered {status}; the server's log ends:\n{ctx.log_tail()}"
    )


def side(name, ctx, api, cold_half):
    """One API on one server, warmed up, with its probes in the order they run.

    Cold details draw on ``cold_half`` (0 or 1) of the generated conditions, so a
    second measurement on the same server still asks for items nobody asked for.
    """
    generated, sciatica = targets(ctx)
    # Each worker's first requests load code and caches: make them on the demo.
    for _ in range(4):
        status, _, _ = ctx.get(detail(api, sciatica))
        if status != 200:
            fail(ctx, detail(api, sciatica), status)
    warm = generated[len(generated) // 2]
    cold = [t for t in generated[cold_half::2] if t != warm]
    probes = {
        "detail, cold": Probe(
            detail(api, Target("<id>", "<slug>")),
            [detail(api, t) for t in shuffled(api, cold)],
        ),
        "detail, warm": Probe(detail(api, warm), detail(api, warm)),
    }
    if api == "v1":
        etag = ctx.get(detail(api, warm))[1]["ETag"]
        probes[NOT_MODIFIED] = Probe(
            f"{detail(api, warm)} (If-None-Match)",
            detail(api, warm),
            {"If-None-Match": etag},
            304,
        )
    offsets = range(len(generated) - PAGE)
    for kind, urls in LISTINGS.items():
        if api in urls:
            probes[f"listing {kind}, cold"] = Probe(
                f"{urls[api]}&offset=<n>",
                [f"{urls[api]}&offset={n}" for n in shuffled(api, offsets)],
            )
            probes[f"listing {kind}, warm"] = Probe(urls[api], urls[api])
    return Side(name, ctx, api, probes)


def measure(sides):
    """Every scenario, the sides alternating in rounds: ``{scenario: {side: Result}}``."""
    names = []
    for each in sides:
        names += [name for name in each.probes if name not in names]
    slice_seconds = seconds_per_measurement() / ROUNDS
    results = {}
    for name in names:
        present = [each for each in sides if name in each.probes]
        for each in present:
            probe = each.probes[name]
            if isinstance(probe.paths, str):
                for _ in range(3):
                    status, _, _ = each.ctx.get(probe.paths, headers=probe.headers)
                if status != probe.status:
                    fail(each.ctx, probe.paths, status)
        results[name] = {each.name: Result() for each in present}
        shares = {each.name: each.probes[name].rounds() for each in present}
        for number in range(ROUNDS):
            # Who goes first changes each round: no side always follows another.
            turn = present[number % len(present) :] + present[: number % len(present)]
            for each in turn:
                probe = each.probes[name]
                results[name][each.name].add(
                    load(
                        each.ctx,
                        shares[each.name][number],
                        probe.headers,
                        probe.status,
                        slice_seconds,
                    )
                )
    return results


def cell(result):
    if result is None:
        return f"{'—':>10} {'':>8} {'':>8}"
    errors = f" ({result.errors} errors)" if result.errors else ""
    return (
        f"{result.rate:10.1f} {result.percentile(0.5):6.1f}ms "
        f"{result.cpu_ms:6.2f}ms{errors}"
    )


def describe_store(ctx):
    store = ctx.store
    if not store:
        return "publication store: not rebuilt"
    return (
        f"publication store: `publications --rebuild` rendered {store['rendered']:,} "
        f"items in {store['seconds']:.1f} s ({store['wall']:.1f} s with start-up); it "
        f"holds {store['items']:,} public items, {store['bytes']:,} bytes "
        f"({store['bytes'] / max(store['items'], 1) / 1024:.1f} KiB per item)"
    )


def settings_line(ctx):
    return (
        f"{concurrency()} client threads, up to {seconds_per_measurement():g} s per "
        f"measurement and side in {ROUNDS} alternating rounds; cold rows ask for each "
        "item or page at most once"
    )


def run(ctx):
    sides = [side(api, ctx, api, cold_half=0) for api in APIS]
    results = measure(sides)
    lines = [
        f"content: demo + generate_content --conditions {ctx.conditions}; "
        + settings_line(ctx),
        describe_store(ctx),
        "",
        "req/s: throughput; p50: median latency; cpu: server CPU per request",
        f"{'scenario':<24}"
        + "".join(f"{api + ' req/s':>11} {'p50':>8} {'cpu':>8}" for api in APIS),
    ]
    for name, row in results.items():
        lines.append(f"{name:<24}" + "".join(cell(row.get(api)) for api in APIS))
    lines += ["", "requests (<id>, <slug>, <n>: a different one each time):"]
    for name in results:
        for each in sides:
            if name in each.probes:
                lines.append(f"  {name:<24} {each.api} GET {each.probes[name].label}")
    lines += [
        "",
        "goals: v1 req/s ÷ baseline req/s (and the baseline's server CPU per "
        "request ÷ v1's):",
    ]
    for name, (baseline, goal) in GOALS.items():
        ours, theirs = results[name]["v1"], results[name][baseline]
        ratio = ours.rate / theirs.rate
        verdict = "met" if ratio >= goal else "NOT met"
        lines.append(
            f"  {name:<24} v1 ÷ {baseline} {ratio:6.2f}×  (goal ≥ {goal:g}×: {verdict})"
            f"  cpu {theirs.cpu_ms / ours.cpu_ms:5.2f}×"
        )
    return lines
