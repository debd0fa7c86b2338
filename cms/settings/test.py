"""The test suite: fast hashing, media in a temporary folder, no throttling surprises."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "meridian-test-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="meridian-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="meridian-test-static-")
WAGTAILADMIN_BASE_URL = "http://testserver"
MERIDIAN_DEMO_ADMIN = True
