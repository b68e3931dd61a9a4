"""Hypothesis throws arbitrary parameters at both JSON APIs: never a 5xx, never an
unescaped echo, always JSON."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEARCH_PARAMETERS = [
    "q",
    "lang",
    "kind",
    "theme",
    "exploitation",
    "audience",
    "country",
    "society",
    "language",
    "year",
    "sort",
    "page",
    "page_size",
    "unknown",
]
CONTACT_PARAMETERS = ["q", "country", "society", "language", "expertise", "page", "page_size"]

values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "101",
            "1e9",
            "en",
            "ar",
            "tool",
            "GB",
            "2018",
            "newest",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00",
            "\x00",
            "NEAR(a b)",
            '"',
            "*",
            "ünïcödé",
            "الاتجار",
            "a" * 500,
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


def params(names):
    return st.dictionaries(
        st.sampled_from(names),
        st.one_of(values, st.lists(values, min_size=1, max_size=3)),
        max_size=6,
    )


def check(response):
    assert response.status_code < 500, response.content[:300]
    assert response.status_code in (200, 400, 429)
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    if response.status_code == 400:
        assert data["error"] and "parameter" in data
    assert b"<script>" not in response.content


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@FUZZ
@given(query=params(SEARCH_PARAMETERS))
def test_search_api_never_fails(client, query):
    check(client.get("/api/search/", query))


@pytest.mark.django_db
@FUZZ
@given(query=st.dictionaries(st.sampled_from(["q", "lang"]), values, max_size=2))
def test_suggest_api_never_fails(client, query):
    check(client.get("/api/search/suggest/", query))


@pytest.mark.django_db
@FUZZ
@given(query=params(CONTACT_PARAMETERS))
def test_contacts_api_never_fails(client, query):
    check(client.get("/api/contacts/", query))


@pytest.mark.django_db
@FUZZ
@given(query=params(SEARCH_PARAMETERS))
def test_search_page_never_fails_and_escapes(client, query):
    response = client.get("/en/search/", query)
    assert response.status_code in (200, 400, 429)
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/search/", "/api/contacts/", "/api/search/suggest/"])
def test_apis_answer_429_past_the_rate_limit(client, settings, url):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_LIMIT = "3/m"
    for _request in range(3):
        assert client.get(url, {"q": "x"}, REMOTE_ADDR="10.1.1.1").status_code == 200
    refused = client.get(url, {"q": "x"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert "Too many requests" in refused.json()["error"]
    assert refused["Retry-After"] == "60"
    # Another address is not affected.
    assert client.get(url, {"q": "x"}, REMOTE_ADDR="10.1.1.2").status_code == 200
