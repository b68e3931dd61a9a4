"""Settings shared by every environment.

Every environment variable is read here, once, with a typed default; the README lists them.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Environment -------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A kept connection is checked before a request reuses it: one the server closed (a restart,
# a failover, a terminated backend) is replaced instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers never wait for a writer, and a commit does not wait for
    # the disk (a power cut may lose the last commits, never the database). A page cache of
    # 64 MB a connection (SQLite's default is 2 MB) keeps the search index's pages in memory.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        " PRAGMA cache_size=-65536"
    )
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="The Hub <hub@localhost>")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down is a cache that misses, not an error page (hub.cache).
    CACHES["default"]["BACKEND"] = "hub.cache.FailSafeRedisCache"
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="300/m")
SEARCH_PAGE_RATE_LIMIT = env.str("SEARCH_PAGE_RATE_LIMIT", default="120/m")
PASSWORD_RESET_RATE_LIMIT = env.str("PASSWORD_RESET_RATE_LIMIT", default="5/h")
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=600)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
SEARCH_STATS_SECONDS = env.int("SEARCH_STATS_SECONDS", default=5)  # search.stats
# search.backends.vocabulary
SEARCH_VOCABULARY_SECONDS = env.int("SEARCH_VOCABULARY_SECONDS", default=300)
UPLOAD_MAX_MEGABYTES = env.int("UPLOAD_MAX_MEGABYTES", default=25)
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
PROFILE_REMINDER_MONTHS = env.int("PROFILE_REMINDER_MONTHS", default=12)
PROFILE_STALE_MONTHS = env.int("PROFILE_STALE_MONTHS", default=18)
PROFILE_CONFIRM_LINK_DAYS = env.int("PROFILE_CONFIRM_LINK_DAYS", default=30)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
REQUIRE_TWO_FACTOR = env.bool("REQUIRE_TWO_FACTOR", default=False)  # production: True
STAFF_SESSION_SECONDS = env.int("STAFF_SESSION_SECONDS", default=8 * 3600)  # network.sessions
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)  # hub.client_address
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")  # search.tasks

vars().update(EMAIL_CONFIG)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # wagtail-modeltranslation patches Wagtail's models and its makemigrations/migrate
    # commands, so it has to come before Wagtail and the project's apps.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "hub",
    "network",
    "resources",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "django_countries",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages compressed by the app itself: most small hosts put no proxy in front. Outside the
    # page cache, which keeps pages as rendered.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor: django-otp adds `user.is_verified()`; network.two_factor sends who
    # owes a code or a device to the page that asks for it.
    "django_otp.middleware.OTPMiddleware",
    "network.two_factor.TwoFactorMiddleware",
    # Staff sessions end after STAFF_SESSION_SECONDS without a request.
    "network.sessions.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a rate-limited API call into a 429 with a message (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
    # Public pages for readers who are not signed in, from the cache (hub.page_cache); after
    # every other middleware, so that each still adds its headers to them.
    "hub.page_cache.PublicPageCacheMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins while a username and address pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "network.auth.EmailBackend",
]
LOGIN_URL = "network:login"
LOGIN_REDIRECT_URL = "network:profile"
# Password reset requests are limited per client address and per email typed (network.forms).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "network.forms.AdminResetForm"  # noqa: S105
# Lock out a username from one address after repeated failures, never a whole office
# address (a National Society's staff share one), and never a username everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "network/locked_out.html"
AXES_VERBOSE = False
# Every way of typing one account's identifier counts against that account.
AXES_USERNAME_CALLABLE = "network.auth.lockout_username"
# The lockout and every rate limit key on the client's address, read through the trusted
# proxies (TRUSTED_PROXY_COUNT), never from a header a client can write.
AXES_CLIENT_IP_CALLABLE = "hub.client_address.client_address"
RATELIMIT_IP_META_KEY = "hub.client_address.client_address"

OTP_TOTP_ISSUER = "The Hub"

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups (hub.backups): Django's JSON with datetimes to the microsecond.
SERIALIZATION_MODULES = {"hub-json": "hub.serializers"}

# --- Languages ---------------------------------------------------------------------------------
# The one list of languages: modeltranslation, URL prefixes, the language switcher and the
# search analyzers all read it. English is the source language every translation falls back to.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("hr", "Hrvatski"),
    ("nl", "Nederlands"),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Wagtail's own page-tree localisation stays off: each page exists once, translated field by
# field (DESIGN.md).
WAGTAIL_I18N_ENABLED = False
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "The Hub"
# A page shared with a password asks for it in the Hub's own layout and language.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "hub/password_required.html"  # noqa: S105 - a template
# Guesses at a page's shared password a client address may make in a minute.
PAGE_PASSWORD_RATE_LIMIT = env.str("PAGE_PASSWORD_RATE_LIMIT", default="10/m")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Downloads are downloaded, never rendered inline in the Hub's origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "gif": "webp"}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The Hub's search service (search.service): Elasticsearch when a server is configured.
SEARCH_BACKEND = (
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)
ELASTICSEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="hub-resources")
# A secured cluster (Elasticsearch 8 starts with TLS on a CA of its own, and authentication):
# the CA certificate (a PEM file) or the SHA-256 fingerprint of a certificate of the chain,
# and an API key, or a user and password.
ELASTICSEARCH_CA_CERTS = env.str("ELASTICSEARCH_CA_CERTS", default="")
ELASTICSEARCH_FINGERPRINT = env.str("ELASTICSEARCH_FINGERPRINT", default="")
ELASTICSEARCH_API_KEY = env.str("ELASTICSEARCH_API_KEY", default="")
ELASTICSEARCH_USERNAME = env.str("ELASTICSEARCH_USERNAME", default="")
ELASTICSEARCH_PASSWORD = env.str("ELASTICSEARCH_PASSWORD", default="")
# Seconds a search or a suggestion waits for an answer (a reader waits with it), and seconds
# an index write waits (bulks of PDF text are slow); retries after a refused connection or
# a 429/502/503/504 (writes also after a timeout).
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=3.0)
ELASTICSEARCH_INDEX_TIMEOUT = env.float("ELASTICSEARCH_INDEX_TIMEOUT", default=60.0)
ELASTICSEARCH_RETRIES = env.int("ELASTICSEARCH_RETRIES", default=2)
# No outbound calls from the admin.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# --- Tasks -------------------------------------------------------------------------------------
# Index work (search.tasks) and Wagtail's own (its reference and admin search indexes) run as
# django-tasks tasks. "immediate": in the process that enqueues them, once its transaction
# commits (development, tests: no worker to run). "database": queued in the database and run by
# `manage.py db_worker` (production: a publish never waits for PDF text or a slow index).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND is {TASKS_BACKEND!r}: set it to one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# --- Security headers (every environment, so that tests see what production sends) ----------
# Public pages: no inline script or style at all; scripts, if a page ever needs one, carry the
# request's nonce. The Wagtail admin (/admin/) relies on inline scripts and styles and is
# excluded from this policy; it is only for signed-in editors and is framed by nobody else.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN for themselves
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
RATELIMIT_VIEW = "hub.views.rate_limited"
# With the cache unreachable, the JSON APIs' rate limits cannot count: they let requests
# through (README, "Outages") rather than refuse every reader and the Hub's own pages.
RATELIMIT_FAIL_OPEN = True

# --- Uploads -------------------------------------------------------------------------------
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "hub.uploads.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_MEGABYTES * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "hub.uploads.ImageForm"  # images readable to the last frame
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_MEGABYTES * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # Pillow's decompression-bomb guard, and Wagtail's
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
