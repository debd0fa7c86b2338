"""Check or rebuild the publication store.

    manage.py publications --check      # exit 1 and list what differs from a fresh render
    manage.py publications --rebuild    # render every item again, with a progress bar
    manage.py publications --prune 90   # forget tombstones older than 90 days
    manage.py publications              # how many items, events and bytes it holds

Run ``--rebuild`` after a deploy that changes how items are rendered (the store also
notices changed settings by itself and renders again on demand); ``--check`` is safe
to run any time, it writes nothing. ``--prune`` keeps the change feed's history
bounded: a partner whose cursor is older than the pruned tombstones gets a 410 and
resyncs from the start.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from content_models.publishing import maintenance
from content_models.publishing.models import Publication, PublicationEvent


class Command(BaseCommand):
    help = "Check the publication store against fresh renders, or rebuild it."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--check",
            action="store_true",
            help="List stored representations that differ from a fresh render.",
        )
        action.add_argument(
            "--rebuild", action="store_true", help="Render every item again."
        )
        action.add_argument(
            "--prune",
            type=int,
            metavar="DAYS",
            help="Forget tombstones (and their events) older than DAYS days.",
        )

    def handle(self, *args, check=False, rebuild=False, prune=None, **options):
        if prune is not None:
            if prune < 1:
                raise CommandError("--prune takes a number of days, 1 or more")
            older_than = timezone.now() - datetime.timedelta(days=prune)
            pruned = maintenance.prune_tombstones(older_than)
            self.stdout.write(f"pruned {pruned} tombstone(s) older than {prune} days")
            return
        if check:
            return self.check_store()
        if rebuild:
            return self.rebuild()
        items, size = maintenance.size()
        self.stdout.write(
            f"{items} public items, {size:,} bytes stored; "
            f"{Publication.objects.filter(state=Publication.State.GONE).count()} "
            f"tombstones; {PublicationEvent.objects.count()} events"
        )

    def check_store(self):
        problems = maintenance.check()
        for publication, what in problems:
            self.stdout.write(f"{publication}: {what}")
        if problems:
            raise CommandError(
                f"{len(problems)} stored representation(s) out of date; "
                "run 'manage.py publications --rebuild'"
            )
        self.stdout.write(self.style.SUCCESS("every stored representation is current"))

    def rebuild(self):
        page_ids = maintenance.every_item_id()
        total = len(page_ids)
        started = time.perf_counter()
        with tqdm(total=total, unit="item", disable=None, file=self.stderr) as bar:
            events = maintenance.rebuild(page_ids, progress=bar.update)
        seconds = time.perf_counter() - started
        items, size = maintenance.size()
        self.stdout.write(
            self.style.SUCCESS(
                f"rendered {total} items in {seconds:.1f} s: {len(events)} changed; "
                f"{items} public, {size:,} bytes stored"
            )
        )
