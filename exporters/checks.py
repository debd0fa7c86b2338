"""System checks: what the registry loaded, and allow-list names that match nothing.

$ python manage.py check
?: (exporters.I001) Exporters enabled: atom, json-feed, leaflet-pdf, rss
"""

from django.conf import settings
from django.core import checks

from .registry import get_registry


@checks.register("exporters")
def exporters_loaded(app_configs=None, **kwargs):
    registry = get_registry()
    messages = [
        checks.Info(
            "Exporters enabled: "
            + (
                ", ".join(
                    f"{name} [{registry.origins[name].distribution}]"
                    for name in registry.names()
                )
                or "none"
            ),
            id="exporters.I001",
        )
    ]
    allowed = getattr(settings, "MERIDIAN_EXPORTERS", None)
    if allowed is not None:
        missing = sorted(set(allowed) - set(registry.installed))
        if missing:
            messages.append(
                checks.Warning(
                    f"MERIDIAN_EXPORTERS names exporters that are not installed: "
                    f"{', '.join(missing)}",
                    hint="Install the plugin's package, or remove the name.",
                    id="exporters.W001",
                )
            )
    return messages
