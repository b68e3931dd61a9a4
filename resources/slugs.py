"""Slugs of the Hub's pages, unique among their siblings in every language, checked cheaply.

wagtail-modeltranslation checks a page's slugs by loading every sibling page (so a save
takes longer the larger the library) and routes a URL by iterating over every child. The
library is the one parent with thousands of children, so its resources are checked, and
their URLs routed, with one indexed query per language instead; the Hub's other pages are
checked the same way, so that every slug error says the same.

A page's address in a language is its slug in that language or, when that one is empty, the
English slug. An empty slug is never an error itself: a clash of the address it falls back
to is the English slug's. The error names the page that holds the address, with a link to
edit it (a draft never published is said to be one: finish or delete it).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language_info, gettext
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


def _addresses(values):
    """(language, slug, field) for each language the page has an address in: its own slug,
    or the English one that an empty slug falls back to, and the field that holds it."""
    for language in LANGUAGE_CODES:
        own = values.get(language)
        slug = own or values.get(DEFAULT_LANGUAGE)
        if slug:
            yield language, slug, slug_in(language if own else DEFAULT_LANGUAGE)


def _clashes(siblings, values, only=None):
    """{field: (language, sibling)} for the fields whose slug a sibling already answers to,
    in the first language it does; an empty slug is never blamed (the English one it falls
    back to is). `only` checks that one field."""
    clashes = {}
    for language, slug, field in _addresses(values):
        if field in clashes or (only and field != only):
            continue
        holder = siblings.filter(effective_slug_filter(language, slug)).first()
        if holder is not None:
            clashes[field] = (language, holder)
    return clashes


def _siblings(page, parent):
    siblings = Page.objects.child_of(parent)
    return siblings.exclude(pk=page.pk) if page.pk else siblings


def _values(page):
    return {language: getattr(page, slug_in(language)) for language in LANGUAGE_CODES}


def clash_message(language, holder):
    """The error of a slug in use: in which language, by which page (a link to edit it), and
    what to do when that page is a draft that was never published."""
    link = format_html(
        '<a href="{}">{}</a>',
        reverse("wagtailadmin_pages:edit", args=(holder.pk,)),
        holder.get_admin_display_title(),
    )
    text = gettext("This slug is already the %(language)s address of %(page)s.")
    if not holder.live and holder.first_published_at is None:
        text += " " + gettext(
            "That page is a draft that was never published: finish or delete it, or choose"
            " another slug."
        )
    language_name = get_language_info(language)["name_translated"]
    return mark_safe(escape(text) % {"language": escape(language_name), "page": link})  # noqa: S308


def slug_errors(page, parent, values=None):
    """{field: message} for each of the page's slugs already used by a sibling."""
    if parent is None:
        return {}
    clashes = _clashes(_siblings(page, parent), values or _values(page))
    return {field: clash_message(*clash) for field, clash in clashes.items()}


def clean_page(self):
    """Model validation for the Hub's pages: Django's, plus the per-language slug check."""
    super(Page, self).clean()
    errors = slug_errors(self, self.get_parent())
    if errors:
        raise ValidationError(errors)


def clean_copy_form(self):
    """wagtail-modeltranslation's "Copy" form (`new_slug_en`...), its slugs checked as the
    page forms check them (it loaded the new parent's children once for each language); its
    other checks, the new parent and a copy into itself, worded as Wagtail's own copy form."""
    cleaned_data = forms.Form.clean(self)
    parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
    if not parent.permissions_for_user(self.user).can_add_subpage():
        message = gettext('You do not have permission to copy to page "%(page_title)s"')
        title = parent.specific_deferred.get_admin_display_title()
        raise ValidationError({"new_parent_page": message % {"page_title": title}})
    values = {language: cleaned_data.get(f"new_{slug_in(language)}") for language in LANGUAGE_CODES}
    clashes = slug_errors(Page(), parent, values)
    errors = {f"new_{field}": message for field, message in clashes.items()}
    if cleaned_data.get("copy_subpages") and (
        self.page == parent or parent.is_descendant_of(self.page)
    ):
        errors["new_parent_page"] = gettext(
            "You cannot copy a page into itself when copying subpages"
        )
    if errors:
        raise ValidationError(errors)
    return cleaned_data


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


def made_from(title, slug):
    """Whether `slug` is what the admin (or the importer) makes of `title`."""
    return bool(title) and slug in {slugify(title, allow_unicode=True), slug_for(title)}


def free_sibling_slug(siblings, values, field, tries=100):
    """The first of `slug-2`, `slug-3`... for `field` that no sibling answers to, or None."""
    language = field.rsplit("_", 1)[1]
    for number in range(2, tries + 2):
        candidate = f"{values[language]}-{number}"
        if not _clashes(siblings, {**values, language: candidate}, only=field):
            return candidate
    return None


def page_form_class(patched_form_class):
    """The admin form of the Hub's pages, with the cheap slug check in place of the patched one.

    A page never published whose slug was made from its title, taken by a sibling (the same
    title given twice, or a draft autosaved and left), gets the next free one (`-2`...), as
    Wagtail does for a slug left empty: re-creating a page does not fail on each autosave.
    A slug typed by hand, or of a page once published (its address is known), is refused
    with the page that holds it.
    """

    class HubPageForm(patched_form_class):
        renamed_slugs = None

        def clean(self):
            cleaned_data = super(patched_form_class, self).clean()
            if self.parent_page is None:
                return cleaned_data
            values = {language: cleaned_data.get(slug_in(language)) for language in LANGUAGE_CODES}
            siblings = _siblings(self.instance, self.parent_page)
            never_published = self.instance.first_published_at is None
            self.renamed_slugs = {}
            for field, (language, holder) in _clashes(siblings, values).items():
                field_language = field.rsplit("_", 1)[1]
                title = cleaned_data.get(build_localized_fieldname("title", field_language))
                free = None
                if never_published and made_from(title, values[field_language]):
                    free = free_sibling_slug(siblings, values, field)
                if free:
                    values[field_language] = cleaned_data[field] = free
                    self.renamed_slugs[field] = free
                elif field in self.fields:
                    self.add_error(field, forms.ValidationError(clash_message(language, holder)))
            return cleaned_data

        def get_field_updates_for_resave(self):
            """After an autosave, the editor's form shows the slugs given instead."""
            updates = list(super().get_field_updates_for_resave())
            return updates + list((self.renamed_slugs or {}).items())

    return HubPageForm


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
