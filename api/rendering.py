"""The API's renderer for the publication store: public pages in, stored text out.

    from content_models.publishing.renderer import register
    register(render)                          # done once, in ApiConfig.ready

    render("conditions", public_pages)        # {page id: Rendered(body, compact, jsonld)}
    render_draft("conditions", draft)         # one draft, for preview: Rendered

Each resource's serializer says what to load for its fields (``select_related`` and
``prefetch``), its rich text is rendered in one batch for the whole chunk, and the
JSON-LD builder reads the same prefetched objects: a chunk of 200 pages costs the
same number of queries as one. Links to other items are loaded from their public
querysets, so a draft, private or unconsented page is never shown in another's body.

:func:`render_draft` renders one draft for preview the same way and to the same
shape; the draft itself is the only unpublished page it shows, and nothing it
renders is stored.
"""

from django.db.models import Prefetch, prefetch_related_objects
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from rest_framework.renderers import JSONRenderer

from content_models.canonical import api_base_url, base_url
from content_models.public import public
from content_models.publishing.renderer import Rendered
from content_models.resources import RESOURCES
from content_models.richtext import RichTextRenderer
from content_models.settings import ClinicSettings

from .jsonld import builder_for
from .renderers import JSONLDRenderer
from .representation import Representation
from .serializers import serializer_for


def load_clinic_settings():
    """The default site's clinic settings with the text licence, or None."""
    return (
        ClinicSettings.objects.filter(site__is_default_site=True)
        .select_related("text_license")
        .first()
    )


def loaded(serializer_class, pages):
    """``pages`` with everything every field shows joined or prefetched."""
    if serializer_class.select_related:
        pages = pages.select_related(*serializer_class.select_related)
    return pages.prefetch_related(*serializer_class.prefetches())


def representation_for(serializer_class, pages):
    """Rich text of every page (and of its links) rendered at once; the clinic."""
    sources = {
        (page.pk, name): getattr(page, name)
        for name in serializer_class.rich_text_fields
        for page in pages
    }
    sources.update(
        {
            (column, link.pk): getattr(link, column)
            for _, (relation, column) in serializer_class.linked_rich_text
            for page in pages
            for link in getattr(page, relation).all()
        }
    )
    rich_text = (
        RichTextRenderer(base=base_url()).render_many(sources) if sources else {}
    )
    return Representation(
        api_base_url(), rich_text=rich_text, clinic=load_clinic_settings()
    )


def text(renderer, data):
    return renderer.render(data).decode()


def render(resource, pages):
    """Render the public ``pages`` of ``resource``: ``{page id: Rendered}``."""
    serializer_class = serializer_for(resource)
    pages = list(loaded(serializer_class, pages.order_by("pk")))
    if not pages:
        return {}
    return render_loaded(serializer_class, pages)


def render_loaded(serializer_class, pages):
    """``{page id: Rendered}`` of loaded ``pages`` (one resource, at least one)."""
    representation = representation_for(serializer_class, pages)
    context = {"representation": representation}
    items = serializer_class(pages, many=True, context=context).data
    builder = builder_for(type(pages[0]))(representation)
    compact = set(serializer_class.listing_default_fields)
    json_renderer, jsonld_renderer = JSONRenderer(), JSONLDRenderer()
    rendered = {}
    for page, item in zip(pages, items, strict=True):
        rendered[page.pk] = Rendered(
            body=text(json_renderer, item),
            compact=text(
                json_renderer, {key: item[key] for key in item if key in compact}
            ),
            jsonld=text(jsonld_renderer, builder.build(page)),
        )
    return rendered


def render_draft(resource, draft):
    """Render one draft page object (``revision.as_object()``: its inline rows and
    ParentalManyToMany choices are in memory) as :func:`render` renders a public
    page: same serializer, rich text and JSON-LD. What it links to is limited to
    public pages, as the serializer's prefetches limit it; nothing is stored."""
    serializer_class = serializer_for(resource)
    rows = {relation.get_accessor_name() for relation in get_all_child_relations(draft)}
    choices = {field.name for field in get_all_child_m2m_relations(draft)}
    from_database = []
    for prefetch in serializer_class.prefetches():
        if not isinstance(prefetch, Prefetch):
            prefetch = Prefetch(prefetch)
        name = prefetch.prefetch_through.split("__")[0]
        if name in rows:
            setattr(draft, name, public_rows(getattr(draft, name).all()))
        elif name in choices:
            # Chosen pages, through the serializer's own queryset (public, ordered).
            chosen = [page.pk for page in getattr(draft, name).all()]
            setattr(draft, name, list(prefetch.queryset.filter(pk__in=chosen)))
        else:
            from_database.append(prefetch)
    prefetch_related_objects([draft], *from_database)
    return render_loaded(serializer_class, [draft])[draft.pk]


def public_rows(rows):
    """The inline rows (a condition's symptom list…) whose linked pages are all
    public, each with its page loaded: a draft never shows another unpublished page.
    Assigned back to the draft, they take their model's order (``sort_order``)."""
    rows = list(rows)
    if not rows:
        return rows
    for field in page_links(type(rows[0])):
        pages = public(RESOURCES.for_model(field.related_model)).in_bulk(
            {getattr(row, field.attname) for row in rows}
        )
        rows = [row for row in rows if getattr(row, field.attname) in pages]
        for row in rows:
            setattr(row, field.name, pages[getattr(row, field.attname)])
    for number, row in enumerate(rows, start=1):
        # Rows added in the draft have no id yet; rich text on links is keyed by id.
        if row.pk is None:
            row.pk = -number
    return rows


def page_links(row_model):
    """The foreign keys of an inline row model that point at a published resource."""
    return [
        field
        for field in row_model._meta.concrete_fields
        if field.many_to_one
        and not isinstance(field, ParentalKey)
        and RESOURCES.for_model(field.related_model)
    ]
