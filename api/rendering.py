"""The API's renderer for the publication store: public pages in, stored text out.

    from content_models.publishing.renderer import register
    register(render)                          # done once, in ApiConfig.ready

    render("conditions", public_pages)        # {page id: Rendered(body, compact, jsonld)}

Each resource's serializer says what to load for its fields (``select_related`` and
``prefetch``), its rich text is rendered in one batch for the whole chunk, and the
JSON-LD builder reads the same prefetched objects: a chunk of 200 pages costs the
same number of queries as one. Links to other items are loaded from their public
querysets, so a draft, private or unconsented page is never shown in another's body.
"""

from rest_framework.renderers import JSONRenderer

from content_models.canonical import api_base_url, base_url
from content_models.publishing.renderer import Rendered
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
