"""Every change the publication store records becomes queued webhook deliveries.

Connected once, from ``WebhooksConfig.ready``. The receiver runs after the store's
commit, in whichever process rendered (a publisher, a worker, a reader); it only
writes rows and enqueues (see ``dispatch``), and nothing it meets reaches the sender
of the signal: a failure here is logged, and publishing goes on.
"""

import logging

from content_models.publishing.models import Publication
from content_models.publishing.store import publication_changed
from content_models.publishing.worker import worker_starting

from . import dispatch
from .conf import webhook_settings

logger = logging.getLogger("meridian.webhooks")


def publication_events(sender, events, **kwargs):
    try:
        dispatch.fan_out(events)
    except Exception:
        logger.exception(
            "webhooks: could not record deliveries for events %s",
            ", ".join(str(event.pk) for event in events),
        )


def worker_started(sender, backend, **kwargs):
    """A worker starts: deliveries whose task died with an earlier one go to it."""
    if backend == webhook_settings().task_backend:
        dispatch.queue_pending()


def connect():
    publication_changed.connect(
        publication_events, sender=Publication, dispatch_uid="webhooks.publication"
    )
    worker_starting.connect(worker_started, dispatch_uid="webhooks.worker-starting")
