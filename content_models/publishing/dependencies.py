"""What each item's representation shows, and so which items a change reaches.

    >>> shown_by_items("conditions", [sciatica.pk])
    {sciatica.pk: {("page", 12), ("page", 31), ("image", 4), ("license", 2)}}
    >>> items_showing(pages=[acupuncture.pk])
    {sciatica.pk, …}        # conditions that list it, case studies that gave it

Links are read from the content tables whatever their state, so a draft symptom
linked from a condition is recorded too: publishing it later reaches the condition.
A change reaches the stored edges (what an item showed when last rendered) and the
current links, so both an added link and a removed one are seen.
"""

import re
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Q

from ..resources import RESOURCES
from .models import Publication, PublicationDependency

PAGE, IMAGE, LICENSE = (
    PublicationDependency.Kind.PAGE,
    PublicationDependency.Kind.IMAGE,
    PublicationDependency.Kind.LICENSE,
)
# Internal links and embedded images in stored rich text (Wagtail's contentstate).
RICH_TEXT_REFERENCE = re.compile(
    r'<(?:a|embed)\b[^>]*?\b(linktype|embedtype)="(page|image)"[^>]*?\bid="(\d{1,18})"'
    r'|<(?:a|embed)\b[^>]*?\bid="(\d{1,18})"[^>]*?\b(linktype|embedtype)="(page|image)"'
)


def rich_text_references(html):
    """``{("page", id), ("image", id)}`` named by internal links and embeds."""
    found = set()
    for match in RICH_TEXT_REFERENCE.finditer(html or ""):
        kind, target = (match[2], match[3]) if match[2] else (match[6], match[4])
        found.add((PAGE if kind == "page" else IMAGE, int(target)))
    return found


def shown_by_items(resource, page_ids):
    """For each page of ``resource``: the pages, images and licences it shows."""
    resource = RESOURCES[str(resource)]
    pages = resource.model.objects.filter(pk__in=page_ids)
    shows = defaultdict(set)
    for path in resource.shows:
        for pk, target in pages.values_list("pk", path):
            if target is not None:
                shows[pk].add((PAGE, target))
    for field in resource.image_fields:
        rows = pages.values_list("pk", field, f"{field}__license")
        for pk, image, license in rows:
            if image is not None:
                shows[pk].add((IMAGE, image))
            if license is not None:
                shows[pk].add((LICENSE, license))
    for path in resource.rich_text_fields:
        for pk, html in pages.values_list("pk", path):
            shows[pk] |= rich_text_references(html)
    for pk in page_ids:
        shows[pk].discard((PAGE, pk))
    return shows


def items_showing(pages=(), images=(), licenses=()):
    """Page ids of the items whose representation shows any of these."""
    pages, images, licenses = list(pages), list(images), list(licenses)
    wanted = [
        Q(kind=kind, target__in=targets)
        for kind, targets in ((PAGE, pages), (IMAGE, images), (LICENSE, licenses))
        if targets
    ]
    if not wanted:
        return set()
    edges = PublicationDependency.objects.filter(reduce(or_, wanted))
    found = set(edges.values_list("publication_id", flat=True))
    for resource in RESOURCES:
        current = [Q(**{f"{path}__in": pages}) for path in resource.shows if pages]
        current += [
            Q(**{f"{field}__in": images}) for field in resource.image_fields if images
        ]
        if current:
            linking = resource.model.objects.filter(reduce(or_, current))
            found |= set(linking.values_list("pk", flat=True))
    return found


def record(publication_ids, shows):
    """Replace the stored edges of these publications with ``shows``."""
    PublicationDependency.objects.filter(publication_id__in=publication_ids).delete()
    PublicationDependency.objects.bulk_create(
        PublicationDependency(publication_id=pk, kind=kind, target=target)
        for pk in publication_ids
        for kind, target in sorted(shows.get(pk, ()))
    )


def every_item():
    """Every item the store knows: for changes that reach all (clinic settings)."""
    return set(Publication.objects.values_list("page_id", flat=True))
