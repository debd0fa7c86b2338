"""Canonical, absolute URLs of pages, from one place.

    >>> canonical_url(page)
    'https://clinic.example/conditions/sciatica/'

The base is ``MERIDIAN_FRONTEND_URL`` (the partner-facing site that renders pages, since
this CMS is headless), falling back to the Wagtail site's own root URL. The API, feeds,
leaflets (QR codes) and JSON-LD all use this.
"""

from django.conf import settings
from wagtail.models import Site


def site_root_paths():
    """Wagtail's cached (site id, root path, root url, language) tuples."""
    return Site.get_site_root_paths()


def path_from_url_path(url_path, root_paths=None):
    """Turn a page's ``url_path`` into ``(root_url, path)`` for the site holding it."""
    for root in root_paths or site_root_paths():
        if url_path.startswith(root.root_path):
            return root.root_url, "/" + url_path[len(root.root_path) :]
    return None, None


def base_url():
    """The front end's base URL, or the default site's root URL, without a slash."""
    if settings.MERIDIAN_FRONTEND_URL:
        return settings.MERIDIAN_FRONTEND_URL.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def api_base_url():
    """Where partners reach this CMS (the API, media), without a slash.

    ``MERIDIAN_API_URL`` when set (behind a proxy or CDN), else the default site's
    root URL. Stored representations are rendered with it, so they do not depend on
    the request that happens to read them.
    """
    configured = getattr(settings, "MERIDIAN_API_URL", "")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def canonical_url_for_path(url_path, root_paths=None):
    """The canonical URL for a stored ``url_path``; no query when roots are cached."""
    root_url, path = path_from_url_path(url_path, root_paths)
    if path is None:
        return None
    if settings.MERIDIAN_FRONTEND_URL:
        return settings.MERIDIAN_FRONTEND_URL.rstrip("/") + path
    return root_url + path


def canonical_url(page):
    return canonical_url_for_path(page.url_path)
