"""Internal links in stored rich text: which page each one names, and which are broken.

    >>> page_link_target({"linktype": "page", "id": "42"})
    42
    >>> page_link_target({"linktype": "page", "id": "abc"}) is None   # malformed
    True
    >>> broken_links({"Overview": '<p><a linktype="page" id="abc">this</a></p>'})
    {'Overview': [BrokenLink(text='this', target='abc', problem=<LinkProblem.MALFORMED…>)]}

Wagtail stores a link to a page as ``<a linktype="page" id="42">``. Such a link is
broken when its id cannot be a page id (not a number, or past the database's integer
range), when no page has that id, or when the page is not public (a draft, expired or
restricted). Every channel shows a broken link's text without the link
(``richtext.RichTextRenderer``); editors are warned when they save the page
(``link_warnings``), and the "Broken links" report lists every page whose latest
revision has one.
"""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import TextChoices
from django.utils.html import strip_tags
from django.utils.text import capfirst
from wagtail.models import Page
from wagtail.rich_text.rewriters import extract_attrs

from .public import live_and_public
from .resources import resource_of

OPENING_TAG = re.compile(r"<a(\b[^>]*)>", re.IGNORECASE)
LINK = re.compile(r"<a(\b[^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
# Page ids are 32-bit integers on every database Django supports.
MAX_PAGE_ID = 2**31 - 1


class LinkProblem(TextChoices):
    MALFORMED = "malformed", "Not a valid page link"
    MISSING = "missing", "The page does not exist"
    NOT_PUBLIC = "not-public", "The page is not published"


@dataclass(frozen=True)
class BrokenLink:
    text: str  # the words that were linked
    target: str  # the id the link names, as stored
    problem: LinkProblem

    def describe(self):
        """'“this” (page abc): Not a valid page link', for editors."""
        return f"“{self.text}” (page {self.target}): {self.problem.label}"


def describe_broken_links(broken_by_field):
    """One line for ``{field label: [BrokenLink]}``, as editors read it."""
    return "; ".join(
        f"{label}: {link.describe()}"
        for label, links in broken_by_field.items()
        for link in links
    )


def page_link_target(attrs):
    """The page id a link's attributes name, or None if it names no possible page."""
    raw = attrs.get("id", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    page_id = int(raw)
    return page_id if 0 < page_id <= MAX_PAGE_ID else None


def page_links(html):
    """``(attributes, linked text)`` of each internal page link in ``html``."""
    for match in LINK.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page":
            yield attrs, strip_tags(match.group(2)).strip()


def broken_links(sources):
    """``{key: [BrokenLink]}`` for a mapping of key → rich text, keys with none left
    out. Two queries, however many fields and links."""
    links = {key: list(page_links(html)) for key, html in sources.items()}
    targets = {
        page_link_target(attrs) for found in links.values() for attrs, _ in found
    } - {None}
    pages = Page.objects.filter(id__in=targets)
    existing = set(pages.values_list("id", flat=True)) if targets else set()
    public = (
        set(live_and_public(pages).values_list("id", flat=True)) if existing else set()
    )

    def problem(target):
        if target is None:
            return LinkProblem.MALFORMED
        if target not in existing:
            return LinkProblem.MISSING
        return None if target in public else LinkProblem.NOT_PUBLIC

    broken = {}
    for key, found in links.items():
        for attrs, text in found:
            kind = problem(page_link_target(attrs))
            if kind is not None:
                broken.setdefault(key, []).append(
                    BrokenLink(text=text, target=attrs.get("id", ""), problem=kind)
                )
    return broken


def rich_text_of_revision(page_class, content):
    """``{field label: rich text}`` of a revision's content (its stored JSON), for
    every rich-text field the page's resource publishes, labelled as the editor
    labels them ("Overview", "How it is used for this condition (row 2)")."""
    resource = resource_of(page_class)
    found = {}
    for path in resource.rich_text_fields if resource else ():
        relation, _, field = path.rpartition("__")
        if not relation:
            label = page_class._meta.get_field(field).verbose_name
            found[capfirst(label)] = content.get(field) or ""
            continue
        child_model = page_class._meta.get_field(relation).related_model
        label = capfirst(child_model._meta.get_field(field).verbose_name)
        for n, child in enumerate(content.get(relation) or (), start=1):
            found[f"{label} (row {n})"] = child.get(field) or ""
    return found


def broken_links_of_revisions(revisions):
    """``{page id: {field label: [BrokenLink]}}`` for page revisions (with
    ``content`` and ``object_id``), pages with none left out. Two queries in all."""
    sources = {}
    for revision in revisions:
        page_class = ContentType.objects.get_for_id(
            revision.content_type_id
        ).model_class()
        for label, html in rich_text_of_revision(page_class, revision.content).items():
            sources[(int(revision.object_id), label)] = html
    by_page = {}
    for (page_id, label), links in broken_links(sources).items():
        by_page.setdefault(page_id, {})[label] = links
    return by_page
