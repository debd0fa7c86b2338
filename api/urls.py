"""API v1 URLs. Export routes live in their own modules and are included here.

Export routes come first so that ``conditions/export/rss/`` is never read as a slug,
and the preview route before the router's.
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from content_models.resources import RESOURCES

from . import changes, index, media_views, preview, views
from .policy import not_found

app_name = "api"

router = SimpleRouter()
for resource in RESOURCES:
    router.register(resource.name, views.viewset_for(resource), basename=resource.name)
router.register("images", media_views.ImageViewSet, basename="images")
router.register("licenses", media_views.LicenseViewSet, basename="licenses")

urlpatterns = [
    path("", include("api.export_urls")),
    path("", index.IndexView.as_view(), name="index"),
    path("changes/", changes.ChangesView.as_view(), name="changes"),
    path("preview/", preview.PreviewView.as_view(), name="preview"),
    path("schema/", index.SchemaView.as_view(), name="schema"),
    path("docs/", index.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    # any character, newlines included: every unmatched path is a JSON 404
    re_path(r"^[\s\S]*$", not_found),
]
