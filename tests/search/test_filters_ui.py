"""The filters a reader sees on the search and library pages: chips that each remove one
filter, Clear all, long facets folded, and the library browsed with the same filters."""

import html as html_lib
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from search import filters_ui, service
from search.service import FacetValue, SearchRequest, SearchResults


def chips_of(html):
    """{chip text: (path, query pairs)} of the chips on a page."""
    found = {}
    for href, text in re.findall(r'<a class="chip" href="([^"]*)">(.*?)</a>', html, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        address = urlsplit(html_lib.unescape(href))
        found[text] = (address.path, sorted(parse_qsl(address.query)))
    return found


def clear_all_of(html):
    href = re.search(r'<a class="clear-all" href="([^"]*)">', html).group(1)
    address = urlsplit(html_lib.unescape(href))
    return address.path, sorted(parse_qsl(address.query))


def titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


@pytest.mark.django_db
def test_each_chip_removes_its_filter_alone_and_clear_all_keeps_the_query(client, backend):
    response = client.get(
        "/en/search/?q=trafficking&sort=newest&kind=tool&kind=guidance&country=gb&page=2"
    )
    html = response.content.decode()
    chips = chips_of(html)
    assert chips == {
        "Remove the filter Kind: Guidance ×": (
            "/en/search/",
            sorted([("q", "trafficking"), ("sort", "newest"), ("kind", "tool"), ("country", "gb")]),
        ),
        "Remove the filter Kind: Tool ×": (
            "/en/search/",
            sorted(
                [("q", "trafficking"), ("sort", "newest"), ("kind", "guidance"), ("country", "gb")]
            ),
        ),
        "Remove the filter Country: United Kingdom ×": (
            "/en/search/",
            sorted(
                [("q", "trafficking"), ("sort", "newest"), ("kind", "tool"), ("kind", "guidance")]
            ),
        ),
    }
    assert clear_all_of(html) == ("/en/search/", [("q", "trafficking"), ("sort", "newest")])
    assert "<summary>Filters (3)</summary>" in html


@pytest.mark.django_db
def test_without_filters_there_are_no_chips(client, backend):
    html = client.get("/en/search/?q=trafficking").content.decode()
    assert 'class="chip"' not in html and 'class="clear-all"' not in html
    assert "<summary>Filters</summary>" in html


@pytest.mark.django_db
def test_the_search_page_has_one_query_box(client, backend, home):
    search = client.get("/en/search/?q=trafficking").content.decode()
    assert search.count('type="search"') == 1
    assert 'id="site-search-q"' not in search
    assert 'id="site-search-q"' in client.get(home.get_url()).content.decode()


def facet_values(count, selected=()):
    return [
        FacetValue(
            value=f"v{number}",
            label=f"Value {number}",
            count=100 - number,
            selected=f"v{number}" in selected,
        )
        for number in range(count)
    ]


def test_long_facets_fold_after_their_top_values_but_never_a_selected_one():
    request = SearchRequest(filters={"theme": ("v11",)})
    results = SearchResults(
        request,
        total=0,
        results=[],
        facets={"theme": facet_values(14, selected=("v11",)), "kind": facet_values(3)},
        promoted=[],
        took_ms=0,
    )
    facets = {facet.name: facet for facet in filters_ui.folded(results, service.FACET_LABELS)}
    theme = facets["theme"]
    assert [value.value for value in theme.shown] == [f"v{n}" for n in range(8)] + ["v11"]
    assert [value.value for value in theme.more] == ["v8", "v9", "v10", "v12", "v13"]
    assert [value.value for value in facets["kind"].shown] == ["v0", "v1", "v2"]
    assert facets["kind"].more == []

    http_request = RequestFactory().get("/en/search/", {"theme": "v11"})
    html = render_to_string(
        "search/browse.html",
        {
            "results": results,
            "search_request": request,
            **filters_ui.filters_context(http_request, results, service.FACET_LABELS),
        },
    )
    more = re.search(r'<details class="more-values">(.*?)</details>', html, re.S).group(1)
    assert "<summary>More (5)</summary>" in more
    assert 'value="v12"' in more and 'value="v11"' not in more
    assert 'value="v11" checked' in html


@pytest.mark.django_db
def test_the_library_is_browsed_newest_first_with_the_filters(client, backend, library):
    url = library.get_url()
    html = client.get(url).content.decode()
    years = re.findall(r'<time datetime="(\d{4})-\d\d-\d\d">', html)
    assert len(years) == 5 and years == sorted(years, reverse=True)
    assert '<option value="newest" selected>' in html
    assert 'name="kind" value="tool"' in html  # the search page's facets
    assert '<form class="search-form library-form" method="get" action="/en/library/">' in html
    assert page_intro(library) in html

    tools = client.get(url, {"kind": "tool"}).content.decode()
    assert sorted(titles(tools)) == [
        "Indicators of trafficking: a checklist for frontline volunteers",
        "What is human trafficking? British Red Cross leaflet",
    ]
    assert chips_of(tools) == {"Remove the filter Kind: Tool ×": ("/en/library/", [])}

    croatian = client.get(url, {"society": "croatian-red-cross"}).content.decode()
    assert [title for title in titles(croatian)] == [
        "Raising awareness of trafficking risks in transit and destination countries"
    ]


def page_intro(library):
    return library.intro.split(".")[0]


@pytest.mark.django_db
def test_a_filtered_library_is_cached_per_address(client, backend, library, page_cache):
    url = library.get_url()
    assert len(titles(client.get(url).content.decode())) == 5
    assert len(titles(client.get(url, {"kind": "tool"}).content.decode())) == 2
    assert len(titles(client.get(url, {"kind": "case_study"}).content.decode())) == 1
    assert len(titles(client.get(url).content.decode())) == 5


@pytest.mark.django_db
def test_a_bad_library_parameter_says_so(client, backend, library):
    response = client.get(library.get_url(), {"year": "soon"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The library could not be filtered" in html
    assert "year must be a four-digit year" in html
