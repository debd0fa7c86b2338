"""Local development: debug on, a fixed insecure key, the demo admin login allowed."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-meridian-dev-only"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `load_demo` creates the admin / changeme login only when this is true.
MERIDIAN_DEMO_ADMIN = True
