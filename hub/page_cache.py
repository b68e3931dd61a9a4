"""Pages as readers who are not signed in see them, kept in the cache for a minute.

A public page looks the same to every anonymous reader (the Hub's page templates carry no
form token, nonce or message), so it is rendered once and then served from Django's cache
(Redis in production) until PAGE_CACHE_SECONDS pass or the site changes: the key holds the
content version (hub.models.ContentVersion), which changes with every page published,
unpublished, moved or deleted, with view restrictions, the emergency notice, terms and
every contact point saved or deleted, so those show at once. Signed-in members and editors,
previews and anything but GET always get a fresh page.

Only Wagtail pages (CachedForReaders) and the directory's public pages (cached_for_readers:
anonymous readers see only what a contact point shows everyone) are stored, and only once
their view answered 200; the middleware, last of all, answers later requests for them before
the view runs, and every other middleware still adds its headers.

Nothing private is ever stored or served: not a page under a view restriction (password,
signed-in users, groups: hub.restrictions), which is marked `Cache-Control: private,
no-store`, nor an answer marked no-store or setting a cookie, nor any answer to a request
that carries a session (where a password restriction once passed is kept).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from hub import restrictions

# The views whose answers are kept: the page tree (Wagtail's catch-all view) and the
# directory's public pages. The search page (it counts searches), the APIs, the members'
# pages and the admin never are.
CACHED_VIEWS = {"wagtail_serve", "network:directory", "network:society", "help_now"}


def _is_page(request):
    try:
        return resolve(request.path_info).view_name in CACHED_VIEWS
    except Resolver404:
        return False


def _key(request):
    from hub.models import ContentVersion

    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or not _is_page(request)
        or request.user.is_authenticated
    ):
        return None
    token = ContentVersion.current()
    if token is None:
        return None
    address = f"{request.get_host()}|{request.get_full_path()}|{translation.get_language()}"
    return f"hub-page:{token}:{hashlib.sha256(address.encode()).hexdigest()}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is not None:
            response = cache.get(key)
            if response is not None:
                return response
        request.public_page_cache_key = key
        response = self.get_response(request)
        if request.user.is_authenticated and "private" not in response.get("Cache-Control", ""):
            # What a signed-in viewer is shown may be theirs alone (restricted resources in
            # listings, their profile): no shared cache keeps it.
            patch_cache_control(response, private=True)
        return response


def shareable(response):
    """Whether an answer may be kept for other anonymous readers: a 200 that sets no cookie
    and that no one marked no-store (as Wagtail marks restricted pages and their forms). The
    directory's pages say `private` to browsers' and proxies' caches, which would keep them
    whoever asks, while this cache keeps only what anonymous readers are shown."""
    return (
        response.status_code == 200
        and "no-store" not in response.get("Cache-Control", "").lower()
        and not response.cookies
    )


def _keep(request, response):
    """Have a 200 answer to a request the middleware looked up stored once rendered."""
    key = getattr(request, "public_page_cache_key", None)
    if key is not None and not getattr(request, "is_preview", False):
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(
                lambda rendered: (
                    cache.set(key, rendered, settings.PAGE_CACHE_SECONDS)
                    if shareable(rendered)
                    else None
                )
            )
    return response


def private(response):
    """Mark an answer that not everyone may see: no shared cache keeps it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


class CachedForReaders:
    """A Wagtail page whose anonymous views are kept in the cache, unless a view restriction
    applies to it: then it is private, whoever asks."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if restrictions.is_restricted(self):
            return private(response)
        return _keep(request, response)

    def serve_password_required_response(self, request, form, action_url):
        """The form for a page shared with a password shows nothing of the page: not its
        title, summary or description, nor its addresses in other languages (its slugs)."""
        from django.conf import settings
        from django.template.response import TemplateResponse

        context = {"form": form, "action_url": action_url, "request": request}
        response = TemplateResponse(request, settings.WAGTAIL_PASSWORD_REQUIRED_TEMPLATE, context)
        return private(response)


def cached_for_readers(view):
    """A view (one of CACHED_VIEWS) whose anonymous answers are kept in the cache."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return _keep(request, view(request, *args, **kwargs))

    return wrapper
