"""Every write that changes what partners see marks the items that show it as due.

Marking happens inside the writer's transaction, so a reader after commit can never
get the old body under a current ETag; the render itself is queued after commit
(``tasks.render_due``). Connected once, from ``ContentModelsConfig.ready``.

    page saved, published, unpublished, deleted  → it, and the items that show it
    page moved or renamed, restriction changed   → the subtree, and what shows it
    image or licence edited                      → the items that show it
    collection restriction changed               → the items showing its images
    clinic settings or site changed              → every item
"""

import functools

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..licenses import License
from ..resources import RESOURCES
from ..settings import ClinicSettings
from . import dependencies, store
from .tasks import render_after_commit

# A save that touches only these columns changes a draft, not what is public.
DRAFT_BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def not_for_fixtures(handler):
    """Skip raw saves (``loaddata``): rows arrive as stored, possibly before what they
    refer to, so nothing can be looked up; ``publications --rebuild`` follows a load."""

    @functools.wraps(handler)
    def handle(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        handler(sender, instance, **kwargs)

    return handle


def changed(page_ids):
    """Mark ``page_ids`` and the items showing them due; render after commit."""
    page_ids = set(page_ids)
    due = store.mark_due(page_ids | dependencies.items_showing(pages=page_ids))
    if due:
        render_after_commit()


@not_for_fixtures
def page_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    changed([instance.pk])


def page_published_or_unpublished(sender, instance, **kwargs):
    changed([instance.pk])


def page_about_to_be_deleted(sender, instance, **kwargs):
    if RESOURCES.for_model(sender) is None:
        return
    # Links are still readable now; the page's own row becomes a tombstone after.
    instance._publication_reach = {instance.pk} | dependencies.items_showing(
        pages=[instance.pk]
    )


def page_deleted(sender, instance, **kwargs):
    if RESOURCES.for_model(sender) is None:
        return
    reach = getattr(instance, "_publication_reach", {instance.pk})
    if store.mark_due(reach):
        render_after_commit()


def subtree_changed(page):
    changed(
        Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


def page_moved(sender, instance, **kwargs):
    subtree_changed(instance)


@not_for_fixtures
def folder_about_to_be_saved(sender, instance, **kwargs):
    # A folder's new slug changes every URL below it: Wagtail rewrites them in SQL
    # and says so only after commit, so look now, in the writer's transaction.
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if RESOURCES.for_model(sender) is not None:
        return  # a resource page: its own save marks it and what shows it
    before = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True)
    instance._publication_path_changed = before.first() != instance.url_path


@not_for_fixtures
def folder_saved(sender, instance, **kwargs):
    if getattr(instance, "_publication_path_changed", False):
        instance._publication_path_changed = False
        subtree_changed(instance)


@not_for_fixtures
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        subtree_changed(page)


@not_for_fixtures
def image_changed(sender, instance, **kwargs):
    if store.mark_due(dependencies.items_showing(images=[instance.pk])):
        render_after_commit()


@not_for_fixtures
def collection_restriction_changed(sender, instance, **kwargs):
    # A restriction covers its collection and every collection below it.
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    images = get_image_model().objects.filter(
        collection__path__startswith=collection.path
    )
    shown = dependencies.items_showing(images=list(images.values_list("pk", flat=True)))
    if store.mark_due(shown):
        render_after_commit()


@not_for_fixtures
def license_changed(sender, instance, **kwargs):
    if store.mark_due(dependencies.items_showing(licenses=[instance.pk])):
        render_after_commit()


def everything_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if store.mark_due(dependencies.every_item()):
        render_after_commit()


def connect():
    uid = "meridian-publishing"
    for resource in RESOURCES:
        model = resource.model
        post_save.connect(page_saved, sender=model, dispatch_uid=f"{uid}-save-{model}")
        for signal in (page_published, page_unpublished):
            signal.connect(
                page_published_or_unpublished,
                sender=model,
                dispatch_uid=f"{uid}-{id(signal)}-{model}",
            )
    pre_delete.connect(page_about_to_be_deleted, dispatch_uid=f"{uid}-pre-delete")
    post_delete.connect(page_deleted, dispatch_uid=f"{uid}-delete")
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}-move")
    pre_save.connect(folder_about_to_be_saved, dispatch_uid=f"{uid}-pre-save")
    post_save.connect(folder_saved, dispatch_uid=f"{uid}-folder-saved")
    for handler, model in (
        (restriction_changed, PageViewRestriction),
        (collection_restriction_changed, CollectionViewRestriction),
        (image_changed, get_image_model()),
        (license_changed, License),
        (everything_changed, ClinicSettings),
        (everything_changed, Site),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                handler, sender=model, dispatch_uid=f"{uid}-{id(signal)}-{model}"
            )
