"""API v1 URLs. Export routes live in their own modules and are included here.

Export routes come first so that ``conditions/export/rss/`` is never read as a slug.
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("conditions", views.ConditionViewSet, basename="conditions")
router.register("symptoms", views.SymptomViewSet, basename="symptoms")
router.register("treatments", views.TreatmentViewSet, basename="treatments")
router.register("case-studies", views.CaseStudyViewSet, basename="case-studies")
router.register("images", views.ImageViewSet, basename="images")
router.register("licenses", views.LicenseViewSet, basename="licenses")

urlpatterns = [
    path("", include("api.export_urls")),
    path("", views.IndexView.as_view(), name="index"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", views.not_found),
]
