"""Demo content: the sciatica article's facts as structured content, plus a few extras.

``load()`` is idempotent: what exists (matched by slug) is left as staff may have edited
it; what is missing is created and published.
"""

from .loader import load

__all__ = ["load"]
