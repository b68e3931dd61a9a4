"""Suggest completes any word of a title, not only its first letters, on every backend."""

import pytest

from resources.factories import resource_record
from search import service
from tests.search.test_contract import import_records


@pytest.fixture
def titles(backend):
    import_records(
        resource_record(
            85,
            languages=("en", "fr", "ar"),
            slug="psychosocial-support",
            title={
                "en": "Community-based psychosocial support for survivors",
                "fr": "Soutien psychosocial communautaire aux survivants",
                "ar": "الدعم النفسي والاجتماعي للناجين",
            },
        ),
        resource_record(
            86,
            languages=("en",),
            slug="psychology-note",
            title={"en": "A note on psychology"},
            body={"en": "Psychosocial work is mentioned in the body only."},
        ),
    )


def suggested(q, lang="en"):
    return [item["title"] for item in service.suggest(q, lang)]


@pytest.mark.parametrize(
    "q, lang, title",
    [
        ("psychos", "en", "Community-based psychosocial support for survivors"),
        ("psychosoc", "fr", "Soutien psychosocial communautaire aux survivants"),
        ("support psychos", "en", "Community-based psychosocial support for survivors"),
        ("surviv", "en", "Community-based psychosocial support for survivors"),
        ("communaut", "fr", "Soutien psychosocial communautaire aux survivants"),
        ("للناج", "ar", "الدعم النفسي والاجتماعي للناجين"),
        ("ناج", "ar", "الدعم النفسي والاجتماعي للناجين"),  # without the attached "for the"
    ],
)
def test_a_word_anywhere_in_a_title_completes(titles, q, lang, title):
    assert title in suggested(q, lang)


def test_words_in_the_body_only_do_not_complete(titles):
    assert "A note on psychology" in suggested("psycho")
    assert "A note on psychology" not in suggested("psychos")
