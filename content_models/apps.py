from django.apps import AppConfig


class ContentModelsConfig(AppConfig):
    name = "content_models"
    label = "content_models"
    verbose_name = "Clinic content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .publishing import signal_handlers

        signal_handlers.connect()
