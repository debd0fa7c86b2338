"""Restoring a content package into an empty, migrated database.

    manifest = restore_package("backups/meridian.zip", progress=tqdm_bar)

Everything that can be checked is checked before anything is written: the zip and
its format version, every member's SHA-256, the migrations the rows were written
under, that the database holds nothing but what ``migrate`` made, and that no media
file would overwrite a different one. Then the media files are written, and one
transaction replaces what migrate made with the package's rows (primary keys kept)
and rebuilds what was left out as derived: the publication store (so the API serves
at once), the search index and the reference index. On any failure the transaction
is rolled back and the media files written are deleted, so nothing has changed.
"""

import contextlib
import hashlib
import io
import zipfile
import zlib

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from wagtail.models import Page, Site

from ..publishing import maintenance
from ..publishing.models import PublicationEvent, StoreState
from .contents import SEEDED_BY_MIGRATIONS, exported_models, field_named
from .manifest import (
    CHUNK,
    PackageError,
    applied_migrations,
    media_member,
    read_manifest,
    verify_members,
)

BATCH = 500
DAMAGED = (zipfile.BadZipFile, EOFError, zlib.error, OSError)


def restore_package(path, progress=None):
    """Restore the package at ``path``; returns its manifest. ``progress`` (e.g. a
    tqdm bar) gets ``reset(total=…)``, ``set_description(stage)`` and ``update(n)``
    for each stage: checking bytes, then restoring rows and files."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackageError(f"{path}: no such file") from None
    except DAMAGED as error:
        raise PackageError(f"{path} is not a readable zip ({error})") from None
    with archive:
        manifest = read_manifest(archive)
        if progress is not None:
            progress.reset(total=sum(m["size"] for m in manifest["members"].values()))
            progress.set_description("checking bytes")
        try:
            verify_members(archive, manifest, progress and progress.update)
        except DAMAGED as error:
            raise PackageError(f"the package is damaged ({error})") from None
        models = models_of(manifest)
        check_migrations(manifest, models)
        check_empty()
        media = media_to_write(archive, manifest)
        if progress is not None:
            rows = sum(entry["count"] for entry in manifest["models"])
            progress.reset(total=rows + len(media))
            progress.set_description("restoring rows and files")
        written = []
        try:
            # Files first: a row that fails to load then finds them to delete.
            for storage, name, member in media:
                write_file(storage, name, archive, member)
                written.append((storage, name))
                if progress is not None:
                    progress.update(1)
            with transaction.atomic():
                try:
                    load(archive, manifest, models, progress)
                except (DatabaseError, DeserializationError) as error:
                    raise PackageError(
                        f"the package's rows do not load: {error}"
                    ) from None
                rebuild_derived(manifest, progress)
                if progress is not None:
                    progress.set_description("committing, then after-commit work")
        except BaseException:
            for storage, name in written:
                with contextlib.suppress(OSError):
                    storage.delete(name)
            raise
    Site.clear_site_root_paths_cache()
    return manifest


def models_of(manifest):
    models = []
    for entry in manifest["models"]:
        try:
            models.append(apps.get_model(entry["model"]))
        except (LookupError, ValueError):
            raise PackageError(
                f"the package holds {entry['model']}, which this Meridian does not have"
            ) from None
    return models


def check_migrations(manifest, models):
    """The rows must have been written under the migrations this database is at."""
    packaged = manifest["migrations"]
    here = applied_migrations(
        {model._meta.app_label for model in models} | set(packaged)
    )
    differ = sorted(app for app in here if here[app] != packaged.get(app, []))
    if differ:
        latest = ", ".join(
            f"{app} {(packaged.get(app) or ['(none)'])[-1]}" for app in differ
        )
        raise PackageError(
            f"the package was written at other migrations of {', '.join(differ)} than "
            f"this database has ({latest} in the package): restore it with the "
            f"Meridian version that wrote it ({manifest['meridian_version']}) into a "
            "database migrated by that version, then upgrade and migrate"
        )


def check_empty():
    """Refuse a database that holds more than ``migrate`` made."""
    found = []
    for model in exported_models():
        if model._meta.label_lower in SEEDED_BY_MIGRATIONS:
            continue
        if count := model._base_manager.count():
            found.append(f"{count} {model._meta.verbose_name_plural}")
    # Migrate makes Wagtail's tree root and its welcome page, nothing below them.
    pages = (
        Page.objects.filter(depth__gt=2).count()
        + Page.objects.exclude(
            content_type__app_label="wagtailcore", content_type__model="page"
        ).count()
    )
    if pages:
        found.insert(0, "pages")
    if found:
        raise PackageError(
            "the database is not empty (it holds "
            f"{', '.join(found[:6])}{', …' if len(found) > 6 else ''}): import_content "
            "restores into a new database that has only been migrated"
        )


def media_to_write(archive, manifest):
    """``[(storage, name, member)]`` to write; a file already in storage with the
    same bytes is left as it is, one with other bytes stops the import."""
    plan = []
    for item in manifest["media"]:
        name, member = item["name"], media_member(item["name"])
        try:
            storage = field_named(item["field"]).storage
        except (LookupError, ValueError, FieldDoesNotExist):
            raise PackageError(
                f"the package's file {name!r} belongs to {item['field']}, which this "
                "Meridian does not have"
            ) from None
        if storage.exists(name):
            if sha256_of(storage, name) != manifest["members"][member]["sha256"]:
                raise PackageError(
                    f"media file {name!r} already exists with other content; "
                    "restore into empty media storage"
                )
            continue
        plan.append((storage, name, member))
    return plan


def sha256_of(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as present:
        while block := present.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def load(archive, manifest, models, progress):
    """Replace every row migrate made with the package's rows, ids kept."""
    for model in exported_models():
        model._base_manager.all()._raw_delete(connection.alias)
    for entry, model in zip(manifest["models"], models, strict=True):
        with archive.open(entry["member"]) as stream:
            rows = serializers.deserialize("json", stream, using=connection.alias)
            batch = []
            for row in rows:
                batch.append(row.object)
                if len(batch) == BATCH:
                    insert(model, batch, progress)
                    batch = []
            insert(model, batch, progress)
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    reset_sequences(models)


def insert(model, rows, progress):
    """Insert ``rows`` as they are: no ``save()``, no signals. A restore is not an
    edit, and what signals keep up to date is rebuilt afterwards. (Django's
    ``bulk_create`` refuses multi-table children, hence the insert it is made of.)"""
    if not rows:
        return
    if any(type(row) is not model for row in rows):
        raise PackageError(f"{model._meta.label_lower}: rows of another model")
    fields = [
        field for field in model._meta.local_concrete_fields if not field.generated
    ]
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), size):
        model._base_manager._insert(
            rows[start : start + size], fields=fields, using=connection.alias, raw=True
        )
    if progress is not None:
        progress.update(len(rows))


def reset_sequences(models):
    """Ids given explicitly do not move PostgreSQL's sequences: move them past."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def write_file(storage, name, archive, member):
    with archive.open(member) as content:
        saved = storage.save(name, content)
    if saved != name:
        storage.delete(saved)
        raise PackageError(f"media storage renamed {name!r} to {saved!r}")


def rebuild_derived(manifest, progress=None):
    """The publication store, search index and reference index, from the rows.

    The change feed carries on after the packaged sequence: partners whose cursor
    is older than it get a 410 and sync again; the rest see every item anew."""
    last = manifest["publication_store"]["last_sequence"]
    if last:
        PublicationEvent.objects.create(
            id=last, resource="", page_id=0, slug="", kind="", at=timezone.now()
        )
        reset_sequences([PublicationEvent])
        PublicationEvent.objects.filter(id=last).delete()
        StoreState.objects.update_or_create(
            pk=StoreState.SINGLETON, defaults={"pruned_through": last}
        )
    items = maintenance.every_item_id()
    if progress is not None:
        progress.reset(total=len(items))
        progress.set_description("rebuilding the publication store")
    maintenance.rebuild(items, progress=progress and progress.update)
    quiet = io.StringIO()
    call_command("update_index", verbosity=0, stdout=quiet, stderr=quiet)
    call_command("rebuild_references_index", verbosity=0, stdout=quiet, stderr=quiet)
