"""Settings of the benchmark server: production, plus Wagtail's API v3 to compare with.

    DJANGO_SETTINGS_MODULE=bench.settings   (set by ``bench.harness``)

Wagtail 8's API v3 (``wagtail.api.v3``, built on Django Ninja) is mounted by the
benchmark only, at ``/api/v3/`` through :mod:`bench.urls`: it knows nothing of consent
or expiry, so Meridian never serves it publicly (``cms.urls`` does not mount it).
"""

from cms.settings.production import *  # noqa: F403

# Django Ninja itself need not be an app: only v3's interactive docs use its templates.
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v3"]  # noqa: F405

ROOT_URLCONF = "bench.urls"
