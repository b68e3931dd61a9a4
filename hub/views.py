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
    """429 for clients past a rate limit (django-ratelimit): JSON for the APIs, a page in the
    reader's language for the search page and the feed."""
    from django.template.response import TemplateResponse
    from django.utils.translation import gettext as _

    from hub.json import json_response

    message = _("Too many requests: please wait a minute and try again.")
    headers = {"Retry-After": "60"}
    if request.path.startswith("/api/"):
        return json_response({"error": message, "parameter": None}, status=429, headers=headers)
    response = TemplateResponse(request, "429.html", {"message": message}, status=429)
    for name, value in headers.items():
        response[name] = value
    return response


def api_rate(group, request):
    """The JSON APIs' rate limit per client address (API_RATE_LIMIT), read on each call."""
    from django.conf import settings

    return settings.API_RATE_LIMIT


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's form for a page shared with a password, with guesses limited per client
    address (PAGE_PASSWORD_RATE_LIMIT): past it, 429 and the page stays closed."""
    from django.conf import settings
    from django.template.response import TemplateResponse
    from django_ratelimit.core import is_ratelimited
    from wagtail.views import authenticate_with_password as wagtail_view

    if request.method == "POST" and is_ratelimited(
        request,
        group="hub.page-password",
        key="ip",
        rate=settings.PAGE_PASSWORD_RATE_LIMIT,
        increment=True,
    ):
        response = TemplateResponse(request, "hub/password_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    return wagtail_view(request, page_view_restriction_id, page_id)


def search_page_rate(group, request):
    """The search page's and the feed's rate limit per client address (SEARCH_PAGE_RATE_LIMIT)."""
    from django.conf import settings

    return settings.SEARCH_PAGE_RATE_LIMIT
