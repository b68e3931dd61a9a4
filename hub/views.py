"""Views of the hub app that are not Wagtail pages."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language_from_request

from hub.page_cache import cached_for_readers


def health(request):
    """For load balancers and docker: whether the database, the cache and a search server of
    its own (Elasticsearch) answer, by name.

    503 when the database does not (nothing works without it); 200 when only the cache or
    the search server does not (pages are then served without the cache, hub.cache, and
    searches say they are unavailable), with its state in the body."""
    from django.core.cache import cache
    from django.db import DatabaseError, connection

    from hub.json import json_response
    from search import service

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    states = {"database": database, "cache": "ok" if _cache_answers(cache) else "down"}
    search = service.get_backend().health()  # a search server of its own: its state too
    if search is not None:
        states["search"] = search
    if database != "ok":
        status = "down"
    else:
        status = "ok" if all(state == "ok" for state in states.values()) else "degraded"
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


def password_guesses_exceeded(request):
    """Whether this client address went past PAGE_PASSWORD_RATE_LIMIT guesses at shared
    passwords (pages and document collections), counting this one. The limit fails closed:
    while the shared cache that counts guesses is down, none is checked (the JSON APIs'
    limits fail open instead, README)."""
    from django.conf import settings
    from django.core.cache import cache
    from django_ratelimit.core import is_ratelimited

    reachable = getattr(cache, "reachable", None)
    if reachable is not None and not reachable():
        return True
    return is_ratelimited(
        request,
        group="hub.page-password",
        key="ip",
        rate=settings.PAGE_PASSWORD_RATE_LIMIT,
        increment=True,
    )


def password_limited(request):
    from django.template.response import TemplateResponse

    response = TemplateResponse(request, "hub/password_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's form for a page shared with a password, with guesses limited per client
    address (password_guesses_exceeded): past it, 429 and the page stays closed."""
    from wagtail.views import authenticate_with_password as wagtail_view

    if request.method == "POST" and password_guesses_exceeded(request):
        return password_limited(request)
    return wagtail_view(request, page_view_restriction_id, page_id)


def search_page_rate(group, request):
    """The search page's and the feed's rate limit per client address (SEARCH_PAGE_RATE_LIMIT)."""
    from django.conf import settings

    return settings.SEARCH_PAGE_RATE_LIMIT


def robots_txt(request):
    """Crawlers: everything readers see, not the admin, the API or endless search pages."""
    from django.http import HttpResponse

    from hub.sitemaps import absolute_url

    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/search/",
        "",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
        "",
    ]
    return HttpResponse(
        "\n".join(lines),
        content_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the icon among the static files."""
    from django.templatetags.static import static

    response = redirect(static("hub/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@cached_for_readers
def help_now(request):
    """The "Get help now" page: the emergency numbers and help lines editors keep (Settings > Help
    lines), each kind by place in the reader's language."""
    from hub.models import HelpLine

    lines = list(HelpLine.objects.all())
    lines.sort(key=lambda line: (line.kind != HelpLine.EMERGENCY, str(line.place), line.sort_order))
    sections = [
        (kind, label, [line for line in lines if line.kind == kind])
        for kind, label in HelpLine.KINDS
    ]
    return render(request, "hub/help_now.html", {"sections": [s for s in sections if s[2]]})


def page_not_found(request, exception=None):
    """A page's address with another language's slugs (an English slug under /fr/, as when a
    reader edits the language in the address) moves to the page's address in the language
    asked for; anything else is the "Page not found" page."""
    from django.views import defaults

    target = _in_language_asked(request)
    if target:
        return redirect(target, permanent=True)
    return defaults.page_not_found(request, exception, template_name="404.html")


def _in_language_asked(request):
    from django.http import Http404
    from django.utils import translation
    from wagtail.models import Site

    from hub.languages import LANGUAGE_CODES

    language, _slash, rest = request.path.lstrip("/").partition("/")
    components = [part for part in rest.split("/") if part]
    site = Site.find_for_request(request)
    if language not in LANGUAGE_CODES or not components or site is None:
        return None
    root = site.root_page.specific
    for other in LANGUAGE_CODES:
        if other == language:
            continue
        with translation.override(other):
            try:
                page = root.route(request, components).page
            except Http404:
                continue
        # Only to pages anybody may open: a restricted page's address stays unknown.
        if not page.live or page.get_view_restrictions().exists():
            return None
        with translation.override(language):
            url = page.get_url(request)
        query = request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query and url else url
    return None
