"""A person in danger, or worried for someone, finds the number to call from every page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from hub.models import EmergencyNotice, HelpLine


def help_url(language="en"):
    with translation.override(language):
        return reverse("help_now")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar", "hr"])
def test_every_page_links_the_help_page_from_its_notice(client, home, language):
    with translation.override(language):
        html = client.get(home.url).content.decode()
    notice = re.search(r'<aside class="emergency".*?</aside>', html, re.S).group(0)
    assert f'href="{help_url(language)}"' in notice
    # The seed says 999 for the United Kingdom: the banner names no other country's number.
    assert "112" not in notice and "999" not in notice


@pytest.mark.django_db
def test_the_help_page_lists_the_seed_numbers_ready_to_dial(client):
    html = client.get(help_url()).content.decode()
    emergency, help_lines = html.split('id="help-help"')
    assert 'href="tel:999"' in emergency and "United Kingdom" in emergency
    assert 'href="tel:112"' in emergency and "European Union" in emergency
    # The British Red Cross line from the seed, in international form, dialled in E.164.
    assert '<a class="help-number" href="tel:+442078775027" dir="ltr">+44 20 7877 5027</a>' in (
        help_lines
    )
    assert 'href="mailto:antitrafficking@redcross.org.uk" dir="ltr"' in help_lines


@pytest.mark.django_db
def test_the_help_page_reads_right_to_left_with_numbers_left_to_right(client):
    html = client.get(help_url("ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "المملكة المتحدة" in html and "الاتحاد الأوروبي" in html  # places, in Arabic
    assert "خدمات الطوارئ مجاناً" in html  # what 112 is for, in Arabic
    for number in ("999", "112", "+44 20 7877 5027"):
        assert re.search(rf'href="tel:[+\d]+" dir="ltr">{re.escape(number)}</a>', html), number


@pytest.mark.django_db
def test_a_new_help_line_shows_at_once_even_from_the_page_cache(client, page_cache):
    assert "Télé-Accueil" not in client.get(help_url("fr")).content.decode()
    line = HelpLine(kind=HelpLine.HELP_LINE, country="BE", phone_number="107")
    line.name_fr, line.purpose_fr, line.purpose_en = "Télé-Accueil", "Écoute", "Listening"
    line.full_clean()
    line.save()
    html = client.get(help_url("fr")).content.decode()
    assert "Télé-Accueil" in html and 'href="tel:107"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"country": "GB", "phone_number": "call us"}, "phone_number", "can be dialled"),
        ({"country": "GB", "phone_number": "020 7877 5027"}, None, None),
        ({"country": "", "phone_number": "020 7877 5027"}, "phone_number", "can be dialled"),
        ({"country": "GB"}, "phone_number", "phone number, an email address or both"),
        ({"phone_number": "112"}, "area", "Choose a country or name the region"),
    ],
)
def test_a_help_line_that_cannot_be_reached_is_refused_with_a_reason(fields, field, message):
    from django.core.exceptions import ValidationError

    line = HelpLine(purpose="Help", **fields)
    if field is None:
        line.full_clean()
        return
    with pytest.raises(ValidationError) as raised:
        line.full_clean()
    assert message in " ".join(raised.value.message_dict[field])


@pytest.mark.django_db
def test_editors_keep_the_help_lines(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_hub_helpline:add"),
        {
            "kind": "emergency",
            "country": "HR",
            "phone_number": "112",
            "purpose_en": "Emergency services",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HelpLine.objects.filter(country="HR", phone_number="112").exists()


@pytest.mark.django_db
def test_editors_keep_the_emergency_notice(client, editor):
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    edit = reverse("wagtailsettings:edit", args=["hub", "emergencynotice", site.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"text_en": "", "phone_number": "112"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EmergencyNotice.for_site(site).phone_number == "112"
