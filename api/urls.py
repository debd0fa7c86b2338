"""API v1 URLs. Export routes live in their own modules and are included here.

Export routes come first so that ``conditions/export/rss/`` is never read as a slug.
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import index, media_views, views
from .policy import not_found

app_name = "api"

router = SimpleRouter()
router.register("conditions", views.ConditionViewSet, basename="conditions")
router.register("symptoms", views.SymptomViewSet, basename="symptoms")
router.register("treatments", views.TreatmentViewSet, basename="treatments")
router.register("case-studies", views.CaseStudyViewSet, basename="case-studies")
router.register("images", media_views.ImageViewSet, basename="images")
router.register("licenses", media_views.LicenseViewSet, basename="licenses")

urlpatterns = [
    path("", include("api.export_urls")),
    path("", index.IndexView.as_view(), name="index"),
    path("schema/", index.SchemaView.as_view(), name="schema"),
    path("docs/", index.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
