"""Every write that changes what partners see marks the items that show it as due.

Marking happens inside the writer's transaction, so a reader after commit can never
get the old body under a current ETag; the render itself is queued after commit
(``tasks.render_due``). Connected once, from ``ContentModelsConfig.ready``.

    page saved, published, unpublished, deleted  → it, and the items that show it
    page moved or renamed, restriction changed   → the subtree, and what shows it
    image or licence edited                      → the items that show it
    collection restriction changed, or a         → the items showing its images
    collection moved in or out of a private one
    clinic settings or site changed              → every item
"""

import functools

from django.db import transaction
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
from ..public import collection_is_private, public_images
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


def images_changed(image_ids):
    """Mark the items showing these images due; after commit, say the images changed
    (their own route, ``/api/v1/images/{id}/``, is purged from the HTTP cache)."""
    image_ids = set(image_ids)
    if store.mark_due(dependencies.items_showing(images=image_ids)):
        render_after_commit()
    withdraw_renditions(image_ids)
    store.images_changed_after_commit(image_ids)


def withdraw_renditions(image_ids):
    """Delete the resized copies of those images that may no longer leave the system
    (Wagtail deletes their files after commit): a rendition URL handed out while the
    image was public then leads nowhere. Staff views make new ones as they need."""
    images = get_image_model().objects.filter(pk__in=image_ids)
    private = images.exclude(pk__in=public_images().values("pk"))
    get_image_model().get_rendition_model().objects.filter(image__in=private).delete()


def images_in(collection):
    """The ids of the images in ``collection`` and every collection below it."""
    return (
        get_image_model()
        .objects.filter(collection__path__startswith=collection.path)
        .values_list("pk", flat=True)
    )


@not_for_fixtures
def image_changed(sender, instance, **kwargs):
    images_changed([instance.pk])


@not_for_fixtures
def collection_restriction_changed(sender, instance, **kwargs):
    # A restriction covers its collection and every collection below it.
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        images_changed(images_in(collection))


@not_for_fixtures
def collection_about_to_be_saved(sender, instance, **kwargs):
    if instance.pk is not None:
        instance._publication_was_private = collection_is_private(instance.pk)


@not_for_fixtures
def collection_saved(sender, instance, **kwargs):
    """Wagtail's collection editor saves a collection, then moves it (treebeard
    rewrites the paths in SQL, with no signal): look once the edit has committed
    whether it went in or out of a private collection."""
    if not hasattr(instance, "_publication_was_private"):
        return
    was_private = instance.__dict__.pop("_publication_was_private")

    def check():
        collection = Collection.objects.filter(pk=instance.pk).first()
        if collection is None or collection_is_private(collection.pk) == was_private:
            return
        with transaction.atomic():
            images_changed(images_in(collection))

    transaction.on_commit(check)


@not_for_fixtures
def license_changed(sender, instance, **kwargs):
    # Images and text show it; a licence in use cannot be deleted (PROTECT).
    if store.mark_due(dependencies.items_showing(licenses=[instance.pk])):
        render_after_commit()
    images = get_image_model().objects.filter(license_id=instance.pk)
    store.images_changed_after_commit(
        set(images.values_list("pk", flat=True)), licenses=True
    )


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
    pre_save.connect(
        collection_about_to_be_saved,
        sender=Collection,
        dispatch_uid=f"{uid}-collection-pre-save",
    )
    post_save.connect(
        collection_saved, sender=Collection, dispatch_uid=f"{uid}-collection-saved"
    )
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
