"""Views of the hub app that are not Wagtail pages."""

from django.shortcuts import redirect
from django.utils.translation import get_language_from_request


def health(request):
    """For load balancers and docker: whether the database and the cache answer, by name.

    503 when the database does not (nothing works without it); 200 when only the cache
    does not (pages are then served without it, hub.cache), with its state in the body."""
    from django.core.cache import cache
    from django.db import DatabaseError, connection

    from hub.json import json_response

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    states = {"database": database, "cache": "ok" if _cache_answers(cache) else "down"}
    if database != "ok":
        status = "down"
    else:
        status = "ok" if states["cache"] == "ok" else "degraded"
    return json_response(
        {"status": status, **states},
        status=503 if database != "ok" else 200,
        headers={"Cache-Control": "no-store"},
    )


def _cache_answers(cache):
    reachable = getattr(cache, "reachable", None)  # hub.cache.FailSafeRedisCache
    if reachable is not None:
        return reachable()
    try:  # any other backend: a round trip
        cache.set("hub-health", "ok", 10)
        return cache.get("hub-health") == "ok"
    except Exception:  # noqa: BLE001 - a backend that fails in any way does not answer
        return False


def root_redirect(request):
    """Send `/` to the home page in the visitor's language (browser preference or cookie)."""
    return redirect(f"/{get_language_from_request(request, check_path=False)}/")


def rate_limited(request, exception=None):
    """429 for clients that exceed the API rate limit (django-ratelimit)."""
    from django.utils.translation import gettext as _

    from hub.json import json_response

    return json_response(
        {"error": _("Too many requests: please wait a minute and try again."), "parameter": None},
        status=429,
        headers={"Retry-After": "60"},
    )


def api_rate(group, request):
    """The JSON APIs' rate limit per client address (API_RATE_LIMIT), read on each call."""
    from django.conf import settings

    return settings.API_RATE_LIMIT
