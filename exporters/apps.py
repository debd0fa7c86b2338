"""App config: loads the exporter registry at start-up so a bad plugin stops it early."""

from django.apps import AppConfig


class ExportersConfig(AppConfig):
    name = "exporters"
    verbose_name = "Exporters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, tasks  # noqa: F401  (system check, publish receivers)
        from .registry import get_registry

        # A name clash or a plugin that fails to import is an error now, not later.
        get_registry()
