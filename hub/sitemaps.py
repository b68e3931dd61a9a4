"""The sitemap: every public page in every language it exists in, on the hub's public address.

Search engines are no viewers: pages behind a view restriction are left out (Wagtail's
`.public()`). Each address lists its other languages as `xhtml:link` alternates, and the
English one as `x-default` (every page has English, the language translations start from).
Absolute addresses use WAGTAILADMIN_BASE_URL, the address readers reach the hub at, rather than
whatever host a request came in on.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.urls import reverse
from wagtail.models import Site

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES


def public_base():
    """(protocol, host) of the address readers reach the hub at."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return parts.scheme or "https", parts.netloc


def absolute_url(path):
    protocol, host = public_base()
    return f"{protocol}://{host}{path}"


class _OnPublicAddress(Sitemap):
    i18n = True
    alternates = True

    def get_urls(self, page=1, site=None, protocol=None):
        protocol, host = public_base()
        urls = self._urls(page, protocol, host)
        for url in urls:
            english = [alt for alt in url["alternates"] if alt["lang_code"] == DEFAULT_LANGUAGE]
            if english:
                url["alternates"].append(
                    {"location": english[0]["location"], "lang_code": "x-default"}
                )
        return urls


class PageSitemap(_OnPublicAddress):
    """Live public pages of the request's site, each in the languages it is available in."""

    def __init__(self, request):
        self.request = request

    def items(self):
        from resources.models import ResourceAttachment

        site = Site.find_for_request(self.request)
        if site is None:
            return []
        pages = list(
            site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .specific()
        )
        # The languages of every attachment in one query, not one a resource.
        attachments = {}
        for page_id, language in ResourceAttachment.objects.filter(
            page__in=[page.pk for page in pages]
        ).values_list("page_id", "language"):
            attachments.setdefault(page_id, set()).add(language)
        for page in pages:
            if hasattr(page, "known_attachment_languages"):
                page.known_attachment_languages = attachments.get(page.pk, set())
        return [page for page in pages if hasattr(page, "available_languages")]

    def get_languages_for_item(self, page):
        return page.available_languages() or [DEFAULT_LANGUAGE]

    def location(self, page):
        return page.get_url(self.request)

    def lastmod(self, page):
        return page.last_published_at


class NetworkSitemap(_OnPublicAddress):
    """The directory and every National Society's page, in every language of the hub."""

    languages = LANGUAGE_CODES

    def items(self):
        from network.models import NationalSociety

        return [None, *NationalSociety.objects.order_by("slug").values_list("slug", flat=True)]

    def location(self, slug):
        if slug is None:
            return reverse("network:directory")
        return reverse("network:society", kwargs={"slug": slug})


def sitemap(request):
    """One sitemap of both parts (Django splits it past 50,000 addresses, ?p=2 and on)."""
    return django_sitemap(
        request, sitemaps={"pages": PageSitemap(request), "network": NetworkSitemap()}
    )
