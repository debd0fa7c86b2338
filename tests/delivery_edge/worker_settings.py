"""Settings for a ``manage.py db_worker`` a test starts: the test settings, the
database task backend, and a renderer that can be made slow (``slow_render``)."""

from cms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.delivery_edge.slow_render.SlowRenderConfig"]  # noqa: F405
