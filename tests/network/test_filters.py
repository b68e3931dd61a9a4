"""The directory's filters are read strictly, on /api/contacts/ and /<lang>/network/ alike: a
bad value is a 400 naming the parameter (JSON) or a page saying what is wrong, never a 500."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from network.models import NationalSociety

NOT_ASCII_DIGITS = ["²", "٣", "３", "߃", "३"]


@pytest.mark.django_db
@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
def test_numbers_in_other_digits_answer_400(client, canaries, digit, parameter):
    response = client.get("/api/contacts/", {parameter: digit})
    assert response.status_code == 400
    assert response.json() == {
        "error": f"{parameter} must be a whole number",
        "parameter": parameter,
    }
    for language in ("en", "ar"):
        page = client.get(f"/{language}/network/", {parameter: f"1{digit}"})
        assert page.status_code == 400
        with translation.override(language):
            message = gettext("%(parameter)s must be a whole number") % {"parameter": parameter}
        assert f'<p class="notice" role="alert">{message}' in page.content.decode()


@pytest.mark.django_db
def test_ascii_numbers_still_page_the_directory(client, canaries):
    data = client.get("/api/contacts/", {"page": "2", "page_size": "3"}).json()
    assert (data["page"], data["page_size"], len(data["results"])) == (2, 3, 3)
    assert client.get("/api/contacts/", {"page_size": "101"}).json() == {
        "error": "page_size must be at most 100",
        "parameter": "page_size",
    }
    assert client.get("/api/contacts/", {"page": "0"}).json()["parameter"] == "page"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("country", "ß"),  # "ß".upper() is "SS": South Sudan
        ("country", "ＨＲ"),
        ("country", "hrv"),
        ("language", "\u212aa"),  # KELVIN SIGN, which lower() makes "k": "ka", Georgian
        ("language", "ＨＲ"),
        ("society", "../../"),  # a path is no society (it answered "0 focal points")
        ("expertise", "a/b"),
    ],
)
def test_codes_are_ascii(client, canaries, parameter, value):
    response = client.get("/api/contacts/", {parameter: value})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert client.get("/en/network/", {parameter: value}).status_code == 400


@pytest.mark.django_db
def test_codes_in_any_case_still_filter(client, canaries):
    names = {c["name"] for c in client.get("/api/contacts/", {"country": "hr"}).json()["results"]}
    assert "Canary public-public-public name" in names
    languages = client.get("/api/contacts/", {"language": "HR"}).json()["results"]
    assert "Canary public-public-public name" in {contact["name"] for contact in languages}


@pytest.mark.django_db
def test_the_society_filter_lists_every_society_by_the_name_the_reader_sees(client):
    """Most National Societies are named in English only: in French, the filter still lists
    them all in alphabetical order, the demo's four under their French names among them."""
    with translation.override("fr"):
        html = client.get(reverse("network:directory")).content.decode()
    select = re.search(r'<select id="dir-society".*?</select>', html, re.S).group(0)
    names = [
        unescape(name) for name in re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)<", select)
    ]
    assert len(names) == NationalSociety.objects.count()
    assert names == sorted(names, key=str.casefold)
    assert "Croix-Rouge croate" in names and "Italian Red Cross" in names


@pytest.mark.django_db
def test_the_country_filter_is_in_alphabetical_order_in_french_accents_aside(client):
    with translation.override("fr"):
        html = client.get(reverse("network:directory")).content.decode()
    select = re.search(r'<select id="dir-country".*?</select>', html, re.S).group(0)
    names = [
        unescape(name) for name in re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)<", select)
    ]
    assert len(names) == len(set(NationalSociety.objects.values_list("country", flat=True)))
    # "Égypte" under E (it came after "Zimbabwe"), "Bélize" before "Bénin", "Pérou" before
    # "Pologne".
    assert names.index("Égypte") < names.index("Espagne") < names.index("Zimbabwe")
    assert names.index("Pérou") < names.index("Pologne")
    assert names[-1].startswith("Z")
