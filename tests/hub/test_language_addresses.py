"""Addresses in the wrong language lead to the page; lost readers are led home."""

import re

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction


def url_in(page, language):
    with translation.override(language):
        return page.url


@pytest.fixture
def resource(resources):
    return next(
        page for page in resources.values() if page.slug_fr and page.slug_fr != page.slug_en
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "hr"])
def test_an_english_address_under_another_language_moves_to_that_language(
    client, resource, language
):
    english = url_in(resource, "en")
    response = client.get(f"/{language}/{english.removeprefix('/en/')}?ref=mail")
    assert response.status_code == 301
    assert response["Location"] == url_in(resource, language) + "?ref=mail"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_french_address_under_english_moves_to_english(client, resource):
    french = url_in(resource, "fr")
    response = client.get("/en/" + french.removeprefix("/fr/"))
    assert response.status_code == 301 and response["Location"] == url_in(resource, "en")


@pytest.mark.django_db
def test_a_restricted_page_is_never_found_by_its_other_addresses(client, resource):
    PageViewRestriction.objects.create(page=resource, restriction_type="login")
    english = url_in(resource, "en")
    response = client.get("/fr/" + english.removeprefix("/en/"))
    assert response.status_code == 404
    assert resource.slug_fr not in response.content.decode()


@pytest.mark.django_db
def test_on_page_not_found_the_language_switcher_leads_to_home_pages(client):
    response = client.get("/fr/nothing-here/at-all/")
    assert response.status_code == 404
    html = response.content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', switcher)
    assert links == ["/en/", "/fr/", "/es/", "/ar/", "/hr/", "/nl/"]
    for link in links:
        assert client.get(link).status_code == 200
