"""Shorter sessions for staff: whoever can reach the Wagtail admin (editors, moderators,
administrators, however they signed in: /admin/login/ or the network's sign-in) is signed
out after STAFF_SESSION_SECONDS without a request, instead of Django's fourteen days. Members
keep the default. A password change ends every other session through Django's session auth
hash (AuthenticationMiddleware checks it on each request)."""

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

LAST_SEEN = "staff_last_seen"


def has_admin_access(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


class StaffSessionMiddleware:
    """The idle timeout, kept in the session itself: the admin's "remember me" unticked
    gives a cookie that ends with the browser, yet the session behind it still ends after
    STAFF_SESSION_SECONDS of inactivity. Each staff request renews it, the login included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(timezone.now().timestamp())
        if has_admin_access(request.user):
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > settings.STAFF_SESSION_SECONDS:
                logout(request)
        response = self.get_response(request)
        if has_admin_access(request.user):
            request.session[LAST_SEEN] = now
            if not request.session.get_expire_at_browser_close():
                request.session.set_expiry(settings.STAFF_SESSION_SECONDS)
        return response
