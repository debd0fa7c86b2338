from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content delivery API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .caching import connect_signals

        connect_signals()
