"""The export store: rendered files (leaflets) kept so a repeat download is instant.

    >>> store = get_store()
    >>> key = store.key_for(exporter, page, context)
    >>> store.get(key) or store.put(key, exporter.render([page], context))

A key covers everything that changes the file: the page and its published revision,
the options, the exporter's name, version and template fingerprint, the base URL and
whatever the exporter adds (``cache_parts``: revisions of linked pages, clinic
details). Files live in a Django storage (``MERIDIAN_EXPORT_STORE``), so several app
servers and background workers share one store (e.g. object storage in production).
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

DEFAULTS = {"STORAGE": "default", "LOCATION": "rendered-exports"}


def _revision(page):
    return page.live_revision_id or page.latest_revision_id or 0


class ExportStore:
    """Rendered exports in a storage, one folder per exporter and page."""

    def __init__(self, storage, location):
        self.storage = storage
        self.location = location.strip("/")

    def key_for(self, exporter, page, context):
        """The storage path for this page's export with these options."""
        parts = {
            "exporter": [exporter.name, exporter.version, exporter.fingerprint()],
            "page": [page.pk, _revision(page), str(page.last_published_at)],
            "options": sorted(context.options.items()),
            "base_url": context.base_url,
            "extra": exporter.cache_parts(page, context),
        }
        digest = hashlib.sha256(
            json.dumps(parts, sort_keys=True, default=str).encode()
        ).hexdigest()[:32]
        name = f"{_revision(page)}-{digest}"
        if exporter.extension:
            name += f".{exporter.extension}"
        return f"{self.location}/{exporter.name}/{page.pk}/{name}"

    def get(self, key):
        """The stored bytes for ``key``, or ``None``."""
        try:
            with self.storage.open(key, "rb") as stored:
                return stored.read()
        except (FileNotFoundError, OSError):
            return None

    def put(self, key, content):
        """Keep ``content`` under ``key`` and drop files of older revisions."""
        if not self.storage.exists(key):
            try:
                path = Path(self.storage.path(key))
            except NotImplementedError:  # object storage: an upload is atomic
                saved = self.storage.save(key, ContentFile(content))
                if saved != key:  # another process stored it meanwhile
                    self.storage.delete(saved)
            else:
                _write_atomically(path, content)
        self._prune(key)
        return content

    def _prune(self, key):
        folder, name = key.rsplit("/", 1)
        revision = name.split("-", 1)[0]
        try:
            _, files = self.storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            return
        for old in files:
            if not old.startswith(".") and old.split("-", 1)[0] != revision:
                self.storage.delete(f"{folder}/{old}")

    def clear(self, exporter_name=None, page_id=None):
        """Remove stored files (all, one exporter's, or one page's for it)."""
        folder = self.location
        if exporter_name:
            folder += f"/{exporter_name}"
            if page_id is not None:
                folder += f"/{page_id}"
        self._delete_tree(folder)

    def _delete_tree(self, folder):
        try:
            folders, files = self.storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            self.storage.delete(f"{folder}/{name}")
        for name in folders:
            self._delete_tree(f"{folder}/{name}")


def _write_atomically(path, content):
    """Readers in other processes see the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=".", suffix=".partial", delete=False
    ) as partial:
        partial.write(content)
    os.chmod(partial.name, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
    os.replace(partial.name, path)


def get_store():
    config = {**DEFAULTS, **getattr(settings, "MERIDIAN_EXPORT_STORE", {})}
    return ExportStore(storages[config["STORAGE"]], config["LOCATION"])
