"""The exporter registry: every installed exporter, found through entry points.

    >>> from exporters.registry import get_registry
    >>> registry = get_registry()
    >>> registry.get("leaflet-pdf")                # or raises UnknownExporter
    >>> registry.for_resource("conditions", scope="collection")
    >>> [exporter.name for exporter in registry.all()]

Exporters are declared in the ``meridian.exporters`` entry-point group, Meridian's
built-ins included (see ``pyproject.toml``), so one path serves built-ins and
third-party plugins alike::

    [project.entry-points."meridian.exporters"]
    markdown = "meridian_exporter_markdown:MarkdownExporter"

``MERIDIAN_EXPORTERS`` (a list of names) chooses which installed exporters are
enabled; ``None`` enables every one installed. Exporters left out are never imported.
Two enabled exporters with one name, or an entry point that fails to load, stop
start-up with :class:`~django.core.exceptions.ImproperlyConfigured`.
"""

import threading
from dataclasses import dataclass
from importlib.metadata import entry_points

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Exporter

ENTRY_POINT_GROUP = "meridian.exporters"


class UnknownExporter(KeyError):
    """No enabled exporter has this name (or it does not take this resource)."""

    def __init__(self, name, available=(), message=None):
        self.name = name
        self.message = message or (
            f"no exporter named '{name}'; available: {', '.join(available) or 'none'}"
        )
        super().__init__(self.message)

    def __str__(self):  # KeyError would print the message with quotes around it
        return self.message


@dataclass(frozen=True)
class Origin:
    """Where an exporter comes from: its distribution and entry point."""

    distribution: str
    version: str
    entry_point: str

    def __str__(self):
        return f"{self.distribution} {self.version} ({self.entry_point})"


def _origin(entry_point):
    dist = getattr(entry_point, "dist", None)
    return Origin(
        distribution=dist.name if dist else "unknown distribution",
        version=dist.version if dist else "",
        entry_point=f"{entry_point.name} = {entry_point.value}",
    )


def _load(entry_point, origin):
    try:
        exporter_class = entry_point.load()
    except Exception as error:
        raise ImproperlyConfigured(
            f"exporter entry point '{entry_point.name}' from {origin.distribution} "
            f"could not be loaded ({entry_point.value}): "
            f"{type(error).__name__}: {error}"
        ) from error
    if not (isinstance(exporter_class, type) and issubclass(exporter_class, Exporter)):
        raise ImproperlyConfigured(
            f"exporter entry point '{entry_point.name}' from {origin.distribution} "
            f"points at {entry_point.value}, which is not an exporters.base.Exporter "
            "subclass"
        )
    exporter = exporter_class()
    if exporter.name != entry_point.name:
        raise ImproperlyConfigured(
            f"exporter entry point '{entry_point.name}' from {origin.distribution} "
            f"loads an exporter named '{exporter.name}'; the two names must match"
        )
    # The core imports no app at module level; resources are only named here.
    from content_models.resources import RESOURCES

    unknown = set(exporter.resources) - set(RESOURCES.names())
    if unknown:
        raise ImproperlyConfigured(
            f"exporter '{exporter.name}' from {origin.distribution} accepts unknown "
            f"resources {sorted(unknown)}; known: {', '.join(RESOURCES.names())}"
        )
    if exporter.scope not in (Exporter.ITEM, Exporter.COLLECTION):
        raise ImproperlyConfigured(
            f"exporter '{exporter.name}' from {origin.distribution} has scope "
            f"'{exporter.scope}'; use Exporter.ITEM or Exporter.COLLECTION"
        )
    return exporter


class Registry:
    """The enabled exporters by name, and where each came from."""

    def __init__(self, exporters=(), origins=None, installed=()):
        self._exporters = {exporter.name: exporter for exporter in exporters}
        self.origins = dict(origins or {})
        self.installed = tuple(
            sorted(installed)
        )  # every installed name, enabled or not

    @classmethod
    def from_entry_points(cls, found=None, allowed=None):
        """Build from ``found`` entry points (default: the installed ones).

        ``allowed`` is the allow-list of names; ``None`` enables all of them.
        """
        if found is None:
            found = entry_points(group=ENTRY_POINT_GROUP)
        by_name = {}
        for entry_point in found:
            origin = _origin(entry_point)
            by_name.setdefault(entry_point.name, {})[origin.distribution] = (
                entry_point,
                origin,
            )
        exporters, origins = [], {}
        for name, candidates in sorted(by_name.items()):
            if allowed is not None and name not in allowed:
                continue
            if len(candidates) > 1:
                raise ImproperlyConfigured(
                    f"two installed exporters are named '{name}': "
                    + " and ".join(str(origin) for _, origin in candidates.values())
                    + ". Uninstall one, or leave the name out of MERIDIAN_EXPORTERS."
                )
            ((entry_point, origin),) = candidates.values()
            exporters.append(_load(entry_point, origin))
            origins[name] = origin
        return cls(exporters, origins, installed=by_name)

    def all(self):
        """Every enabled exporter, sorted by name."""
        return [self._exporters[name] for name in sorted(self._exporters)]

    def names(self):
        return sorted(self._exporters)

    def __contains__(self, name):
        return name in self._exporters

    def __len__(self):
        return len(self._exporters)

    def get(self, name):
        """The exporter called ``name``; raises :class:`UnknownExporter` otherwise."""
        try:
            return self._exporters[name]
        except KeyError:
            raise UnknownExporter(name, self.names()) from None

    def get_for(self, name, resource, scope=None):
        """Like ``get``, but also raises UnknownExporter if it refuses ``resource``."""
        exporter = self.get(name)
        wrong_scope = scope is not None and exporter.scope != scope
        if wrong_scope or not exporter.accepts(resource):
            raise UnknownExporter(
                name,
                message=f"exporter '{name}' does not export {resource}"
                + (f" as {scope}" if wrong_scope else "")
                + f"; it exports {exporter.scope}s of "
                + (", ".join(exporter.resources) or "nothing"),
            )
        return exporter

    def for_resource(self, resource, scope=None):
        """Enabled exporters that accept ``resource`` (and ``scope``, if given)."""
        return [
            exporter
            for exporter in self.all()
            if exporter.accepts(resource) and (scope is None or exporter.scope == scope)
        ]


_registry = None
_lock = threading.Lock()


def get_registry():
    """The registry for this process, built on first use from the installed plugins."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = Registry.from_entry_points(
                    allowed=getattr(settings, "MERIDIAN_EXPORTERS", None)
                )
    return _registry


def reset_registry():
    """Forget the registry, so the next ``get_registry()`` looks again (tests)."""
    global _registry
    with _lock:
        _registry = None
