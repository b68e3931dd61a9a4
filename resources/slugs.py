"""Slugs of resources, unique among their siblings in every language, checked cheaply.

wagtail-modeltranslation checks a page's slugs by loading every sibling page (so a save
takes longer the larger the library) and routes a URL by iterating over every child. The
library is the one parent with thousands of children, so its resources are checked, and
their URLs routed, with one indexed query per language instead.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, current_language


def slug_in(language):
    return build_localized_fieldname("slug", language)


def effective_slug_filter(language, slug):
    """Pages whose slug in `language` is `slug`, counting the fallback to the English slug."""
    if language == DEFAULT_LANGUAGE:
        return Q(**{slug_in(language): slug})
    return Q(**{slug_in(language): slug}) | (
        (Q(**{f"{slug_in(language)}__isnull": True}) | Q(**{slug_in(language): ""}))
        & Q(**{slug_in(DEFAULT_LANGUAGE): slug})
    )


def slug_errors(page, parent, values=None):
    """{field: message} for each of the page's slugs already used by a sibling."""
    if parent is None:
        return {}
    siblings = Page.objects.child_of(parent)
    if page.pk:
        siblings = siblings.exclude(pk=page.pk)
    values = values or {language: getattr(page, slug_in(language)) for language in LANGUAGE_CODES}
    errors = {}
    for language in LANGUAGE_CODES:
        slug = values.get(language) or values.get(DEFAULT_LANGUAGE)
        if slug and siblings.filter(effective_slug_filter(language, slug)).exists():
            errors[slug_in(language)] = _("This slug is already in use")
    return errors


def clean_resource(self):
    """Model validation for resource pages: Django's, plus the per-language slug check."""
    super(Page, self).clean()
    errors = slug_errors(self, self.get_parent())
    if errors:
        raise ValidationError(errors)


def route_child_by_slug(self, request, path_components):
    """Route to a child by its slug in the reader's language, with one query."""
    if not path_components:
        return Page.route(self, request, path_components)
    child_slug, remaining = path_components[0], path_components[1:]
    child = (
        Page.objects.child_of(self)
        .filter(effective_slug_filter(current_language(), child_slug))
        .first()
    )
    if child is None:
        raise Http404
    return child.specific.route(request, remaining)


def resource_form_class(patched_form_class):
    """The admin form of a resource page, with the cheap slug check in place of the patched one."""

    class ResourcePageForm(patched_form_class):
        def clean(self):
            cleaned_data = super(patched_form_class, self).clean()
            values = {language: cleaned_data.get(slug_in(language)) for language in LANGUAGE_CODES}
            for field, message in slug_errors(self.instance, self.parent_page, values).items():
                if field in self.fields:
                    self.add_error(field, forms.ValidationError(message))
            return cleaned_data

    return ResourcePageForm


def slug_for(title):
    """ASCII where the script allows ("bibliotheque"), the title's own script otherwise."""
    ascii_slug, own_slug = slugify(title), slugify(title, allow_unicode=True)
    # Transliterate Latin scripts ("bibliothèque" -> "bibliotheque"); keep others as written.
    slug = ascii_slug if len(ascii_slug) >= 0.8 * len(own_slug) else own_slug
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug.strip("-")


def unique_slug(title, taken, fallback="resource"):
    """A slug from `title` not in the set `taken` (which it is added to)."""
    base = slug_for(title) or fallback
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken.add(slug)
    return slug


def free_slug(slug, taken):
    """`slug` as it is written if the set `taken` does not have it, else with the first free
    number after it ("guide-2"); added to `taken`."""
    free, number = slug, 2
    while free in taken:
        free = f"{slug}-{number}"
        number += 1
    taken.add(free)
    return free
