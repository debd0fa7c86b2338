"""The context every serializer reads, so no serializer field queries.

The renderer (``api.rendering``) builds one :class:`Representation` per chunk of
pages (rich text rendered in one batch, clinic settings, the API's base URL) and
passes it in the serializer context::

    representation = Representation("https://cms.example", rich_text={...})
    ConditionSerializer(pages, many=True, context={"representation": representation})

    # inside a serializer
    representation(self).canonical_url(page)

Absolute URLs come from the configured base (``content_models.canonical``), never
from a request, so a stored body is the same whoever reads it.
"""

from functools import cached_property

from django.urls import reverse

from content_models.canonical import canonical_url_for_path, site_root_paths
from content_models.public import image_is_public, private_collections


class Representation:
    """Data every serializer reads: no queries happen after it is built."""

    def __init__(self, root, rich_text=None, clinic=None):
        self.rich_text = rich_text or {}
        self.clinic = clinic
        self.roots = site_root_paths()
        self._api_prefix = {}
        self._absolute_root = root.rstrip("/")

    @cached_property
    def _private_collection_ids(self):
        # One query for the whole chunk, the first time an image is shown.
        return set(private_collections().values_list("pk", flat=True))

    def may_show_image(self, image):
        """``content_models.public.image_is_public``, for every page of the chunk."""
        return image_is_public(image, self._private_collection_ids)

    def canonical_url(self, page):
        return canonical_url_for_path(page.url_path, self.roots)

    def api_url(self, resource, key):
        """Absolute API URL of an item, reversing each route only once."""
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
