"""The benchmark server's URLs: Meridian's own, plus Wagtail's API v3 at ``/api/v3/``.

Only ``bench.settings`` points here; the public ``cms.urls`` never mounts v3.
"""

from django.urls import path
from wagtail.api.v3.urls import api as api_v3

from cms.urls import urlpatterns as meridian_urlpatterns

# Before Meridian's patterns: their last entry is Wagtail's catch-all page serving.
urlpatterns = [path("api/v3/", api_v3.urls), *meridian_urlpatterns]
