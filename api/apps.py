from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content delivery API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content_models.publishing import renderer

        from . import purge, schema  # noqa: F401 (schema registers its extension)
        from .rendering import render

        renderer.register(render)
        purge.connect()
