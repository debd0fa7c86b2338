"""Where a leaflet may read files from: storage, static files and ``data:``; nowhere else.

    >>> HTML(string=html, base_url="storage:", url_fetcher=StorageURLFetcher())
    >>> StorageURLFetcher().fetch("storage:images/sciatica.jpg")    # a stored image
    >>> StorageURLFetcher().fetch("http://127.0.0.1/")              # ValueError

A leaflet must not depend on, or leak to, any other server, so rendering never touches
the network: a link to one in the content is refused rather than fetched.
"""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse


class StorageURLFetcher(URLFetcher):
    """Serves ``storage:`` (media), ``static:`` and inline ``data:`` URLs; nothing else."""

    def fetch(self, url, headers=None):
        scheme, _, name = url.partition(":")
        if scheme == "data":
            return super().fetch(url, headers)  # decoded in memory, no network
        if scheme == "storage":
            with default_storage.open(name, "rb") as stored:
                return self._response(url, name, stored.read())
        if scheme == "static":
            found = finders.find(name)
            if found:
                return self._response(url, name, Path(found).read_bytes())
            raise FileNotFoundError(f"no static file '{name}'")
        raise ValueError(f"leaflets read only stored and static files; refused {url}")

    def _response(self, url, name, body):
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": media_type})
