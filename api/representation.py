"""The per-request context every serializer reads, so no serializer field queries.

The view builds one :class:`Representation` per request (rich text rendered in one
batch, clinic settings, URL prefixes) and passes it in the serializer context::

    representation = Representation(request, rich_text={(page.pk, "overview"): "<p>…"})
    context = {"request": request, "representation": representation}
    ConditionSerializer(pages, many=True, context=context)

    # inside a serializer
    representation(self).canonical_url(page)
"""

from django.urls import reverse

from content_models.canonical import canonical_url_for_path, site_root_paths


class Representation:
    """Per-request data every serializer reads: no queries happen after it is built."""

    def __init__(self, request, rich_text=None, clinic=None):
        self.request = request
        self.rich_text = rich_text or {}
        self.clinic = clinic
        self.roots = site_root_paths()
        self._api_prefix = {}
        self._absolute_root = request.build_absolute_uri("/").rstrip("/")

    def canonical_url(self, page):
        return canonical_url_for_path(page.url_path, self.roots)

    def api_url(self, resource, key):
        """Absolute API URL of an item, reversing each route only once per request."""
        prefix = self._api_prefix.get(resource)
        if prefix is None:
            placeholder = "0" if resource == "images" else "__key__"
            path = reverse(f"api:{resource}-detail", args=[placeholder])
            prefix = self._api_prefix[resource] = (
                self._absolute_root + path[: path.rindex(placeholder)]
            )
        return f"{prefix}{key}/"

    def absolute(self, url):
        return url if "://" in url else self._absolute_root + url


def representation(serializer):
    """The :class:`Representation` a serializer was given in its context."""
    return serializer.context["representation"]
