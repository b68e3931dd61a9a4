"""Views of the hub app that are not Wagtail pages."""

from django.shortcuts import redirect
from django.utils.translation import get_language_from_request


def root_redirect(request):
    """Send `/` to the home page in the visitor's language (browser preference or cookie)."""
    return redirect(f"/{get_language_from_request(request, check_path=False)}/")
