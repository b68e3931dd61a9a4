"""The text row ids of the database backend's index: a language keeps its slot whatever the
order of settings.LANGUAGES, and the Hub refuses to start with a language that has none."""

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from resources.factories import resource_record
from resources.importer import ResourceImporter
from search.backends import fulltext
from search.models import SearchEntry, SearchText

HUB_LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
HUB_LANGUAGES += [("ar", "العربية"), ("hr", "Hrvatski"), ("nl", "Nederlands")]


def search_errors():
    return {error.id: error for error in run_checks(tags=["search"])}


def test_the_languages_in_another_order_keep_their_slots(settings):
    assert settings.LANGUAGES == HUB_LANGUAGES
    settings.LANGUAGES = [HUB_LANGUAGES[3], *reversed(HUB_LANGUAGES[:3]), *HUB_LANGUAGES[4:]]
    assert search_errors() == {}


def test_a_language_without_a_slot_stops_the_hub(settings):
    settings.LANGUAGES = [*HUB_LANGUAGES, ("pt", "Português")]
    error = search_errors()["search.E001"]
    assert error.msg == (
        'The language "pt" of settings.LANGUAGES has no slot in the search index\'s text row '
        "ids, so its texts cannot be indexed."
    )
    assert "Give it a free slot in search.backends.fulltext.SLOT_OF_LANGUAGE" in error.hint
    with pytest.raises(SystemCheckError, match='The language "pt"'):
        call_command("check")


def test_the_index_holds_eight_languages_at_most(settings, monkeypatch):
    eight = {**fulltext.SLOT_OF_LANGUAGE, "pt": 6, "de": 7}
    monkeypatch.setattr(fulltext, "SLOT_OF_LANGUAGE", eight)
    settings.LANGUAGES = [*HUB_LANGUAGES, ("pt", "Português"), ("de", "Deutsch")]
    assert search_errors() == {}

    settings.LANGUAGES = [*settings.LANGUAGES, ("it", "Italiano")]
    error = search_errors()["search.E001"]
    assert 'The language "it"' in error.msg
    assert error.hint == "The index has room for 8 languages, all of them taken."

    monkeypatch.setattr(fulltext, "SLOT_OF_LANGUAGE", {**eight, "it": 8})
    error = search_errors()["search.E002"]
    assert error.msg == (
        'The language "it" has slot 8 in the search index\'s text row ids, not one of 0 to 7.'
    )


def test_two_languages_never_share_a_slot(monkeypatch):
    monkeypatch.setattr(fulltext, "SLOT_OF_LANGUAGE", {**fulltext.SLOT_OF_LANGUAGE, "nl": 4})
    error = search_errors()["search.E002"]
    assert error.msg == (
        'The language "nl" has slot 4 in the search index\'s text row ids, already the slot '
        'of "hr".'
    )


@pytest.mark.django_db
def test_each_text_row_names_its_entry_and_its_language():
    ResourceImporter().run([resource_record(1, slug="slots", languages=("en", "ar", "nl"))])
    entry = SearchEntry.objects.get(page__slug="slots")
    rows = dict(SearchText.objects.filter(entry=entry).values_list("language", "id"))
    assert rows == {"en": entry.pk * 8, "ar": entry.pk * 8 + 3, "nl": entry.pk * 8 + 5}
