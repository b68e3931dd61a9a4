"""What a reader sees on a resource: facts, downloads in their language, responsive images."""

import re

import pytest
import wagtail_factories
from django.utils import translation

from resources.models import ResourceIndexPage


def html_of(client, page, language):
    with translation.override(language):
        response = client.get(page.get_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_downloads_say_language_format_and_size(client, resources):
    html = html_of(client, resources["step-integration-pilot-uk"], "fr")
    downloads = re.search(r'<ul class="downloads">.*?</ul>', html, re.S).group(0)
    assert re.search(
        r'hreflang="fr" download>.*?</a>\s*<span class="download-meta">'
        r"français, PDF, \d+,\d\sKio</span>",
        downloads,
        re.S,
    )
    assert "English, PDF," in downloads
    href = re.search(r'<a href="([^"]+)" hreflang="fr"', downloads).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_attachment_counts_as_an_available_language(resources):
    tool = resources["indicators-of-trafficking-frontline-checklist"]
    assert tool.available_languages() == ["en", "fr", "hr"]
    leaflet = resources["what-is-human-trafficking-leaflet"]
    assert leaflet.available_languages() == ["en", "es"]


@pytest.mark.django_db
def test_facts_are_shown_in_the_readers_language(client, resources):
    html = html_of(client, resources["step-integration-pilot-uk"], "fr")
    assert "Croix-Rouge britannique" in html
    assert "Royaume-Uni" in html and "Croatie" in html  # country names, translated
    assert "Personnes accompagnées" in html or "50" in html
    assert "Intégration" in html  # a theme name


@pytest.mark.django_db
def test_cover_image_is_responsive_and_offered_as_webp(client, resources):
    image = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    guidance = resources["action-to-assist-and-protect-trafficked-persons"]
    guidance.cover_image = image
    guidance.save_revision().publish()

    html = html_of(client, guidance, "en")

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert re.search(r"\.webp 400w, .*\.webp 800w, .*\.webp 1200w", picture)
    assert 'sizes="(max-width: 50rem) 100vw, 50rem"' in picture


@pytest.mark.django_db
def test_library_lists_resources_newest_first_with_pages(client, library):
    html = html_of(client, ResourceIndexPage.objects.get(), "en")
    titles = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[-1].startswith("Action to assist and protect")  # 2018, the oldest
    assert len(titles) == 5
