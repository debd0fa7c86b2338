"""API v1 URLs (filled in by the API issue)."""

urlpatterns = []
