"""The interface around the content: translated strings, emergency notice, weight, demo."""

import gettext
import gzip
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Revision, Site

from hub.models import EmergencyNotice
from network.models import NationalSociety
from resources.models import KIND_MODELS

LOCALE = Path(settings.BASE_DIR) / "locale"
OTHER_LANGUAGES = ["fr", "es", "ar", "hr", "nl"]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_interface_string_is_translated(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    assert len(entries) > 50
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', entry, re.M)
        assert strings, entry
        for first, rest in strings:
            assert first or rest.strip(), f"untranslated in {language}: {entry}"
    # The compiled catalogue (committed) holds every entry of the .po file.
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    msgids = re.findall(r'^msgid "(.+)"$', po, re.M)
    missing = [
        msgid
        for msgid in msgids
        if msgid.replace('\\"', '"') not in catalog
        and not any(isinstance(key, tuple) and key[0] == msgid for key in catalog)
        # A msgid with a context (msgctxt) is kept as "context\x04msgid".
        and not any(isinstance(key, str) and key.endswith("\x04" + msgid) for key in catalog)
    ]
    assert not missing, f"recompile the {language} catalogue (make messages): {missing[:3]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "skip_link", "library_link"),
    [
        ("fr", "Aller au contenu principal", "Parcourir la bibliothèque"),
        ("ar", 'dir="rtl"', "المكتبة"),
        ("hr", "Preskoči na glavni sadržaj", "Knjižnica"),
    ],
)
def test_pages_show_a_translated_interface(client, language, skip_link, library_link):
    html = client.get(f"/{language}/").content.decode()
    assert skip_link in html
    assert library_link in html
    assert "Skip to main content" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "If you or somebody is in immediate danger, call the emergency number."),
        ("fr", "en danger immédiat, appelez le numéro d&#x27;urgence."),
        ("nl", "bel dan het alarmnummer"),
    ],
)
def test_emergency_notice_on_every_page(client, resources, language, text):
    pages = [Page.objects.get(depth=2).specific, *resources.values()]
    for page in pages:
        with translation.override(language):
            html = client.get(page.get_url()).content.decode()
            help_page = reverse("help_now")
        assert text in html
        # No one number for readers in many countries: the notice leads to the help lines.
        assert f'href="{help_page}"' in html


@pytest.mark.django_db
def test_editors_can_change_the_emergency_notice(client):
    notice = EmergencyNotice.for_site(Site.objects.get(is_default_site=True))
    notice.text_hr = "Ako ste u opasnosti, nazovite 112 ili Crveni križ."
    notice.phone_number = "112"
    notice.save()
    assert (
        "Ako ste u opasnosti, nazovite 112 ili Crveni križ." in client.get("/hr/").content.decode()
    )
    # Other languages keep the translated default.
    assert "appelez le numéro" in client.get("/fr/").content.decode()


@pytest.mark.django_db
def test_guidance_page_weighs_under_50_kb_gzipped(client, resources):
    guidance = resources["action-to-assist-and-protect-trafficked-persons"]
    with translation.override("fr"):
        response = client.get(guidance.get_url())
    html = response.content
    assert b"<script" not in html
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert len(stylesheets) == 1
    css = Path(finders.find(stylesheets[0].decode())).read_bytes()
    weight = len(gzip.compress(html)) + len(gzip.compress(css))
    assert weight < 50 * 1024, weight


@pytest.mark.django_db
def test_demo_content_is_idempotent():
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        NationalSociety.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "0 resources created, 0 updated, 5 unchanged" in out.getvalue()
    assert (Page.objects.count(), Revision.objects.count(), NationalSociety.objects.count()) == (
        counts
    )


@pytest.mark.django_db
def test_demo_content_covers_the_seeds_in_six_languages(resources):
    assert set(resources) >= {
        "action-to-assist-and-protect-trafficked-persons",
        "step-integration-pilot-uk",
        "indicators-of-trafficking-frontline-checklist",
    }
    assert {model.kind for model in KIND_MODELS.values()} == {
        page.kind for page in resources.values()
    }
    for page in resources.values():
        for language in ["en", *OTHER_LANGUAGES]:
            assert page.field_in("title", language), (page, language)
            assert page.field_in("summary", language), (page, language)
    fully_french = [page for page in resources.values() if page.is_translated_into("fr")]
    assert len(fully_french) >= 2
    # The demo names its four National Societies in every language, among the Movement's.
    demo = NationalSociety.objects.filter(name_fr__isnull=False)
    assert sorted(str(society.country) for society in demo) == ["FR", "GB", "HR", "NL"]
    assert all(society.atn_member and society.name_ar for society in demo)
    assert NationalSociety.objects.count() > 190
