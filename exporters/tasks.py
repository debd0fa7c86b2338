"""Background work: render stored exports (leaflets) when an item's publication changes.

    >>> prerender_exports.enqueue(page_id=page.pk)     # what a publication event does

The publication store (``content_models.publishing``) announces every change it
records, after commit (``publication_changed``). An item that changed is exported again
by :func:`prerender_exports` on the task worker, so the first reader gets the file from
the store instead of waiting for it; an item that is gone (unpublished, consent
withdrawn…) loses its stored files at once. Pre-rendering is work a worker absorbs:
with the default immediate backend, which would run it inside the publishing request
(seconds per leaflet, hours for a rebuild or an import of thousands of items), nothing
is pre-rendered and the first download renders and stores the file.
"""

import logging

from django.dispatch import receiver
from django_tasks import task, task_backends
from wagtail.models import Page

from content_models.publishing.store import publication_changed
from content_models.resources import resource_name

from .base import Exporter
from .exports import ItemNotFound, build_context, export_item, find_item
from .registry import get_registry
from .store import get_store

logger = logging.getLogger("meridian.exporters")


def stored_exporters(resource):
    """Item exporters that keep their files in the store, for ``resource``."""
    return [
        exporter
        for exporter in get_registry().for_resource(resource, Exporter.ITEM)
        if exporter.stored
    ]


@task()
def prerender_exports(page_id):
    """Render the default export of every stored exporter for one published page."""
    page = Page.objects.filter(pk=page_id).first()
    resource = resource_name(page.specific_class) if page else ""
    if not resource:
        return []
    rendered = []
    for exporter in stored_exporters(resource):
        try:
            item = find_item(exporter, resource, page.slug)
        except ItemNotFound:  # e.g. consent for print withdrawn: keep nothing
            get_store().clear(exporter.name, page.pk)
            continue
        options = exporter.clean_options({})
        context = build_context(resource, options)
        export_item(exporter, resource, item.specific, options, context=context)
        rendered.append(exporter.name)
    logger.info(
        "pre-rendered %s for page %s", ", ".join(rendered) or "nothing", page_id
    )
    return rendered


@receiver(publication_changed)
def follow_publications(sender, events, **kwargs):
    """Export changed items again; forget the files of items that are gone."""
    worker = task_backends[prerender_exports.backend].supports_defer
    for event in events:
        exporters = stored_exporters(event.resource)
        if not exporters:
            continue
        if event.kind == event.Kind.UPSERT:
            if worker:
                prerender_exports.enqueue(page_id=event.page_id)
        else:
            for exporter in exporters:
                get_store().clear(exporter.name, event.page_id)
