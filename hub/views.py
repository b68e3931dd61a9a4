"""Views of the hub app that are not Wagtail pages."""

from django.shortcuts import redirect
from django.utils.translation import get_language_from_request


def health(request):
    """For load balancers and docker: the app answers and its database too."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


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
