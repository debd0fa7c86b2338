"""Settings shared by every environment; `dev`, `test` and `production` adjust them.

The database comes from ``DATABASE_URL`` (PostgreSQL in production and CI) and falls
back to a SQLite file beside the project, so a fresh clone runs with no set-up.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "content_models",
    "api",
    "exporters",
    "webhooks",
    "wagtail.api.v2",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username or address is refused before any password check.
    "cms.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for the writer (WAL); writers queue for up to 20 s instead of
    # failing with "database is locked" when autosave, preview and a background task
    # write together, and take the write lock when their transaction starts.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process and node when REDIS_URL is set: API throttling,
# kept listing and feed bodies, leaflet memos and locks then hold across gunicorn
# workers and servers. Without it each process keeps its own memory cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "meridian",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MERIDIAN_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Meridian"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "content_models.CreditedImage"
# Image forms ask for the licence and the source at upload.
WAGTAILIMAGES_IMAGE_FORM_BASE = "content_models.image_forms.CreditedImageForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAIL_I18N_ENABLED = False

# Meridian
# The partner-facing site that renders pages; canonical URLs are built on it.
MERIDIAN_FRONTEND_URL = os.environ.get("MERIDIAN_FRONTEND_URL", "")
# Where partners reach this CMS (API, media), if not the default site's root URL:
# stored representations carry absolute URLs built on it.
MERIDIAN_API_URL = os.environ.get("MERIDIAN_API_URL", "")
# Draft preview on the partner front end (docs/api.md, "Draft preview for front
# ends"): FRONTEND_URL (with {token}, {resource}, {slug}; empty = no "Partner site"
# preview), MAX_AGE (seconds a token works), SECRET (empty = SECRET_KEY, salted).
# Defaults are in content_models/preview_tokens.py; here, only what the environment sets.
MERIDIAN_PREVIEW = {
    name: os.environ[variable]
    for name, variable in (
        ("FRONTEND_URL", "MERIDIAN_PREVIEW_URL"),
        ("MAX_AGE", "MERIDIAN_PREVIEW_MAX_AGE"),
        ("SECRET", "MERIDIAN_PREVIEW_SECRET"),
    )
    if os.environ.get(variable)
}

# Background work: run immediately unless a deployment configures a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Signed webhooks (docs/operations.md, "Webhooks"). Deliveries are queued on the
# TASK_BACKEND alias when it has a worker; with the immediate backend publishing only
# records them and `manage.py deliver_webhooks` sends them. Keys left out default.
MERIDIAN_WEBHOOKS = {
    # Refuse hosts that resolve to private, loopback, link-local or reserved addresses.
    "ALLOW_PRIVATE_ADDRESSES": False,
    # Seconds to connect and for each read of the receiver's answer.
    "TIMEOUT": 5,
    # Attempts before a delivery is given up; the wait doubles from BACKOFF_SECONDS.
    "MAX_ATTEMPTS": 6,
    "BACKOFF_SECONDS": 30,
}

# Exporters (docs/exporters.md). Every installed exporter is enabled unless this lists
# the names to enable, e.g. ["leaflet-pdf", "rss"]; installed but unlisted exporters are
# never imported. Names come from the "meridian.exporters" entry points.
MERIDIAN_EXPORTERS = None
# Rendered leaflets are kept here, keyed by page, revision, options, exporter version
# and template, so repeat downloads skip rendering. STORAGE is a STORAGES alias: point
# it at shared object storage when several servers or workers render.
MERIDIAN_EXPORT_STORE = {"STORAGE": "default", "LOCATION": "rendered-exports"}

# Admin login lockout (django-axes): MERIDIAN_LOGIN_FAILURE_LIMIT wrong passwords for
# one username from one address lock that pair out for AXES_COOLOFF_TIME hours, and
# MERIDIAN_LOGIN_ADDRESS_FAILURE_LIMIT over any usernames lock the address (a clinic
# shares one, so one person's typos must not lock the others out). Axes has one limit
# for both counts: cms.auth.failure_limit picks the one that applies. Attempts are kept
# in the database, so the lockout holds across processes and nodes. `manage.py
# axes_reset` lifts it.
MERIDIAN_LOGIN_FAILURE_LIMIT = int(os.environ.get("MERIDIAN_LOGIN_FAILURE_LIMIT", 5))
MERIDIAN_LOGIN_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("MERIDIAN_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
)
AXES_FAILURE_LIMIT = "cms.auth.failure_limit"
AXES_COOLOFF_TIME = float(os.environ.get("MERIDIAN_LOGIN_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "content_models/admin/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Content security policy on every HTML response outside the admins: pages load
# scripts, styles, images and fonts from this origin only, run no inline script and
# cannot be framed. The admins (Wagtail's and Django's) keep their own rules.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if MERIDIAN_API_URL:
    # Reference pages show images from where partners reach the CMS (its media URLs).
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        MERIDIAN_API_URL.rstrip("/")
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "meridian": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
}

# --- Content delivery API v1 (api/) ---------------------------------------------------
# Read-only JSON API for partner sites. Anonymous rate and CORS allow-list come from the
# environment so a deployment can tighten them without a code change.
MERIDIAN_API = {
    # Cache-Control max-age (seconds) on every API response.
    "CACHE_MAX_AGE": int(os.environ.get("MERIDIAN_API_CACHE_MAX_AGE", 300)),
    # Anonymous request rate, DRF syntax ("120/minute"); empty disables throttling.
    "ANON_RATE": os.environ.get("MERIDIAN_API_ANON_RATE", "1200/minute"),
    # Image renditions the API publishes, by name: only these sizes are ever rendered.
    "RENDITIONS": {
        "thumbnail": "fill-320x240",
        "medium": "max-800x600",
        "large": "max-1600x1200",
    },
}

# Policy (renderers, throttling, errors) is set on api.policy.APIPolicy, so Wagtail's
# own API v2 keeps DRF's defaults.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # `format` is not a query parameter of this API (unknown parameters are errors).
    "URL_FORMAT_OVERRIDE": None,
    # Proxies in front (Varnish, a CDN, a load balancer) that append to
    # X-Forwarded-For: throttling counts the client address they saw, not theirs.
    # Unset (0), REMOTE_ADDR is the client and X-Forwarded-For, which any client can
    # write, is ignored.
    "NUM_PROXIES": int(os.environ.get("MERIDIAN_PROXY_COUNT") or 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Meridian content API",
    "DESCRIPTION": "Read-only patient information: conditions, symptoms, treatments "
    "and case studies, with image credits and licences.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.query_values_as_read",
    ],
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "ENUM_NAME_OVERRIDES": {},
    # Interactive docs from installed assets, so they work without internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# CORS: partner origins, comma-separated; empty means any origin (the API is read-only).
CORS_ALLOWED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("MERIDIAN_API_CORS_ORIGINS", "").split(",")
    if origin.strip()
]
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
# --- end of API v1 settings -------------------------------------------------------------

# --- HTTP cache in front (Varnish / CDN) ---------------------------------------------
# Publishing purges exactly the URLs a change touched (api/purge.py) through Wagtail's
# frontend cache. MERIDIAN_VARNISH_URL is where PURGE requests go (Varnish's listen
# address, e.g. http://127.0.0.1:6081); unset, nothing is purged. A CDN takes the same
# path with its own backend (docs/operations.md, "HTTP cache and purging").
INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
MERIDIAN_VARNISH_URL = os.environ.get("MERIDIAN_VARNISH_URL", "")
WAGTAILFRONTENDCACHE = (
    {
        "varnish": {
            # Wagtail's HTTP backend, with a timeout (api/cache_purge_backend.py).
            "BACKEND": "api.cache_purge_backend.BoundedHTTPBackend",
            "LOCATION": MERIDIAN_VARNISH_URL,
            "TIMEOUT": float(os.environ.get("MERIDIAN_PURGE_TIMEOUT", 2)),
        }
    }
    if MERIDIAN_VARNISH_URL
    else {}
)
# --- end of HTTP cache settings ------------------------------------------------------
