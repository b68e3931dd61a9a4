"""Search parameters are read strictly: numbers in ASCII digits, years of four of them,
countries of two ASCII letters. Anything else is a 400 that names the parameter, on the API,
the search page, the feed and suggest alike; never a 500."""

import pytest

# Digits that are not ASCII: str.isdigit() accepts them all and int() reads some of them.
NOT_ASCII_DIGITS = ["²", "٣", "３", "߃", "३", "Ⅻ", "½"]


@pytest.mark.django_db
@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(
    ("parameter", "template"), [("page", "{}"), ("page_size", "1{}"), ("year", "20{}{}")]
)
def test_numbers_in_other_digits_answer_400_naming_the_parameter(
    client, digit, parameter, template
):
    value = template.format(digit, digit)
    response = client.get("/api/search/", {parameter: value})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert parameter in response.json()["error"]

    page = client.get("/en/search/", {"q": "trafficking", parameter: value})
    assert page.status_code == 400
    html = page.content.decode()
    assert f"the parameter “{parameter}” is not valid" in html
    assert '<form class="search-form" method="get"' in html  # the reader can search again

    if parameter == "year":  # the feed sets its own page and page size
        feed = client.get("/en/search/feed/", {parameter: value})
        assert feed.status_code == 400
        assert parameter in feed.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1.0", "1e2", "0x10", "+", "1 000", "٣٣"])
def test_only_plain_whole_numbers_are_pages(client, value):
    response = client.get("/api/search/", {"page": value})
    assert response.status_code == 400
    assert response.json() == {"error": "page must be a whole number", "parameter": "page"}


@pytest.mark.django_db
def test_ascii_numbers_still_work(client, backend):
    data = client.get("/api/search/", {"page": " 2 ", "page_size": "2", "year": "2019"}).json()
    assert (data["page"], data["page_size"]) == (2, 2)
    assert [value["value"] for value in data["facets"]["year"] if value["selected"]] == ["2019"]
    assert client.get("/api/search/", {"page": "10000"}).status_code == 200
    assert client.get("/api/search/", {"page": "10001"}).json()["error"] == (
        "page must be at most 10000"
    )
    assert client.get("/api/search/", {"page": "9" * 40}).json()["parameter"] == "page"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["ß", "ǅǅ", "ＧＢ", "G", "GBR", "Ｇb"])
def test_countries_are_two_ascii_letters(client, value):
    # "ß".upper() is "SS" (South Sudan), "ǅ".upper() is "Ǆ": neither was asked for.
    response = client.get("/api/search/", {"country": value})
    assert response.status_code == 400
    assert response.json()["parameter"] == "country"
    assert client.get("/en/search/", {"country": value}).status_code == 400


@pytest.mark.django_db
def test_country_codes_in_any_case_still_filter(client, backend):
    data = client.get("/api/search/", {"country": ["gb", "GB"]}).json()
    selected = [value for value in data["facets"]["country"] if value["selected"]]
    assert [value["value"] for value in selected] == ["GB"]
    assert data["total"] == selected[0]["count"] > 0


@pytest.mark.django_db
def test_suggest_reads_q_and_lang_with_the_same_form(client):
    assert client.get("/api/search/suggest/", {"q": "٣²", "lang": "fr"}).status_code == 200
    refused = client.get("/api/search/suggest/", {"q": "in\x00dic"})
    assert refused.status_code == 400
    assert refused.json() == {"error": "q has an invalid character", "parameter": "q"}
    assert client.get("/api/search/suggest/", {"lang": "ＥＮ"}).json()["parameter"] == "lang"
