"""Signed webhooks: every change to what is public, POSTed to partners who subscribe.

    subscription = WebhookSubscription.objects.create(url="https://partner.example/hook")
    subscription.secret                  # "whsec_…": shown once in the admin
    # publish a page → a WebhookDelivery per matching subscription → a signed POST

Modules, each holding one thing:

- ``conf``: the ``MERIDIAN_WEBHOOKS`` setting and its defaults.
- ``models``: :class:`WebhookSubscription` (where, what, the signing secret) and
  :class:`WebhookDelivery` (one event for one subscription: the payload and the log).
- ``addresses``: which URLs may receive webhooks (http(s), public addresses only).
- ``payloads``: a publication event as the JSON body, in the change feed's shape.
- ``signing``: secrets and the Standard Webhooks headers (``standardwebhooks``).
- ``dispatch``: after the store commits, one pending delivery per matching
  subscription, queued for a worker; the publisher never waits for a receiver.
- ``delivery``: one attempt (a POST with a timeout, pinned to the checked address),
  retries with exponential backoff, and sending whatever is due.
- ``tasks``: the django-tasks task that sends one delivery.
- ``signal_handlers``: the ``publication_changed`` receiver.
- ``views`` and ``wagtail_hooks``: the admin (subscriptions, the secret shown once,
  rotation, the delivery log and "resend").
"""
