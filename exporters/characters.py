"""Characters no exported file carries: control characters and unpaired surrogates.

    >>> from exporters.characters import printable
    >>> printable("Back\x0bpain\x7f")
    'Backpain'

Text pasted into the admin can hold them. XML 1.0 forbids most of them, so a feed, or
a leaflet's XMP metadata (an XML packet inside the PDF), that wrote one would not
parse; the rest (DEL, the C1 controls) print as missing-glyph boxes, and an unpaired
surrogate cannot be encoded as UTF-8 at all. Every exporter drops them on output, so
tab, line feed and carriage return are the only controls that survive.
"""

import re

# C0 controls but tab, LF and CR; DEL and the C1 controls; unpaired surrogates
# (Python strings may hold them); the two non-characters XML forbids.
NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def printable(text):
    """``text`` without the characters no export may carry (see the module)."""
    return NOT_PRINTABLE.sub("", text)
