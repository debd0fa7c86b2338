"""``python manage.py export_content FILE`` — the whole content in one package.

    manage.py export_content backups/meridian-$(date +%F).zip
    manage.py export_content backup.zip -v0        # no progress bar, no summary

Pages with every revision (drafts and the live one), snippets, licences, images and
documents with their files, sites and settings, workflows and their states, review
and consent records, view restrictions, collections, redirects, users and groups,
webhook subscriptions (with their signing secrets). What a package leaves out, and
why, is ``content_models.package.contents.EXCLUDED``. The file appears only once it
is complete; it is readable by its owner only, as it holds password hashes.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content_models.package import PackageError, write_package


class Command(BaseCommand):
    help = "Write every piece of content, and its media files, to a package (a zip)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the package, e.g. backup.zip")

    def handle(self, *args, file, verbosity=1, **options):
        with tqdm(disable=None if verbosity else True, file=self.stderr) as bar:
            try:
                manifest = write_package(file, progress=bar)
            except PackageError as error:
                raise CommandError(str(error)) from None
        if verbosity:
            rows = sum(entry["count"] for entry in manifest["models"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"wrote {file}: {rows} rows of {len(manifest['models'])} models "
                    f"and {len(manifest['media'])} media files"
                )
            )
