"""Where a translation is missing, readers get English and are told so in their language."""

import pytest
from django.utils import translation

NOTICE = 'class="notice" role="note"'


def get(client, page, language):
    with translation.override(language):
        url = page.get_url()
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_notice_where_the_body_is_not_translated(client, resources):
    guidance = resources["action-to-assist-and-protect-trafficked-persons"]
    html = get(client, guidance, "ar")
    assert NOTICE in html
    # The English body is marked as English for screen readers.
    assert '<div class="prose">\n      <div lang="en" dir="ltr">' in html
    assert "The practical experience of European Red Cross National Societies" in html


@pytest.mark.django_db
def test_no_notice_where_the_translation_exists(client, resources):
    guidance = resources["action-to-assist-and-protect-trafficked-persons"]
    html = get(client, guidance, "fr")
    assert NOTICE not in html
    assert '<div lang="en"' not in html
    assert "<h1>" in html


@pytest.mark.django_db
def test_no_notice_in_english(client, resources):
    html = get(client, resources["what-is-human-trafficking-leaflet"], "en")
    assert NOTICE not in html


@pytest.mark.django_db
def test_notice_speaks_the_readers_language(client, resources):
    leaflet = resources["what-is-human-trafficking-leaflet"]  # body in en and es only
    # Its title and summary are translated: the notice speaks of parts of it.
    assert "pas encore disponibles en français" in get(client, leaflet, "fr")
    assert "nisu dostupni na hrvatskom jeziku" in get(client, leaflet, "hr")
    assert "معروضة باللغة" in get(client, leaflet, "ar")
    # In Spanish, its title, summary and body are translated, but "How to use it" is not.
    spanish = get(client, leaflet, "es")
    assert "Partes de este contenido aún no están disponibles en español" in spanish
    body, how_to_use = spanish.split('<section aria-labelledby="use-heading">')
    assert '<div lang="en">' in how_to_use
    assert '<div lang="en">' not in body.split("<main", 1)[1]


@pytest.mark.django_db
def test_a_page_wholly_in_english_says_so_of_all_of_it(client, resources):
    leaflet = resources["what-is-human-trafficking-leaflet"]
    for field in leaflet.translation_fields():
        setattr(leaflet, f"{field}_nl", "[]" if field == "body" else None)
    leaflet.save_revision().publish()
    html = get(client, leaflet, "nl")
    assert "Deze inhoud is nog niet beschikbaar in het Nederlands" in html
    assert "Delen van deze inhoud" not in html


@pytest.mark.django_db
def test_notice_on_standard_pages(client, home):
    from hub.models import StandardPage

    page = StandardPage.objects.get(slug_en="what-is-human-trafficking")
    assert NOTICE not in get(client, page, "nl")
    page.body_nl = "[]"
    page.save()
    assert NOTICE in get(client, page, "nl")
