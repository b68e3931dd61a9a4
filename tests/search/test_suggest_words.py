"""Suggest completes any word of a title, not only its first letters, and offers the common
words of the index that complete the word being typed, on every backend."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from hub.restrictions import ANONYMOUS, Viewer
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


def terms(q, lang="en", viewer=ANONYMOUS):
    return service.suggest_terms(q, lang, viewer=viewer)


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


# -- Words of the index -------------------------------------------------------------------------
def test_common_words_complete_the_word_being_typed(titles):
    assert "psychosocial" in terms("psychos")
    assert "psychology" not in terms("psychos")
    assert "psychosocial" in terms("support psychos")  # the last word is completed
    # Words of a body complete too, the commonest first: "psychosocial" is in two
    # resources (a title, a body), "psychology" in one.
    found = terms("psycho")
    assert found.index("psychosocial") < found.index("psychology")


def test_words_of_the_readers_language_come_before_english_ones(titles):
    found = terms("surviv", "fr")
    assert "survivants" in found and "survivors" in found  # English fills the rest
    assert found.index("survivants") < found.index("survivors")
    assert terms("communaut", "fr")[0] == "communautaire"
    assert "للناجين" in terms("للناج", "ar")


def test_the_word_typed_in_full_common_words_and_single_letters_are_not_offered(titles):
    assert "psychosocial" not in terms("psychosocial")
    assert "the" not in terms("th")
    assert "on" not in terms("on")
    assert terms("p") == []
    assert terms("") == []


def test_words_of_a_restricted_resource_complete_only_for_viewers_it_admits(
    titles, django_capture_on_commit_callbacks
):
    import_records(
        resource_record(
            89, languages=("en",), slug="quill-guide", title={"en": "Zanzibarquill outreach"}
        )
    )
    assert terms("zanzibar") == ["zanzibarquill"]
    group = Group.objects.create(name="Outreach workers")
    page = Page.objects.get(slug_en="quill-guide")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
        restriction.groups.add(group)
    assert terms("zanzibar") == []
    assert terms("zanzibar", viewer=Viewer(authenticated=True)) == []
    in_group = Viewer(authenticated=True, groups=frozenset({group.pk}))
    assert terms("zanzibar", viewer=in_group) == ["zanzibarquill"]


def test_the_api_answers_with_titles_and_words(client, titles):
    data = client.get("/api/search/suggest/", {"q": "psychos", "lang": "en"}).json()
    assert set(data) == {"query", "lang", "suggestions", "terms"}
    assert "Community-based psychosocial support for survivors" in [
        item["title"] for item in data["suggestions"]
    ]
    assert "psychosocial" in data["terms"]
    assert client.get("/api/search/suggest/", {"q": "p"}).json()["terms"] == []
