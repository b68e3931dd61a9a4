"""Hypothesis throws arbitrary parameters at the JSON APIs and the public HTML views: never a
5xx, never an unescaped echo; the APIs always answer JSON, a 400 naming the parameter, and the
pages a 400 that says what is wrong. Besides arbitrary text, every parameter gets digits and
letters of every Unicode class ("²", "٣", "Ⅻ", "ǅ", "ß"...) and fullwidth forms, which
`str.isdigit()`, `int()` and `str.upper()` read in surprising ways."""

import pytest
from hypothesis import HealthCheck, example, given, settings
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


# -- Digits and letters of every Unicode class ------------------------------------------------
DIGIT_CLASSES = ["Nd", "No", "Nl"]  # decimal digits, other numbers, letter numbers
LETTER_CLASSES = ["Lu", "Ll", "Lt", "Lm", "Lo"]
FULLWIDTH = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)  # "３", "Ｇ"
ASCII_DIGITS = st.characters(min_codepoint=ord("0"), max_codepoint=ord("9"))
UNICODE_VALUES = st.one_of(
    # int() reads every decimal digit ("٣", "３", "߃"); str.isdigit() also passes "²" and "①",
    # which int() refuses; "Ⅻ" and "½" are numbers too.
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=4),
    st.text(st.characters(categories=["No"]).filter(str.isdigit), min_size=1, max_size=4),
    st.text(st.characters(categories=DIGIT_CLASSES), min_size=1, max_size=4),
    # Letters of every case and kind: "ß".upper() is "SS", "ǅ" is titlecase.
    st.text(st.characters(categories=LETTER_CLASSES), min_size=1, max_size=3),
    st.text(FULLWIDTH, min_size=1, max_size=4),
    st.text(
        st.one_of(
            st.characters(categories=DIGIT_CLASSES + LETTER_CLASSES), FULLWIDTH, ASCII_DIGITS
        ),
        min_size=1,
        max_size=6,
    ),
)
# Every parameter of every view below (each view ignores the others').
PARAMETERS = sorted(set(SEARCH_PARAMETERS) | set(CONTACT_PARAMETERS) | {"expertise"})


def unicode_params():
    return st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(UNICODE_VALUES, st.lists(UNICODE_VALUES, min_size=1, max_size=3)),
        min_size=1,
        max_size=4,
    )


def unicode_examples(test):
    """Values that answered 500 before the parameters were read by forms."""
    for query in ({"year": "²²²²"}, {"page": "²"}, {"page_size": "①"}, {"year": "２⁰¹⁸"}):
        test = example(query=query)(test)
    return test


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/search/", "/api/search/suggest/", "/api/contacts/"])
@FUZZ
@unicode_examples
@given(query=unicode_params())
def test_apis_read_unicode_digits_and_letters_strictly(client, url, query):
    response = client.get(url, query)
    assert response.status_code in (200, 400), response.content[:300]
    check(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "explanation"),
    [
        ("/en/search/", "is not valid."),
        ("/en/network/", '<p class="notice" role="alert">'),
        ("/ar/network/", '<p class="notice" role="alert">'),
    ],
)
@FUZZ
@unicode_examples
@given(query=unicode_params())
def test_pages_read_unicode_digits_and_letters_strictly(client, url, explanation, query):
    response = client.get(url, query)
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    if response.status_code == 400:
        assert explanation in response.content.decode()  # a page that says what is wrong


@pytest.mark.django_db
@FUZZ
@unicode_examples
@given(query=unicode_params())
def test_feed_reads_unicode_digits_and_letters_strictly(client, query):
    response = client.get("/en/search/feed/", query)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 200:
        assert response["Content-Type"].startswith("application/atom+xml")
    else:
        assert response.content.decode().strip()  # the reason, as text


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
