"""Writing a content package: one consistent read of the database, a temporary file
beside the destination, and a rename once every member is written.

    manifest = write_package("backups/meridian.zip", progress=tqdm_bar)

A failure part-way (a media file missing from storage, a full disk) leaves no
partial package and whatever was at the destination before untouched. The package
is created readable by its owner only: it holds password hashes and webhook secrets.
"""

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from ..publishing.models import PublicationEvent, StoreState
from .contents import exported_models, field_label, media_of
from .manifest import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PackageError,
    applied_migrations,
    data_member,
    media_member,
    meridian_version,
)
from .serialization import PackageSerializer

ROWS_PER_QUERY = 2000
COPY_CHUNK = 1024 * 1024


def write_package(path, progress=None):
    """Write the package to ``path`` (replacing it only on success); returns the
    manifest. ``progress``, e.g. a tqdm bar, gets ``reset(total=rows + files)``,
    ``set_description(stage)``, then ``update(n)`` as rows and files are written."""
    path = Path(path)
    directory = path.absolute().parent
    if not directory.is_dir():
        raise PackageError(f"cannot write {path}: {directory} is not a directory")
    try:
        handle, partial = tempfile.mkstemp(
            dir=directory, prefix=f".{path.name}.", suffix=".partial"
        )
    except OSError as error:
        raise PackageError(f"cannot write in {directory}: {error}") from None
    try:
        with open(handle, "wb") as file:
            with snapshot():
                manifest = write_members(file, progress)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        if isinstance(error, OSError):
            raise PackageError(f"cannot write {path}: {error}") from error
        raise
    return manifest


@contextlib.contextmanager
def snapshot():
    """One transaction for the whole read, so rows and files agree with each other;
    on PostgreSQL a repeatable-read one, which sees no commit made after it began."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


def write_members(file, progress):
    created_at = timezone.now()
    models = exported_models()
    media = media_of(models)
    if progress is not None:
        rows = sum(model._base_manager.count() for model in models)
        progress.reset(total=rows + len(media))
        progress.set_description("exporting rows and files")
    members, entries = {}, []
    with zipfile.ZipFile(file, "w", allowZip64=True) as archive:
        for model in models:
            label = model._meta.label_lower
            member = data_member(label)
            with archive.open(entry(member, created_at, compress=True), "w") as raw:
                sink = HashingText(raw)
                rows = Counted(model._base_manager.order_by("pk"), progress)
                PackageSerializer().serialize(rows, stream=sink)
            members[member] = sink.summary()
            entries.append({"model": label, "member": member, "count": rows.count})
        for name, (field, owner) in sorted(media.items()):
            member = media_member(name)
            try:
                source = field.storage.open(name, "rb")
            except FileNotFoundError:
                raise PackageError(
                    f"{owner}: its file {name!r} is missing from media storage; "
                    "restore the file or delete the row, then export again"
                ) from None
            with (
                source,
                archive.open(entry(member, created_at, compress=False), "w") as raw,
            ):
                sink = HashingBytes(raw)
                while block := source.read(COPY_CHUNK):
                    sink.write(block)
            members[member] = sink.summary()
            if progress is not None:
                progress.update(1)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "meridian_version": meridian_version(),
            "created_at": created_at.isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(
                {model._meta.app_label for model in models}
            ),
            "models": entries,
            "media": [
                {"name": name, "field": field_label(field)}
                for name, (field, _) in sorted(media.items())
            ],
            "members": members,
            "publication_store": {"last_sequence": last_sequence()},
        }
        archive.writestr(
            entry(MANIFEST, created_at, compress=True),
            json.dumps(manifest, indent=2, sort_keys=True),
        )
    return manifest


def last_sequence():
    """The change feed's last sequence number (events pruned included)."""
    last = PublicationEvent.objects.aggregate(last=Max("id"))["last"] or 0
    state = StoreState.objects.filter(pk=StoreState.SINGLETON).first()
    return max(last, state.pruned_through if state else 0)


def entry(member, created_at, compress):
    info = zipfile.ZipInfo(member, date_time=created_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


class Counted:
    """The rows of a queryset, read in chunks, counted and reported as they pass."""

    def __init__(self, queryset, progress, every=500):
        self.queryset, self.progress, self.every = queryset, progress, every
        self.count = 0

    def __iter__(self):
        for row in self.queryset.iterator(chunk_size=ROWS_PER_QUERY):
            self.count += 1
            if self.progress is not None and self.count % self.every == 0:
                self.progress.update(self.every)
            yield row
        if self.progress is not None:
            self.progress.update(self.count % self.every)


class HashingBytes:
    """Writes through to ``raw``, keeping the size and SHA-256 of what passed."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def write(self, block):
        self.raw.write(block)
        self.digest.update(block)
        self.size += len(block)

    def summary(self):
        return {"size": self.size, "sha256": self.digest.hexdigest()}


class HashingText(HashingBytes):
    """The same for text, written as UTF-8 (what Django's serializer writes)."""

    def write(self, text):
        super().write(text.encode())
