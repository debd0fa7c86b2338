"""XML helpers shared by the RSS and Atom exporters: namespaces and Media RSS.

    >>> from exporters.feeds.xml import ET, add_media_content, sub, to_bytes
    >>> root = ET.Element("rss", version="2.0")
    >>> sub(root, "title", "Back & neck")        # text is escaped on output
    >>> add_media_content(item, entry.image)    # media:content with credit and licence
    >>> to_bytes(root)

The image's credit and licence are written once here, for both formats.
"""

import re
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"

for _prefix, _uri in {
    "atom": ATOM,
    "content": CONTENT,
    "dc": DC,
    "media": MEDIA,
}.items():
    ET.register_namespace(_prefix, _uri)


# Characters XML 1.0 forbids (pasted text can carry them); ElementTree writes them as is.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def qname(namespace, tag):
    return f"{{{namespace}}}{tag}"


def sub(parent, tag, text=None, **attributes):
    """Append ``<tag attributes>text</tag>``; ``None`` attributes are left out."""
    element = ET.SubElement(
        parent,
        tag,
        {
            key: NOT_XML.sub("", str(value))
            for key, value in attributes.items()
            if value is not None
        },
    )
    if text is not None:
        element.text = NOT_XML.sub("", str(text))
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
        sub(content, qname(MEDIA, "credit"), credit.creator, role="author")
    if credit.source_name:
        sub(content, qname(MEDIA, "credit"), credit.source_name, role="distributor")
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
