"""``python manage.py import_content FILE`` — restore a package from export_content.

    manage.py migrate && manage.py import_content backups/meridian-2026-11-30.zip

Restores into a database that has only been migrated (it refuses one that holds
content) and into media storage that does not hold other files under the same
names. The package is checked first (format version, every member's SHA-256, the
migrations it was written under); then it loads in one transaction, with the
publication store, search index and reference index rebuilt, so the API serves at
once. A failure changes nothing: the transaction is rolled back and the media
files it wrote are deleted.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content_models.package import PackageError, restore_package


class Command(BaseCommand):
    help = "Restore a package written by export_content into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The package to restore, e.g. backup.zip")

    def handle(self, *args, file, verbosity=1, **options):
        with tqdm(disable=None if verbosity else True, file=self.stderr) as bar:
            try:
                manifest = restore_package(file, progress=bar)
            except PackageError as error:
                raise CommandError(str(error)) from None
        if verbosity:
            rows = sum(entry["count"] for entry in manifest["models"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"restored {file} (written {manifest['created_at']} by Meridian "
                    f"{manifest['meridian_version']}): {rows} rows, "
                    f"{len(manifest['media'])} media files"
                )
            )
