"""The publication store: what partners read, rendered when content changes.

    >>> from content_models.publishing import serve, store
    >>> store.refresh([sciatica.pk])            # render, store, record the event
    >>> publication = serve.item("conditions", "sciatica")    # settled, or None
    >>> publication.body, publication.etag, publication.sequence

Modules, each holding one thing:

- ``models``: :class:`Publication` (a stored representation or a tombstone),
  :class:`PublicationEvent` (the ordered log of changes: the sequence numbers) and
  :class:`PublicationDependency` (what each representation shows).
- ``renderer``: the hook the API registers to turn pages into representations; this
  package imports nothing from ``api``.
- ``dependencies``: which items show a changed page, image, licence or setting.
- ``store``: the write side: mark due, refresh, tombstones, the event log.
- ``serve``: the read side: an item, a page of listing entries, a resource's last
  change; each renders first whatever is due.
- ``maintenance``: rebuild, check against fresh renders, size.
- ``signal_handlers``: every write that changes what is public marks the items that
  show it as due, in the writer's transaction, and queues a render after commit.
- ``tasks``: the django-tasks task that renders them.
"""
