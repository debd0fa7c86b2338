"""The page tree every install needs: Home → one index page per resource, as the default site."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from ..home import HomePage
from ..resources import RESOURCES


def publish(page):
    page.save_revision().publish()
    return page


def _create_root():
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    return Page.add_root(instance=Page(title="Root", slug="root", live=True))


@transaction.atomic
def ensure_site_tree(hostname="127.0.0.1", port=8000):
    """Create (once) the home page, the index pages and the default site.

    Wagtail's migrations create the root page and collection; a flushed database (a
    transactional test) has neither, so they are recreated here too.
    """
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or _create_root()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's installer leaves a plain "Welcome" page at /home/; replace it.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", intro="Meridian clinic")
        )
        publish(home)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Meridian",
        )
    elif site.root_page_id != home.id:
        site.root_page = home
        site.save()

    indexes = {}
    for resource in RESOURCES:
        model, slug = resource.index_model, resource.name
        index_page = model.objects.child_of(home).first()
        if index_page is None:
            index_page = home.add_child(
                instance=model(title=resource.index_title, slug=slug)
            )
            publish(index_page)
        indexes[slug] = index_page
    return home, indexes


def serve_default_site_at(url):
    """Point the default site at ``url`` ("http://127.0.0.1:8800"), where it is served.

    ``make run PORT=…`` calls this, so every absolute link the CMS makes (API ``url``,
    rich-text links, feeds, the leaflet's QR code) points at the running server.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL with a host: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save()
    return site
