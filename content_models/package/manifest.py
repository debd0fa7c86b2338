"""The package format and its manifest: what a package says about itself.

    manifest = read_manifest(archive)        # PackageError if unknown or damaged
    verify_members(archive, manifest)        # every member's size and SHA-256

``manifest.json`` is the one member not listed in itself::

    {"format": "meridian-content-package", "format_version": 1,
     "meridian_version": "0.1.0", "created_at": "2026-11-30T10:00:00+00:00",
     "database": "sqlite", "migrations": {"content_models": ["0001_initial", …]},
     "models": [{"model": "wagtailcore.page", "member": "data/wagtailcore.page.json",
                 "count": 117}, …],
     "media": ["original_images/sciatica.png", …],  # each stored as media/<name>
     "members": {"data/wagtailcore.page.json": {"size": 81234, "sha256": "…"}, …},
     "publication_store": {"last_sequence": 19}}

A reader refuses a format version it does not know; version 1 is the only one.
"""

import hashlib
import json
from importlib import metadata

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "meridian-content-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
REQUIRED = frozenset(
    {"created_at", "media", "members", "meridian_version", "migrations", "models"}
    | {"publication_store"}
)


class PackageError(Exception):
    """The package cannot be written or restored; the message says why."""


def meridian_version():
    try:
        return metadata.version("meridian")
    except metadata.PackageNotFoundError:
        return "unknown"


def applied_migrations(app_labels):
    """``{app: [migration names]}`` applied to this database, for ``app_labels``."""
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        app: sorted(name for label, name in applied if label == app)
        for app in sorted(app_labels)
    }


def media_member(name):
    return f"media/{name}"


def data_member(label):
    return f"data/{label}.json"


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise PackageError("not a content package: it has no manifest.json") from None
    except ValueError as error:
        raise PackageError(f"manifest.json is not valid JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError("not a content package: manifest.json names no known format")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PackageError(
            f"package format version {version!r} is not one this Meridian "
            f"({meridian_version()}) can read; it reads version {FORMAT_VERSION}"
        )
    if missing := sorted(REQUIRED - set(manifest)):
        raise PackageError(f"manifest.json lacks {', '.join(missing)}")
    return manifest


def verify_members(archive, manifest, progress=None):
    """Check that the zip holds exactly the listed members, each with its size and
    SHA-256; ``progress(bytes)`` is called as they are read."""
    listed = manifest["members"]
    present = set(archive.namelist()) - {MANIFEST}
    if missing := sorted(set(listed) - present):
        raise PackageError(f"package is incomplete: {', '.join(missing[:5])} missing")
    if extra := sorted(present - set(listed)):
        raise PackageError(f"package holds unlisted members: {', '.join(extra[:5])}")
    for member, expected in listed.items():
        digest, size = hashlib.sha256(), 0
        with archive.open(member) as stream:
            while block := stream.read(CHUNK):
                digest.update(block)
                size += len(block)
                if progress:
                    progress(len(block))
        if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise PackageError(
                f"{member} does not match its checksum: the package is damaged"
            )
