"""Template tags every public page uses: language switcher, notices, navigation."""

import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hub import phones, restrictions
from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, current_language
from hub.models import EmergencyNotice, HomePage, StandardPage
from resources.models import ResourceIndexPage

register = template.Library()

# What every page shows around its content, kept by each process for the content version it
# was computed under (hub.models.ContentVersion): the version changes with every page
# published, unpublished, moved or deleted, with the emergency notice, restrictions and sites.
# Kept because computing them (three or four queries and the menu's addresses) cost every
# rendered page many times what asking the version costs.
_kept = {"token": None, "values": {}}


def _per_version(kind, request, compute, *parts):
    """`compute()` once per content version, host, language and `parts` in each process."""
    from hub.models import ContentVersion

    token = ContentVersion.current()
    if token is None:
        return compute()
    if _kept["token"] != token:
        _kept.update(token=token, values={})
    values = _kept["values"]
    key = (kind, request.get_host(), current_language(), *parts)
    if key not in values:
        values[key] = compute()
    return values[key]


def _page_url_in(page, language, request):
    with translation.override(language):
        return page.get_url(request)


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, to_home=False):
    """Links to the same page in every language of the Hub (to each language's home page
    with `to_home`, where the address exists in no language: "Page not found")."""
    request = context["request"]
    page = context.get("page")
    current = current_language()
    links = []
    for code, name in settings.LANGUAGES:
        if to_home:
            url = f"/{code}/"
        elif page is not None and hasattr(page, "get_url"):
            url = _page_url_in(page, code, request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.simple_tag(takes_context=True)
def page_description(context):
    """The page's description for search engines and link previews."""
    page = context.get("page")
    if page is not None:
        if getattr(page, "search_description", ""):
            return page.search_description
        if getattr(page, "summary", ""):
            return Truncator(page.summary).words(40)
    return _(
        "Guidance, tools and case studies of the Red Cross Red Crescent network against human"
        " trafficking"
    )


@register.simple_tag
def absolute_static(path):
    """A static file's absolute address (link previews need one)."""
    from hub.sitemaps import absolute_url

    url = static(path)
    return url if "://" in url else absolute_url(url)


# Open Graph's locales (language_TERRITORY) for the hub's languages.
OG_LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "es": "es_ES",
    "ar": "ar_AR",
    "hr": "hr_HR",
    "nl": "nl_NL",
}


@register.simple_tag(takes_context=True)
def page_links(context):
    """What a page's head says of its addresses: {"canonical", "alternates": [(hreflang,
    url)], "locale", "other_locales"}, every address absolute on the hub's public address.

    A page lists only the languages it is available in (with English as x-default); shown in
    a language it lacks (English with a notice), its canonical address is the English one.
    Views that are not pages (directory, search) exist in every language."""
    from hub.sitemaps import absolute_url

    request = context["request"]
    page = context.get("page")
    current = current_language()
    if page is not None and hasattr(page, "get_url"):
        available = getattr(page, "available_languages", None)
        languages = available() if available else LANGUAGE_CODES
        languages = languages or [DEFAULT_LANGUAGE]
        urls = {code: _page_url_in(page, code, request) for code in languages}
        canonical = urls.get(current) or urls.get(DEFAULT_LANGUAGE) or page.get_url(request)
    else:
        languages = LANGUAGE_CODES
        urls = {code: translate_url(request.path, code) for code in languages}
        canonical = request.path
    alternates = [(code, absolute_url(url)) for code, url in urls.items() if url]
    if DEFAULT_LANGUAGE in urls and len(alternates) > 1:
        alternates.append(("x-default", absolute_url(urls[DEFAULT_LANGUAGE])))
    return {
        "canonical": absolute_url(canonical) if canonical else "",
        "alternates": alternates if len(alternates) > 1 else [],
        "locale": OG_LOCALES.get(current, current),
        "other_locales": [OG_LOCALES.get(code, code) for code in languages if code != current],
    }


@register.inclusion_tag("components/emergency_notice.html", takes_context=True)
def emergency_notice(context):
    request = context["request"]

    def compute():
        notice = EmergencyNotice.for_request(request)
        text = getattr(notice, f"text_{current_language()}", "")
        return {
            "text": text
            or _("If you or somebody is in immediate danger, call the emergency number."),
            "phone_number": notice.phone_number,
            "tel_uri": phones.tel_uri(notice.phone_number) if notice.phone_number else "",
        }

    return _per_version("emergency_notice", request, compute)


@register.inclusion_tag("components/fallback_notice.html", takes_context=True)
def fallback_notice(context, item=None):
    """Tell the reader when content is shown in English because it is not translated (any
    translated field of `item`, the page by default: hub.translation_status)."""
    item = item or context.get("page")
    fallback_fields = getattr(item, "fallback_fields", None)
    language = current_language()
    missing = bool(fallback_fields and fallback_fields(language))
    # Some of it translated (its title, say): the notice speaks of parts, not of all of it.
    partly = missing and any(
        item.field_translated(field, language)
        for field in item.translation_fields()
        if item.field_needs_translation(field)
    )
    return {"missing": missing, "partly": partly}


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The home page and the pages in the main menu (the library and the standard pages), as
    {"home": link or None, "items": [link]}, a link being {"pk", "title", "url"}."""
    request = context["request"]
    viewer = restrictions.viewer_of(request)
    rules = restrictions.rules()

    def link(page):
        return {"pk": page.pk, "title": page.title, "url": page.get_url(request)}

    def compute():
        home = HomePage.objects.live().first()
        if home is None:
            return {"home": None, "items": []}
        items = home.get_children().live().in_menu().type(StandardPage, ResourceIndexPage)
        return {
            "home": link(home),
            "items": [
                link(page)
                for page in items
                if viewer.admits(restrictions.access_for_path(page.path, rules))
            ],
        }

    # Pages a restriction hides from some are in the menu of those it admits only.
    return _per_version("navigation", request, compute, viewer.admitted(rules))


@register.simple_tag(takes_context=True)
def fallback_lang(context, field, item=None):
    """` lang="en"` where `field` is shown in English, so screen readers switch voice (and, in
    a right-to-left page, `dir="ltr"`, so English punctuation lands where it belongs)."""
    item = item or context.get("page")
    language = current_language()
    if item is not None and item.falls_back(field, language):
        if translation.get_language_info(language)["bidi"]:
            return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)
        return format_html(' lang="{}"', settings.LANGUAGE_CODE)
    return ""


@register.simple_tag
def lang_dir(code):
    """`lang="xx" dir="ltr|rtl"`, for text in language `code` inside a page in another (the
    direction too: an English snippet in an Arabic page reads left to right)."""
    direction = "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
    return format_html('lang="{}" dir="{}"', code, direction)


@register.filter
def tel_uri(number, region=None):
    """The `tel:` address of a phone number (hub.phones), read in `region` (a country code)."""
    return phones.tel_uri(number, region or None)


@register.simple_tag
def list_separator():
    """What separates the items of a list in the reader's language (", ", Arabic "، ")."""
    return pgettext("list separator", ", ")


@register.filter
def paragraphs_and_lists(text):
    """Plain text as HTML: paragraphs at blank lines, and lines starting with "- " or "* " as
    the items of a list (case studies' lessons learned, a tool's instructions)."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "* ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:].strip(),) for line in lines))
            blocks.append(format_html("<ul>{}</ul>", items))
        else:
            body = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
            blocks.append(format_html("<p>{}</p>", body))
    return mark_safe("".join(blocks))  # noqa: S308 - every part escaped by format_html
