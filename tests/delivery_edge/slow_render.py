"""A test app: renders take ``MERIDIAN_TEST_RENDER_SECONDS`` longer, so a test can
kill a worker while its render task is running.

Installed after ``api`` (``worker_settings``), it registers, through the store's
renderer hook, the API's renderer behind a sleep.
"""

import os
import time

from django.apps import AppConfig


class SlowRenderConfig(AppConfig):
    name = "tests.delivery_edge.slow_render"
    label = "slow_render"

    def ready(self):
        from api.rendering import render
        from content_models.publishing import renderer

        delay = float(os.environ.get("MERIDIAN_TEST_RENDER_SECONDS") or 0)

        def slow_render(resource, pages):
            time.sleep(delay)
            return render(resource, pages)

        renderer.register(slow_render)
