"""The search page, the API's extras, the feed, editors' picks and the editors' reports."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from resources.factories import resource_record
from resources.importer import ResourceImporter
from search.models import QueryStat

LEAFLET = "what-is-human-trafficking-leaflet"


@pytest.mark.django_db
def test_search_page_works_without_javascript(client, backend):
    response = client.get("/fr/search/", {"q": "travail forcé", "kind": "tool"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html
    assert '<form class="search-form" method="get"' in html
    assert 'name="kind" value="tool" checked' in html
    assert re.search(
        r'name="kind" value="guidance"> <span>Orientations <span class="count">\(\d\)', html
    )
    assert "<mark>" in html
    assert 'lang="fr" dir="ltr"' in html
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_search_page_in_arabic_is_right_to_left(client, backend):
    html = client.get("/ar/search/", {"q": "مؤشرات"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "/ar/" in re.search(r'<h3 class="card-title"><a href="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_an_english_snippet_in_arabic_results_reads_left_to_right(client, backend):
    """A snippet is cut from the text that matched, in whatever language: marked as such, a
    screen reader reads it with an English voice and its punctuation lands where it belongs."""
    data = client.get("/api/search/", {"q": "integration", "lang": "ar"}).json()
    english = [r for r in data["results"] if r["highlight"] and r["highlight_language"] == "en"]
    assert english, data["results"]
    html = client.get("/ar/search/", {"q": "integration"}).content.decode()
    assert '<p class="highlight" lang="en" dir="ltr">' in html
    html = client.get("/en/search/", {"q": "integration"}).content.decode()
    assert '<p class="highlight">' in html and 'class="highlight" lang=' not in html


@pytest.mark.django_db
def test_no_match_says_so_and_offers_to_widen(client, backend):
    html = client.get("/en/search/", {"q": "xylophonecanary", "kind": "tool"}).content.decode()
    assert "Nothing matched your search." in html
    assert 'href="/en/search/?q=xylophonecanary">Search again without the filters' in html
    assert "Browse the whole library" in html


@pytest.mark.django_db
def test_search_page_escapes_what_it_echoes(client, backend):
    hostile = '"><script>alert(1)</script>'
    html = client.get("/en/search/", {"q": hostile, "theme": hostile}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_a_hostile_text_stays_inert_in_the_snippet_marked_safe(client, backend):
    """The results' snippet is output as HTML (its <mark>s): what the text holds is escaped,
    whichever language the snippet is shown in."""
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> "quokkaride" &amp;'
    report = ResourceImporter().run(
        [
            resource_record(
                95,
                languages=("en", "ar"),
                slug="hostile-snippet",
                body={"en": f"Before {hostile} after.", "ar": f"قبل {hostile} بعد."},
            )
        ]
    )
    assert report.failed == 0, report.errors
    for language in ("en", "fr", "ar"):
        html = client.get(f"/{language}/search/", {"q": "quokkaride"}).content.decode()
        snippet = re.search(r'<p class="highlight"[^>]*>(.*?)</p>', html, re.S).group(1)
        assert "<mark>quokkaride</mark>" in snippet
        assert "<script" not in snippet and "<img" not in snippet
        assert "&lt;img src=x onerror=" in snippet  # shown as text
        assert set(re.findall(r"</?(\w+)", snippet)) == {"mark"}


@pytest.mark.django_db
def test_search_page_reports_bad_parameters(client, backend):
    response = client.get("/en/search/", {"page_size": "1000"})
    assert response.status_code == 400
    assert "page_size" in response.content.decode()


@pytest.mark.django_db
def test_api_answers_the_documented_shape(client, backend):
    data = client.get("/api/search/", {"q": "checklist", "lang": "hr", "page_size": 5}).json()
    assert set(data) >= {
        "query",
        "lang",
        "total",
        "page",
        "page_size",
        "took_ms",
        "results",
        "facets",
    }
    assert data["lang"] == "hr" and data["page_size"] == 5
    result = data["results"][0]
    assert set(result) >= {
        "id",
        "kind",
        "title",
        "url",
        "summary",
        "highlight",
        "languages",
        "published",
        "society",
        "themes",
    }
    assert result["url"].startswith("/hr/")
    assert result["title"].startswith("Pokazatelji")
    assert set(data["facets"]) == {
        "kind",
        "theme",
        "exploitation",
        "audience",
        "country",
        "society",
        "language",
        "year",
    }
    kind = data["facets"]["kind"][0]
    assert set(kind) == {"value", "label", "count", "selected"}
    labels = {value["value"]: value["label"] for value in data["facets"]["country"]}
    assert labels["GB"].startswith("Ujedinjeno Kraljevstvo")  # country names, translated


@pytest.mark.django_db
def test_suggest_titles(client, backend):
    data = client.get("/api/search/suggest/", {"q": "indica", "lang": "fr"}).json()
    assert data["suggestions"][0]["title"].startswith("Indicateurs de traite")
    assert data["suggestions"][0]["url"].startswith("/fr/")
    assert client.get("/api/search/suggest/", {"q": "x", "lang": "zz"}).status_code == 400


@pytest.mark.django_db
def test_suggestions_complete_titles_only(client, backend):
    ResourceImporter().run(
        [
            resource_record(
                80,
                languages=("en",),
                slug="title-only",
                title={"en": "Quokkacanary shelters"},
                body={"en": "Nothing about reindeer here."},
            ),
            resource_record(
                81,
                languages=("en",),
                slug="body-only",
                title={"en": "Quokkacanary guidance"},
                body={"en": "Shelters for reindeer."},
            ),
        ]
    )
    titles = [
        s["title"]
        for s in client.get("/api/search/suggest/", {"q": "quokkacanary shel"}).json()[
            "suggestions"
        ]
    ]
    assert titles == ["Quokkacanary shelters"]  # "shelters" is in the other one's body only


@pytest.mark.django_db
def test_atom_feed_of_a_search(client, backend):
    response = client.get("/fr/search/feed/", {"q": "traite", "kind": "tool"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("atom:entry", ns)
    assert len(entries) == 2
    assert all("/fr/" in entry.find("atom:link", ns).get("href") for entry in entries)
    assert "traite" in feed.find("atom:title", ns).text
    assert client.get("/fr/search/feed/", {"year": "x"}).status_code == 400


@pytest.mark.django_db
def test_editors_picks_come_first(client, backend, resources):
    leaflet = resources[LEAFLET]
    SearchPromotion.objects.create(
        query=Query.get("Identification"), page=leaflet, sort_order=0, description="Start here"
    )
    data = client.get("/api/search/", {"q": "identification"}).json()
    assert [result["id"] for result in data["promoted"]] == [leaflet.pk]
    assert leaflet.pk not in [result["id"] for result in data["results"]]
    html = client.get("/en/search/", {"q": "identification"}).content.decode()
    assert html.index("Editors' picks") < html.index('class="card result"')


@pytest.mark.django_db
def test_queries_are_recorded_for_the_editors(client, backend, editor):
    client.get("/api/search/", {"q": "THB"})
    client.get("/api/search/", {"q": "thb "})
    client.get("/fr/search/", {"q": "okapicanary"})
    assert QueryStat.objects.get(query="thb", language="en").searches == 2
    empty = QueryStat.objects.get(query="okapicanary", language="fr")
    assert empty.empty_searches == 1

    client.force_login(editor)
    popular = client.get(reverse("search_popular_queries")).content.decode()
    assert popular.index(">thb<") < popular.index(">okapicanary<")
    missing = client.get(reverse("search_empty_queries")).content.decode()
    assert ">okapicanary<" in missing and ">thb<" not in missing


def _queries(client, params):
    client.get("/api/search/", params)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/search/", params).status_code == 200
    return len(context.captured_queries)


QUERY_COUNT_CASES = [
    {"q": "resource"},
    {"q": "resource", "kind": ["tool", "guidance"], "country": "FR"},
    {},
    {"theme": "theme-1", "page_size": 5},
    {"q": "resource", "page": 2, "page_size": 3},
]


@pytest.mark.django_db
def test_a_search_costs_a_fixed_number_of_queries(client, backend, settings):
    settings.SEARCH_CACHE_SECONDS = 0  # every search computed
    ResourceImporter().run([resource_record(n) for n in range(10)])
    small = [_queries(client, params) for params in QUERY_COUNT_CASES]
    ResourceImporter().run([resource_record(n) for n in range(10, 150)])
    large = [_queries(client, params) for params in QUERY_COUNT_CASES]
    assert small == large
    assert max(large) <= 10, large


@pytest.mark.django_db
def test_a_repeated_search_comes_from_the_cache_until_the_index_changes(
    client, backend, resources, django_capture_on_commit_callbacks
):
    params = {"q": "indicators", "lang": "fr"}
    first = client.get("/api/search/", params).json()
    with CaptureQueriesContext(connection) as context:
        again = client.get("/api/search/", params).json()
    assert again["results"] == first["results"] and again["facets"] == first["facets"]
    statements = [
        q["sql"]
        for q in context.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))
    ]
    # The index version (for the results, then for the labels) and the query's count.
    assert len(statements) <= 4, statements
    assert not [sql for sql in statements if "hub_search_search" in sql]

    page = resources["indicators-of-trafficking-frontline-checklist"]
    with django_capture_on_commit_callbacks(execute=True):
        page.title_fr = "Indicateurs de la traite : une liste pour bénévoles"
        page.save_revision().publish()
    changed = client.get("/api/search/", params).json()
    assert changed["results"][0]["title"] == "Indicateurs de la traite : une liste pour bénévoles"
