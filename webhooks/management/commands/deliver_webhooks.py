"""Send due webhook deliveries: first attempts, retries and resends.

    python manage.py deliver_webhooks              # a loop, beside the web processes
    python manage.py deliver_webhooks --once       # what is due now, then exit (cron)
    python manage.py deliver_webhooks --prune 90   # forget finished deliveries > 90 days

With the immediate task backend this is what sends webhooks at all (publishing only
records them); with a worker (``db_worker``) it is a safety net for deliveries whose
task was lost.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from webhooks.delivery import send_due
from webhooks.models import WebhookDelivery


class Command(BaseCommand):
    help = "Send every webhook delivery that is due (first attempts and retries)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Send what is due now, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when nothing is due (default: 2).",
        )
        parser.add_argument(
            "--prune",
            type=int,
            metavar="DAYS",
            help="Delete delivered and failed deliveries older than DAYS, then exit.",
        )

    def handle(self, *args, once=False, interval=2.0, prune=None, **options):
        if prune is not None:
            return self.prune(prune)
        while True:
            sent = send_due()
            if sent and options["verbosity"] > 0:
                self.stdout.write(f"attempted {sent} webhook deliveries")
            if once:
                return
            if not sent:
                time.sleep(interval)
            close_old_connections()  # a long-running loop: like a request each turn

    def prune(self, days):
        if days < 1:
            raise CommandError("--prune takes a number of days, 1 or more")
        before = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = (
            WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.PENDING)
            .filter(created_at__lt=before)
            .delete()
        )
        self.stdout.write(f"deleted {deleted} webhook deliveries")
