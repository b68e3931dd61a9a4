"""The languages of the Hub: English is the source every translation starts from."""

from django.conf import settings
from django.utils.translation import get_language

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def current_language():
    """The active language's code without its region ("fr" for "fr-be")."""
    return (get_language() or DEFAULT_LANGUAGE).split("-")[0]
