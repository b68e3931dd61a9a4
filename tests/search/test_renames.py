"""A National Society renamed in the admin shows under its new name at once: in the facets and
on the result cards, past the results cache and the facet labels each process keeps."""

import pytest
from django.urls import reverse

from network.models import NationalSociety

SEARCH_BACKENDS = ["database", "standin"]


def edit_form_data(response):
    """The admin form as shown, ready to post back."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


def society_labels(client, lang, q="leaflet"):
    data = client.get("/api/search/", {"q": q, "lang": lang}).json()
    facet = {value["value"]: value["label"] for value in data["facets"]["society"]}
    cards = {result["society"]["label"] for result in data["results"] if result["society"]}
    return facet.get("british-red-cross"), cards


@pytest.mark.django_db
def test_a_renamed_society_shows_its_new_name_at_once(client, backend, editor, settings):
    settings.SEARCH_CACHE_SECONDS = 600
    assert society_labels(client, "en") == ("British Red Cross", {"British Red Cross"})
    assert society_labels(client, "fr") == ("Croix-Rouge britannique", {"Croix-Rouge britannique"})
    html = client.get("/en/search/", {"q": "leaflet"}).content.decode()
    assert "British Red Cross" in html

    british = NationalSociety.objects.get(slug="british-red-cross")
    client.force_login(editor)
    url = reverse("wagtailsnippets_network_nationalsociety:edit", args=[british.pk])
    data = edit_form_data(client.get(url))
    data["name_en"] = "British Red Cross Society"
    data["name_fr"] = "Société de la Croix-Rouge britannique"
    assert client.post(url, data).status_code == 302
    client.logout()

    assert society_labels(client, "en") == (
        "British Red Cross Society",
        {"British Red Cross Society"},
    )
    assert society_labels(client, "fr") == (
        "Société de la Croix-Rouge britannique",
        {"Société de la Croix-Rouge britannique"},
    )
    html = client.get("/en/search/", {"q": "leaflet"}).content.decode()
    assert "British Red Cross Society" in html
    assert "British Red Cross<" not in html
