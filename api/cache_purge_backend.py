"""Wagtail's HTTP purge backend with a bound on how long the cache may keep us waiting.

    WAGTAILFRONTENDCACHE = {"varnish": {
        "BACKEND": "api.cache_purge_backend.BoundedHTTPBackend",
        "LOCATION": "http://127.0.0.1:6081",
        "TIMEOUT": 2,     # seconds for each PURGE to connect and be answered
    }}

The first purge after a publish runs inside the publishing request (``api.purge``).
Wagtail's ``HTTPBackend`` opens its connection with no timeout, so a cache that
accepts connections but never answers would hold the editor's request for ever. Here
each PURGE may take ``TIMEOUT`` seconds; when one times out or cannot connect, the
rest of the batch is not tried (the cache is unreachable: each would wait the same),
the failure is logged, and the publish completes. What was not purged expires by its
``max-age``, and the purge after the render tries again.

``purge_everything()`` sends one ``PURGE /`` with ``Meridian-Purge: everything``,
which the Varnish configuration (``deploy/varnish/meridian.vcl``) answers by banning
every object: ``api.purge`` uses it for a change that reaches the whole site.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("meridian.purge")


class CacheUnreachable(Exception):
    pass


class BoundedHTTPBackend(HTTPBackend):
    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2))
        super().__init__(params)

    def _send(self, url, headers=None):
        parts = urlsplit(url)
        request = PurgeRequest(
            urlunsplit(
                (self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")
            ),
            headers={
                "Host": parts.netloc,
                "User-Agent": "Meridian-purge",
                **(headers or {}),
            },
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - our LOCATION
                pass
        except HTTPError as error:  # the cache answered: refused this one URL
            logger.error("could not purge %s: HTTP %s", url, error.code)
        except (URLError, OSError) as error:  # no answer in time, or no connection
            raise CacheUnreachable(f"{self.cache_netloc}: {error}") from error

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        urls = list(urls)
        for done, url in enumerate(urls):
            try:
                self._send(url)
            except CacheUnreachable as error:
                logger.error(
                    "could not reach the HTTP cache (%s); %d of %d URLs not purged",
                    error,
                    len(urls) - done,
                    len(urls),
                )
                return

    def purge_everything(self, root_url):
        """Drop every object the cache holds, in one request."""
        try:
            self._send(root_url + "/", headers={"Meridian-Purge": "everything"})
        except CacheUnreachable as error:
            logger.error("could not reach the HTTP cache (%s); nothing purged", error)
