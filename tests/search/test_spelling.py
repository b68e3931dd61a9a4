"""Typos corrected from the index's own words, per language, on every backend (the database
backend's vocabulary with symspellpy, Elasticsearch's term suggester)."""

import pytest
from django.utils import translation

from resources.factories import resource_record
from search import service
from tests.search.test_contract import import_records


def correct(q, lang):
    return service.get_backend().correct(q, lang)


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
    assert correct(q, lang) == expected


def test_known_words_are_not_corrected(library):
    assert correct("forced labour", "en") is None


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
    assert correct("جواز", "ar") is None
    assert correct("lukma", "hr") == "lukama"  # one edit: still corrected


def test_a_correction_is_offered_only_if_it_finds_what_the_viewer_may_see(
    library, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from wagtail.models import Page, PageViewRestriction

    from hub.restrictions import ANONYMOUS, Viewer
    from search import spelling

    import_records(
        resource_record(
            89, languages=("en",), slug="quill-guide", title={"en": "Zanzibarquill outreach"}
        )
    )
    group = Group.objects.create(name="Outreach workers")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=Page.objects.get(slug_en="quill-guide"), restriction_type="groups"
        )
        restriction.groups.add(group)

    def corrected(viewer):
        request = service.parse({"q": "zanzibarqill"}, viewer=viewer)
        results, suggestion, was_corrected = spelling.search(request, service.search)
        return results.total, suggestion, was_corrected

    # The word is in the index, but in a resource hidden from anonymous readers.
    assert corrected(ANONYMOUS) == (0, None, False)
    in_group = Viewer(authenticated=True, groups=frozenset({group.pk}))
    assert corrected(in_group) == (1, "zanzibarquill", True)
