"""Tests: fast, isolated, deterministic."""

import os

from .base import *  # noqa: F403

# Tests never use a real secret.
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
# Hashing passwords properly makes every login in the suite slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Messages are inspected, never sent.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded files go to a throwaway folder, not the developer's media.
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# A persistent connection would outlive pytest-django's test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A process-local cache: no server needed, and cleared between tests where it matters.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit asks for a shared cache; tests run in one process, where this one is shared.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# The suite makes thousands of API and search calls from one address; the rate-limit tests
# lower them.
API_RATE_LIMIT = "100000/m"
SEARCH_PAGE_RATE_LIMIT = "100000/m"
# Tests change pages without publishing them: cached pages would leak from one test into the
# next. The page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
# Search statistics written at once, so a test sees them; their own tests batch them.
SEARCH_STATS_SECONDS = 0
# The suite searches the database; the search contract suite adds the Elasticsearch backend
# itself (against a stand-in server, and the one at ELASTICSEARCH_URL when it is set).
SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
# An alias of its own for each test process, whatever the environment says: a run against a
# live server creates and deletes indexes under it only, never a hub's.
ELASTICSEARCH_INDEX = f"hub-test-{os.getpid()}"
