"""Broken internal links, told to the editor: a warning on save, and an editor that opens.

    @hooks.register("after_edit_page")    # and after_create_page
    def warn_about_broken_links(request, page): ...

When a page is saved, submitted or published in the admin and its new revision has
broken internal links (``internal_links``), the editor gets a warning naming each
one. It is a warning, not a refusal: a link to a page that is still a draft is normal
work in progress, and readers never see a broken link as a link anyway.

Wagtail's rich-text editor looks up the page of every internal link as it opens a
page, and fails on an id that is not a number; a page holding such a link (from an
import or a script) could then not be opened to fix it. Its page-link converter is
replaced by one that shows such a link as a broken link instead.
"""

from django.contrib import messages
from wagtail import hooks
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)

from .internal_links import (
    broken_links_of_revisions,
    describe_broken_links,
    page_link_target,
)


def broken_links_message(broken_by_field):
    """The warning for ``{field label: [BrokenLink]}``."""
    return (
        "Some links on this page lead nowhere, so readers see their words as plain "
        f"text: {describe_broken_links(broken_by_field)}. Link them to a published page, publish the page they "
        "point to, or remove the link."
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_broken_links(request, page):
    if not request.accepts("text/html"):
        return  # an autosave: the editor is told on the next full save
    revision = page.get_latest_revision()
    if revision is None:
        return
    broken = broken_links_of_revisions([revision]).get(page.pk)
    if broken:
        messages.warning(request, broken_links_message(broken))


class BrokenPageLinkElementHandler(PageLinkElementHandler):
    """Wagtail's page-link converter, which shows a malformed id as a broken link."""

    def get_attribute_data(self, attrs):
        if page_link_target(attrs) is None:
            # The stored id is kept, so saving leaves the link as it was found.
            return {"id": attrs.get("id", ""), "url": None, "parentId": None}
        return super().get_attribute_data(attrs)


# After Wagtail's own registration of the "link" feature, which this replaces.
@hooks.register("register_rich_text_features", order=1)
def open_malformed_page_links_as_broken_links(features):
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': BrokenPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )
