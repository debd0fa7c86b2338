"""``python manage.py load_demo`` — load the demo content (safe to run again)."""

from django.core.management.base import BaseCommand, CommandError

from content_models import demo
from content_models.demo.tree import serve_default_site_at


class Command(BaseCommand):
    help = "Load Meridian's demo content. Existing items are left as they are."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            help="Where the site is served, e.g. http://127.0.0.1:8800: the default "
            "site's host and port are set to it, so absolute links point there.",
        )

    def handle(self, *args, **options):
        loaded = demo.load()
        if options["site_url"]:
            try:
                site = serve_default_site_at(options["site_url"])
            except ValueError as invalid:
                raise CommandError(str(invalid)) from None
            self.stdout.write(f"Default site served at {site.root_url}/")
        summary = ", ".join(
            f"{len(items)} {family}" for family, items in loaded.items()
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {summary}."))
