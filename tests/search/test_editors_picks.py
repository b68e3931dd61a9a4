"""Editors' picks match a query as search does (stems, synonyms, any language), and their
form offers the queries readers searched on the Hub."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import QueryStat

SEARCH_BACKENDS = ["database"]  # picks are the service's, whatever the backend
LEAFLET = "what-is-human-trafficking-leaflet"
CHECKLIST = "indicators-of-trafficking-frontline-checklist"


def pick(query, page, order=0):
    return SearchPromotion.objects.create(query=Query.get(query), page=page, sort_order=order)


def picks(client, q, lang="en"):
    data = client.get("/api/search/", {"q": q, "lang": lang}).json()
    return [result["id"] for result in data["promoted"]], [r["id"] for r in data["results"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "lang"),
    [
        ("forced labour", "en"),
        ("Forced labor", "en"),
        ("FORCED  LABOUR!", "en"),
        ("travail forcé", "fr"),
        ("trabajo forzoso", "es"),
        ("dwangarbeid", "nl"),
    ],
)
def test_a_pick_shows_for_every_way_of_asking(client, backend, resources, q, lang):
    leaflet = resources[LEAFLET]
    pick("forced labour", leaflet)
    promoted, results = picks(client, q, lang)
    assert promoted == [leaflet.pk]
    assert leaflet.pk not in results


@pytest.mark.django_db
def test_a_pick_shows_for_other_forms_of_its_words_only(client, backend, resources):
    leaflet = resources[LEAFLET]
    pick("Leaflets", leaflet)
    assert picks(client, "leaflet")[0] == [leaflet.pk]
    assert picks(client, "victims")[0] == []
    assert picks(client, "leaflet victims")[0] == []  # a query asking for more is another one


@pytest.mark.django_db
def test_picks_of_queries_that_mean_the_same_are_shown_together_once(client, backend, resources):
    leaflet, checklist = resources[LEAFLET], resources[CHECKLIST]
    pick("forced labour", checklist, order=1)
    pick("forced labour", leaflet, order=0)
    pick("travail forcé", checklist, order=0)
    promoted, _results = picks(client, "Forced labor")
    assert promoted == [leaflet.pk, checklist.pk]
    html = client.get("/en/search/", {"q": "travail forcé"}).content.decode()
    assert html.count("Editors' pick · ") == 2


@pytest.mark.django_db
def test_a_new_pick_shows_at_once_past_the_results_cache(client, backend, resources, settings):
    settings.SEARCH_CACHE_SECONDS = 600
    leaflet = resources[LEAFLET]
    assert picks(client, "travail forcé", "fr")[0] == []
    pick("Forced Labour", leaflet)
    assert picks(client, "travail forcé", "fr")[0] == [leaflet.pk]
    SearchPromotion.objects.all().delete()
    assert picks(client, "travail forcé", "fr")[0] == []


# -- "Choose from popular search terms" ----------------------------------------------------------
def chooser(client, **params):
    response = client.get("/admin/searchpicks/queries/chooser/", params)
    assert response.status_code == 200
    html = response.json()["html"]
    return re.findall(r'data-querystring="([^"]*)">[^<]*</a></div></td>\s*<td>(\d+)</td>', html)


@pytest.fixture
def searched(db):
    for query, language, searches in [
        ("trafficking", "en", 4),
        ("traite", "fr", 7),
        ("trafficking", "fr", 2),
        ("okapicanary", "en", 1),
    ]:
        QueryStat.objects.create(query=query, language=language, searches=searches)


@pytest.mark.django_db
def test_the_picks_form_offers_the_hubs_popular_queries(client, editor, searched):
    client.force_login(editor)  # Editors keep the picks (hub migration 0005)
    form = client.get(reverse("wagtailsearchpromotions:add")).content.decode()
    assert "Choose from popular search terms" in form
    assert reverse("wagtailsearchpromotions:chooser") == "/admin/searchpicks/queries/chooser/"
    assert chooser(client) == [("traite", "7"), ("trafficking", "6"), ("okapicanary", "1")]
    assert chooser(client, q="TRAFF") == [("trafficking", "6")]
    results = client.get(reverse("wagtailsearchpromotions:chooserresults"), {"q": "okapi"})
    assert 'data-querystring="okapicanary"' in results.content.decode()


@pytest.mark.django_db
def test_searches_counted_in_the_cache_are_offered_at_once(client, editor, settings):
    settings.SEARCH_STATS_SECONDS = 3600  # noted in the cache, not yet written
    client.get("/api/search/", {"q": "okapicanary"})
    client.force_login(editor)
    assert chooser(client) == [("okapicanary", "1")]


@pytest.mark.django_db
def test_only_those_who_may_see_the_statistics_are_offered_them(client, searched):
    staff = User.objects.create_user("staff", "staff@example.org", "pass", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_searchpromotion"),
    )
    client.force_login(staff)
    assert chooser(client) == []


@pytest.mark.django_db
def test_wagtails_empty_search_terms_report_is_not_in_the_menu(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Popular searches" in html
    assert reverse("wagtailsearchpromotions:search_terms") not in html
