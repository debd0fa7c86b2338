"""Add many pages under one parent in a few queries (for benchmark data, not editing).

    bulk_add_children(index_page, [ConditionPage(title=..., slug=...), ...])

Wagtail's ``add_child`` costs several queries per page and a revision each; this fills in
the tree fields (path, depth, url_path), inserts the base ``Page`` rows in one
``bulk_create`` and the specific rows in one insert, and publishes them as live.
Search indexing and revisions are skipped: the pages are synthetic.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

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
