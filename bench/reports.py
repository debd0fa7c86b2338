"""How long staff wait for the admin's reports on the benchmark content.

    python -m bench reports     # or `make bench`; `bench.scale` repeats it at 20,000

Each Meridian report (Reviews due, Image licences, Broken links) is fetched through
the running server as a signed-in superuser, its first page and its CSV download,
``ROUNDS`` times each; printed: median and slowest wall time, and the size. The
content is the demo plus the generated conditions, each of which links to treatments
in its rich text, so Broken links reads every one of their latest revisions.
"""

import statistics
import time

from bench.harness import quick

REPORTS = {
    "Reviews due": "/admin/reports/reviews-due/",
    "Image licences": "/admin/reports/image-licences/",
    "Broken links": "/admin/reports/broken-links/",
}

# A superuser and a signed-in session for them, made in the benchmark's database;
# prints the session cookie's name and value.
SIGN_IN = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(
    username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(settings.SESSION_COOKIE_NAME, session.session_key)
"""


def rounds():
    return 2 if quick() else 5


def signed_in(ctx):
    """The ``Cookie`` header of a superuser's session on ``ctx``'s server."""
    output = ctx.manage("shell", "-c", SIGN_IN).stdout.split()
    name, key = output[-2:]
    return {"Cookie": f"{name}={key}"}


def measure(ctx):
    """``{(report, "page" | "CSV"): (median s, max s, bytes)}`` on ``ctx``'s server."""
    headers = signed_in(ctx)
    results = {}
    for report, path in REPORTS.items():
        for kind, url in (("page", path), ("CSV", f"{path}?export=csv")):
            seconds, size = [], 0
            for _ in range(rounds()):
                started = time.monotonic()
                status, _, body = ctx.get(url, headers=headers, timeout=300)
                seconds.append(time.monotonic() - started)
                if status != 200:
                    raise RuntimeError(f"{url}: {status}\n{ctx.log_tail()}")
                size = len(body)
            results[(report, kind)] = (statistics.median(seconds), max(seconds), size)
    return results


def lines_for(results, label):
    lines = [f"{'report':<16} {'':<5} {label + ': median':>18} {'max':>8} {'size':>9}"]
    for (report, kind), (median, slowest, size) in results.items():
        lines.append(
            f"{report:<16} {kind:<5} {median * 1000:16.0f}ms {slowest * 1000:6.0f}ms "
            f"{size / 1024:7.0f}KB"
        )
    return lines


def run(ctx):
    return [
        f"admin reports as a superuser, {rounds()} rounds each, on demo + "
        f"{ctx.conditions:,} conditions",
        *lines_for(measure(ctx), f"{ctx.conditions:,}"),
    ]
