"""Template filters of the directory."""

from django import template

from network.languages import language_name

register = template.Library()


@register.filter
def spoken_language_name(code):
    """The name of a language a contact speaks, in the reader's language ("ti": "Tigrinya")."""
    return language_name(code)
