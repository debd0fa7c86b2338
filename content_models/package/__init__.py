"""Content packages: the whole of Meridian's content in one versioned zip, and back.

    manage.py export_content backup.zip      # write_package(path, progress=…)
    manage.py import_content backup.zip      # restore_package(path, progress=…)

A package is a zip holding ``manifest.json`` (format version, Meridian version, when
it was made, row counts, the migrations its rows match and a SHA-256 of every other
member), one Django-serialization JSON file per model under ``data/`` and the media
files those rows point to under ``media/``. Modules, each holding one thing:

- ``contents``: which models a package holds (every model, less what is derived or
  transient), in loading order, and the files their rows point to.
- ``serialization``: Django's JSON serializer, with content types and permissions
  named by natural key so rows load into a database migrated elsewhere.
- ``manifest``: the format version and the manifest: written, read, verified.
- ``writing``: the export: one consistent read, a temporary file, then a rename.
- ``restoring``: the import: checks first, then one transaction; the publication
  store, search index and reference index are rebuilt in it.
"""

from .manifest import FORMAT_VERSION, PackageError
from .restoring import restore_package
from .writing import write_package

__all__ = ["FORMAT_VERSION", "PackageError", "restore_package", "write_package"]
