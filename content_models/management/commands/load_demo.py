"""``python manage.py load_demo`` — load the demo content (safe to run again)."""

from django.core.management.base import BaseCommand

from content_models import demo


class Command(BaseCommand):
    help = "Load Meridian's demo content. Existing items are left as they are."

    def handle(self, *args, **options):
        loaded = demo.load()
        summary = ", ".join(
            f"{len(items)} {family}" for family, items in loaded.items()
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {summary}."))
