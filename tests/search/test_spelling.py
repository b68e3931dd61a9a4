"""Typos corrected from the index's own vocabulary, per language (database backends)."""

import pytest
from django.utils import translation

from resources.factories import resource_record
from search import spelling
from search.models import IndexVersion
from tests.search.test_contract import import_records

SEARCH_BACKENDS = ["database"]


@pytest.fixture
def library(backend):
    import_records(
        resource_record(
            87,
            languages=("en", "hr", "nl"),
            slug="forced-labour-in-ports",
            title={
                "en": "Forced labour in ports: the Zebrafinch project",
                "hr": "Trgovanje ljudima u lukama",
                "nl": "Mensenhandel in havens",
            },
            summary={
                "en": "Trafficking on ships.",
                "hr": "Prisilni rad na brodovima.",
                "nl": "Uitbuiting op schepen.",
            },
        )
    )


@pytest.mark.parametrize(
    "q, lang, expected",
    [
        ("trafiking", "en", "trafficking"),
        ("forsed labour", "en", "forced labour"),
        ("brodovma", "hr", "brodovima"),
        ("mensenhandl", "nl", "mensenhandel"),
    ],
)
def test_typos_are_corrected_from_the_index_in_the_readers_language(library, q, lang, expected):
    assert spelling.correction(q, lang, IndexVersion.current()) == expected


def test_known_words_are_not_corrected(library):
    assert spelling.correction("forced labour", "en", IndexVersion.current()) is None


def test_the_api_answers_with_the_correction_and_its_results(client, library):
    data = client.get("/api/search/", {"q": "forsed labuor ports"}).json()
    assert data["query"] == "forsed labuor ports"
    assert data["suggestion"] == "forced labour ports"
    assert data["corrected"] is True
    assert "/forced-labour-in-ports/" in [result["url"][-24:] for result in data["results"]]
    # A query that finds something keeps its own results, with no suggestion.
    data = client.get("/api/search/", {"q": "forced labour ports"}).json()
    assert data["suggestion"] is None and data["corrected"] is False
    assert data["total"] >= 1


def test_the_page_says_what_it_searched_for_instead(client, library):
    response = client.get("/en/search/", {"q": "forsed labuor ports"})
    with translation.override("en"):
        text = response.content.decode()
    assert "showing the results for “forced labour ports”" in text
    assert "Forced labour in ports" in text


def test_the_page_offers_the_correction_when_little_is_found(client, library):
    # "zebrafinchs" is nowhere in the index, but its stem finds the one resource.
    response = client.get("/en/search/", {"q": "zebrafinchs", "sort": "newest"})
    text = response.content.decode()
    assert "Forced labour in ports" in text
    assert "Did you mean" in text
    assert "?q=zebrafinch&amp;sort=newest" in text


def test_a_vocabulary_is_built_again_after_a_change_once_it_is_old_enough(library, settings):
    settings.SEARCH_VOCABULARY_SECONDS = 0  # this test's index, whatever an earlier one built
    assert spelling.correction("trafiking", "en", IndexVersion.current()) == "trafficking"
    settings.SEARCH_VOCABULARY_SECONDS = 3600
    import_records(resource_record(88, languages=("en",), title={"en": "Okapinest shelters"}))
    # Within the hour, the process keeps the vocabulary it has...
    assert spelling.correction("okapinets", "en", IndexVersion.current()) is None
    # ...and past it, the next query after the change builds it again.
    settings.SEARCH_VOCABULARY_SECONDS = 0
    assert spelling.correction("okapinets", "en", IndexVersion.current()) == "okapinest"


@pytest.mark.parametrize(
    ("language", "before", "after"), [("es", "¿", "</a>?"), ("ar", "", "</a>؟")]
)
def test_did_you_mean_is_punctuated_the_languages_way(client, library, language, before, after):
    html = client.get(f"/{language}/search/", {"q": "zebrafinchs"}).content.decode()
    assert 'class="spelling">' in html
    line = html.split('class="spelling">', 1)[1].split("</p>", 1)[0]
    assert line.startswith(before) and line.endswith(after), line
    assert "zebrafinch</a>" in line


def test_a_short_word_is_not_corrected_into_another_two_edits_away(library):
    token = IndexVersion.current()
    assert spelling.correction("جواز", "ar", token) is None
    assert spelling.correction("lukma", "hr", token) == "lukama"  # one edit: still corrected
