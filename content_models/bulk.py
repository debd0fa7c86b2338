"""Add many pages under one parent in a few queries (for benchmark data, not editing).

    bulk_add_children(index_page, [ConditionPage(title=..., slug=...), ...])
    bulk_add_revisions(pages)     # then one published revision each

Wagtail's ``add_child`` costs several queries per page and a revision each; this fills in
the tree fields (path, depth, url_path), inserts the base ``Page`` rows in one
``bulk_create`` and the specific rows in one insert, and publishes them as live.
Search indexing is skipped: the pages are synthetic. Revisions are added apart, once
the pages' related rows exist (:func:`bulk_add_revisions`), so that what reads the
latest revisions (the Broken links report, the editor) has one per page, as a site
built by editors would.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page, Revision

NAMESPACE = uuid.UUID("0f6a1c1e-7d0b-4c39-9b54-5a8d2f0e6c11")


@transaction.atomic
def bulk_add_children(parent, pages):
    """Insert ``pages`` (unsaved specific pages of one model) as live children."""
    if not pages:
        return []
    model = type(pages[0])
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    now = timezone.now()

    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, start + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.locale = locale
        page.translation_key = uuid.uuid5(NAMESPACE, page.url_path)
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now

    base_fields = [
        f.name for f in Page._meta.local_concrete_fields if not f.primary_key
    ]
    base_rows = Page.objects.bulk_create(
        [Page(**{name: getattr(p, name) for name in base_fields}) for p in pages]
    )
    for page, row in zip(pages, base_rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
        page.id = row.pk
    # Django's bulk_create refuses multi-table children; insert the specific rows.
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages


@transaction.atomic
def bulk_add_revisions(pages, batch_size=500):
    """Give each of ``pages`` (saved pages of one model, with their related rows in
    place) one revision of its current content, live and latest."""
    if not pages:
        return
    model = type(pages[0])
    children = [rel.get_accessor_name() for rel in get_all_child_relations(model)]
    pages = list(
        model.objects.filter(pk__in=[page.pk for page in pages])
        .order_by("pk")
        .prefetch_related(*children)
    )
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(page.pk),
                object_str=page.title,
                created_at=now,
                content=page.serializable_data(),
            )
            for page in pages
        ],
        batch_size=batch_size,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    Page.objects.bulk_update(
        pages, ["latest_revision", "live_revision"], batch_size=batch_size
    )
