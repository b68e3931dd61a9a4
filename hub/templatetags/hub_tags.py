"""Template tags every public page uses: language switcher, notices, navigation."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hub import restrictions
from hub.languages import current_language
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
def language_switcher(context):
    """Links to the same page in every language of the Hub."""
    request = context["request"]
    page = context.get("page")
    current = current_language()
    links = []
    for code, name in settings.LANGUAGES:
        if page is not None and hasattr(page, "get_url"):
            url = _page_url_in(page, code, request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """(code, url) pairs for <link rel="alternate" hreflang>."""
    request = context["request"]
    page = context.get("page")
    if page is None or not hasattr(page, "get_url"):
        return []
    return [(code, _page_url_in(page, code, request)) for code, _name in settings.LANGUAGES]


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
        }

    return _per_version("emergency_notice", request, compute)


@register.inclusion_tag("components/fallback_notice.html", takes_context=True)
def fallback_notice(context, item=None):
    """Tell the reader when the content is shown in English because it is not translated."""
    item = item or context.get("page")
    language = current_language()
    missing = bool(item is not None and getattr(item, "untranslated_fields", None)) and bool(
        item.untranslated_fields(language)
    )
    return {
        "missing": missing,
        "language_name": translation.get_language_info(language)["name_local"],
        "source_name": translation.get_language_info(settings.LANGUAGE_CODE)[
            "name_translated"
        ].lower(),
    }


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
    if item is not None and field in item.untranslated_fields(language):
        if translation.get_language_info(language)["bidi"]:
            return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)
        return format_html(' lang="{}"', settings.LANGUAGE_CODE)
    return ""
