"""Word forms a reader types differently from the text: Arabic words with their attached
article, prepositions, conjunctions and pronouns, French elided articles. The database
backends (SQLite here, PostgreSQL with DATABASE_URL) index the light forms on both sides."""

import pytest

from resources.factories import resource_record
from search import service
from search.arabic import light_stem
from tests.search.test_contract import import_records, run, slugs

SEARCH_BACKENDS = ["database"]


@pytest.fixture
def arabic_and_french(backend):
    import_records(
        resource_record(
            81,
            languages=("en", "ar"),
            title={"en": "Trafficking in human beings", "ar": "الاتجار بالبشر في الموانئ"},
            summary={"en": "Ports.", "ar": "دليل للعاملين في الموانئ."},
            body={"en": "Text.", "ar": "نص."},
            slug="arabic-trafficking",
        ),
        resource_record(
            82,
            languages=("en", "ar"),
            title={"en": "Your passport", "ar": "نصائح للسفر"},
            summary={"en": "Keep it.", "ar": "احتفظ بجواز سفرك معك دائما."},
            body={"en": "Text.", "ar": "لا تسلم أحدا بوثائقك الأصلية."},
            slug="arabic-passport",
        ),
        resource_record(
            83,
            languages=("en", "fr"),
            title={"en": "Exploitation", "fr": "Repérer l’exploitation"},
            summary={"en": "Signs.", "fr": "Les signes d'identification des victimes."},
            body={"en": "Text.", "fr": "Ce qu'il faut savoir."},
            slug="french-elisions",
        ),
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("اتجار بالبشر", "arabic-trafficking"),  # the text has the article: الاتجار
        ("اتجار", "arabic-trafficking"),
        ("بشر", "arabic-trafficking"),  # the text has "with the": بالبشر
        ("جواز", "arabic-passport"),  # the text has "with your passport": بجواز سفرك
        ("سفر", "arabic-passport"),
        ("وثائقك", "arabic-passport"),  # the text has "with your documents": بوثائقك
        ("الموانئ", "arabic-trafficking"),
    ],
)
def test_arabic_words_match_whatever_is_attached_to_them(arabic_and_french, query, expected):
    assert expected in slugs(run(query, lang="ar"))
    assert expected in slugs(run(query, lang="en"))  # whoever reads


def test_arabic_light_forms_do_not_find_unrelated_texts(arabic_and_french):
    assert slugs(run("جواز", lang="ar")) == ["arabic-passport"]
    assert "arabic-passport" not in slugs(run("بشر", lang="ar"))


@pytest.mark.parametrize(
    "query",
    ["exploitation", "l'exploitation", "l’exploitation", "d'identification", "identification"],
)
def test_french_elided_articles_do_not_stop_a_match(arabic_and_french, query):
    assert "french-elisions" in slugs(run(query, lang="fr"))


def test_french_text_with_elisions_is_found_by_the_bare_word(arabic_and_french):
    # "l’exploitation" (curly apostrophe) in the title, "d'identification" in the summary.
    assert "french-elisions" in slugs(run("l'exploitation identification", lang="fr"))


def test_light_stemming_keeps_three_letters():
    assert light_stem("بالبشر") == "بشر"
    assert light_stem("بشر") == "بشر"  # a root letter, not "with"
    assert light_stem("للاتجار") == "اتجار"
    assert light_stem("سفرك") == "سفر"
    assert light_stem("trafficking") == "trafficking"


def test_the_migration_gives_texts_indexed_before_their_light_forms(arabic_and_french):
    """Rows written before the light forms were indexed (as the texts are) get them."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from search.backends.fulltext import engine_for
    from search.models import SearchText

    migration = importlib.import_module("search.migrations.0009_arabic_light_forms")
    rows = SearchText.objects.filter(language="ar")
    for row in rows:
        row.title = row.title.split("\n")[0]
        row.context = row.context.split("\n")[0]
        row.save()
    engine_for(connection.vendor).after_write(list(rows.values_list("entry_id", flat=True)))
    service.get_backend.cache_clear()
    assert "arabic-passport" not in slugs(run("وثائقك", lang="ar"))

    migration.forward(apps, SimpleNamespace(connection=connection))
    assert "arabic-passport" in slugs(run("وثائقك", lang="ar"))
    assert "arabic-trafficking" in slugs(run("اتجار", lang="ar"))
