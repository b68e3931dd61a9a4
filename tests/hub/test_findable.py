"""Search engines and link previews find the hub in every language it exists in: the sitemap,
robots.txt, the icons, canonical and alternate links, Open Graph tags."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders

from hub.languages import LANGUAGE_CODES
from network.models import NationalSociety

BASE = "https://hub.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_entries(client):
    """{address: {hreflang: address}} of /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        entries[url.findtext("s:loc", namespaces=NS)] = alternates
    return entries


def head_links(html):
    """(canonical, {hreflang: href}) of a page's head."""
    import re

    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    return canonical, alternates


def address(page, language):
    from django.utils import translation

    with translation.override(language):
        return BASE + page.url


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE + "/"


@pytest.mark.django_db
def test_the_sitemap_lists_each_page_in_the_languages_it_exists_in(
    client, public_address, resources
):
    entries = sitemap_entries(client)
    checked = 0
    for page in resources.values():
        languages = page.available_languages()
        missing = [code for code in LANGUAGE_CODES if code not in languages]
        for code in languages:
            alternates = entries[address(page, code)]
            assert set(alternates) == {*languages, "x-default"}
            assert alternates["x-default"] == address(page, "en")
            assert alternates[code] == address(page, code)
        for code in missing:
            assert address(page, code) not in entries
        checked += bool(missing)
    # The demo has resources that lack some languages, or this test proves nothing.
    assert checked


@pytest.mark.django_db
def test_the_sitemap_lists_the_directory_and_every_national_society_in_every_language(
    client, public_address
):
    from django.urls import reverse
    from django.utils import translation

    entries = sitemap_entries(client)
    societies = list(NationalSociety.objects.all())
    assert societies
    for code in LANGUAGE_CODES:
        with translation.override(code):
            assert BASE + reverse("network:directory") in entries
            for society in societies:
                assert BASE + reverse("network:society", args=[society.slug]) in entries
    # Every address is on the hub's public address, whatever host the request came in on.
    assert all(loc.startswith(BASE + "/") for loc in entries)


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, public_address):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.django_db
def test_the_icons_exist_and_every_page_links_them(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".ico")
    for name in ("hub/favicon.ico", "hub/icons/icon.svg", "hub/icons/apple-touch-icon.png"):
        assert finders.find(name), name
    html = client.get(home.url).content.decode()
    assert 'rel="icon"' in html and 'rel="apple-touch-icon"' in html


@pytest.mark.django_db
def test_a_page_gives_its_canonical_address_and_only_the_languages_it_exists_in(
    client, public_address, resources
):
    page = next(
        page
        for page in resources.values()
        if "fr" in page.available_languages()
        and len(page.available_languages()) < len(LANGUAGE_CODES)
    )
    languages = page.available_languages()
    absent = next(code for code in LANGUAGE_CODES if code not in languages)

    canonical, alternates = head_links(
        client.get(address(page, "fr")[len(BASE) :]).content.decode()
    )
    assert canonical == address(page, "fr")
    assert set(alternates) == {*languages, "x-default"}
    assert alternates["x-default"] == address(page, "en")

    # Shown in a language it lacks (English, with a notice), it points engines to the English.
    html = client.get(address(page, absent)[len(BASE) :]).content.decode()
    assert head_links(html)[0] == address(page, "en")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
def test_link_previews_have_open_graph_tags(client, public_address, resources, language):
    import re

    from django.urls import reverse
    from django.utils import translation

    page = next(iter(resources.values()))
    with translation.override(language):
        paths = [page.url, reverse("network:directory"), reverse("search")]
    for path in paths:
        html = client.get(path).content.decode()
        tags = dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)"', html))
        assert tags["og:url"] == head_links(html)[0], path
        assert tags["og:title"] and tags["og:description"] and tags["og:site_name"], path
        assert tags["og:image"].startswith(BASE + "/"), path
        assert tags["og:locale"] == {"en": "en_GB", "ar": "ar_AR"}[language], path
    assert 'content="article"' in client.get(paths[0]).content.decode()
