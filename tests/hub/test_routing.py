"""Every page type answers in every language, at its translated address."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from hub.models import HomePage, StandardPage
from resources.models import CaseStudyPage, GuidancePage, ResourceIndexPage, ToolPage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGE_TYPES = [HomePage, StandardPage, ResourceIndexPage, GuidancePage, ToolPage, CaseStudyPage]


def url_in(page, language):
    with translation.override(language):
        return page.get_url()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_page_type_routes_in_language(client, model, language):
    page = model.objects.live().first()
    url = url_in(page, language)
    assert url.startswith(f"/{language}/")

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert response.context["page"].pk == page.pk


@pytest.mark.django_db
def test_slugs_are_translated(resources):
    case_study = resources["step-integration-pilot-uk"]
    english, french = url_in(case_study, "en"), url_in(case_study, "fr")
    assert english.startswith("/en/library/step-integration-pilot-uk")
    assert french.startswith("/fr/bibliotheque/")
    assert french != english.replace("/en/", "/fr/")


@pytest.mark.django_db
def test_untranslated_slug_falls_back_to_english(client, resources):
    # The leaflet has no Dutch title, so its Dutch address uses the English slug.
    leaflet = resources["what-is-human-trafficking-leaflet"]
    leaflet.title_nl = None
    leaflet.slug_nl = None
    leaflet.save()
    url = url_in(leaflet, "nl")
    assert url.endswith("/what-is-human-trafficking-leaflet/")
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_language_switcher_keeps_the_reader_on_the_same_page(client, resources):
    tool = resources["indicators-of-trafficking-frontline-checklist"]
    html = client.get(url_in(tool, "fr")).content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', switcher))
    assert sorted(links.values()) == sorted(LANGUAGES)
    for url, language in links.items():
        assert url == url_in(tool, language)
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].pk == tool.pk
    assert 'hreflang="fr" lang="fr" aria-current="true"' in switcher


@pytest.mark.django_db
def test_root_sends_visitors_to_their_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="hr,en;q=0.5").url == "/hr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").url == "/en/"


@pytest.mark.django_db
def test_unknown_resource_is_404_in_the_readers_language(client):
    response = client.get("/fr/bibliotheque/does-not-exist/")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()
