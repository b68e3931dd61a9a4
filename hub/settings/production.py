"""Production: every secret and host from the environment, HTTPS only, static files
compressed and fingerprinted. `manage.py check --deploy --fail-level WARNING` passes."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES, env

DEBUG = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (50 characters or more).")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
# Staff who see contact data enrol a second factor before any admin page (network.two_factor).
REQUIRE_TWO_FACTOR = env.bool("REQUIRE_TWO_FACTOR", default=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# Behind a proxy that terminates TLS, the health check calls plain HTTP on localhost.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# Django's Redis cache (CACHE_URL=redis://...) is shared between workers and supports the
# atomic increments django-ratelimit needs; the check only knows of a few named backends.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
