"""Routes for exports through the exporter registry (item and collection)."""

urlpatterns = []
