"""API v1 URLs. Export routes live in their own modules and are included here."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    # Issue 3 (resources, schema, docs) adds its routes here.
    path("", include("api.export_urls")),
]
