"""XML helpers shared by the RSS and Atom exporters: namespaces and Media RSS.

    >>> from exporters.feeds.xml import ET, add_media_content, sub, to_bytes
    >>> root = ET.Element("rss", version="2.0")
    >>> sub(root, "title", "Back & neck")        # text is escaped on output
    >>> add_media_content(item, entry.image)    # media:content with credit and licence
    >>> to_bytes(root)

The image's credit and licence are written once here, for both formats. Credit roles
come from the EBU role codes, Media RSS's default scheme (named explicitly): the
creator is the ``author``, the collection it comes from the ``distribution company``.
"""

import xml.etree.ElementTree as ET

from ..characters import printable

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
# Media RSS's default scheme for media:credit roles: the EBU role codes, lower case.
EBU_ROLES = "urn:ebu"

for _prefix, _uri in {
    "atom": ATOM,
    "content": CONTENT,
    "dc": DC,
    "media": MEDIA,
}.items():
    ET.register_namespace(_prefix, _uri)


def qname(namespace, tag):
    return f"{{{namespace}}}{tag}"


def sub(parent, tag, text=None, **attributes):
    """Append ``<tag attributes>text</tag>``; ``None`` attributes are left out.

    ElementTree writes any character as is, so the ones XML forbids are dropped here.
    """
    element = ET.SubElement(
        parent,
        tag,
        {
            key: printable(str(value))
            for key, value in attributes.items()
            if value is not None
        },
    )
    if text is not None:
        element.text = printable(str(text))
    return element


def add_media_content(parent, image):
    """Media RSS for ``image``: where it is, who made it, and under which licence."""
    credit = image.credit
    content = sub(
        parent,
        qname(MEDIA, "content"),
        url=image.url,
        type=image.media_type,
        medium="image",
        width=image.width,
        height=image.height,
    )
    sub(content, qname(MEDIA, "title"), credit.title, type="plain")
    if credit.creator:
        sub(content, qname(MEDIA, "credit"), credit.creator, role="author",
            scheme=EBU_ROLES)  # fmt: skip
    if credit.source_name:
        # The collection the image comes from (e.g. a museum) hands it out.
        sub(content, qname(MEDIA, "credit"), credit.source_name,
            role="distribution company", scheme=EBU_ROLES)  # fmt: skip
    sub(content, qname(MEDIA, "copyright"), credit.text, url=credit.source_url or None)
    if credit.license_name:
        sub(
            content,
            qname(MEDIA, "license"),
            credit.license_name,
            type="text/html" if credit.license_url else None,
            href=credit.license_url or None,
        )
    return content


def to_bytes(root):
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
