"""Background work: render stored exports (leaflets) when a page is published.

    >>> prerender_exports.enqueue(page_id=page.pk)     # what publishing does

Publishing a condition, treatment or case study enqueues :func:`prerender_exports`
once the transaction commits, so the first reader after a publish gets the file from
the store instead of waiting for it. With the default immediate backend the task
runs in the publishing process; with ``django_tasks_db`` a ``db_worker`` runs it.
Unpublishing (or withdrawing consent) removes the page's stored files.
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from content_models.case_studies import CaseStudyPage
from content_models.conditions import ConditionPage
from content_models.treatments import TreatmentPage

from .base import Exporter
from .exports import ItemNotFound, build_context, export_item, find_item
from .registry import get_registry
from .store import get_store

logger = logging.getLogger("meridian.exporters")

RESOURCE_OF = {
    ConditionPage: "conditions",
    TreatmentPage: "treatments",
    CaseStudyPage: "case-studies",
}


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
    resource = RESOURCE_OF.get(page.specific_class) if page else None
    if resource is None:
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


@receiver(page_published)
def prerender_after_publish(sender, instance, **kwargs):
    if sender not in RESOURCE_OF:
        return
    page_id = instance.pk
    # After commit: a worker must see the new revision, and a rolled-back publish
    # must not render anything.
    transaction.on_commit(lambda: prerender_exports.enqueue(page_id=page_id))


@receiver(page_unpublished)
def forget_after_unpublish(sender, instance, **kwargs):
    if sender not in RESOURCE_OF:
        return
    store = get_store()
    for exporter in stored_exporters(RESOURCE_OF[sender]):
        store.clear(exporter.name, instance.pk)
