"""Dates and times in the admin as the editor reads them: their language's formats, their time
zone (Account > Preferences), named where a time is typed or exported."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from network.factories import ContactPointFactory
from network.models import NationalSociety
from search.models import QueryStat
from tests.resources.test_admin import page_form

UTC = datetime.UTC
SEARCHED = datetime.datetime(2026, 12, 1, 15, 4, tzinfo=UTC)


def prefer(user, language, zone):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.current_time_zone = zone
    profile.save()


@pytest.fixture
def new_york_editor(client, editor):
    prefer(editor, "en", "America/New_York")
    client.force_login(editor)
    return client


def export(client, url, kind):
    response = client.get(url, {"export": kind})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
def test_a_report_shows_times_in_the_editors_language_and_time_zone(client, editor):
    prefer(editor, "fr", "Europe/Paris")
    client.force_login(editor)
    QueryStat.objects.create(query="traite", language="fr", searches=3, last_searched=SEARCHED)
    html = client.get(reverse("search_popular_queries")).content.decode()
    assert "1 décembre 2026 16:04" in html
    assert "Dernière recherche (Europe/Paris)</th>" in html
    heading, row = export(client, reverse("search_popular_queries"), "csv")
    assert heading[-1] == "Dernière recherche (Europe/Paris)"
    assert row[-1] == "2026-12-01 16:04+01:00"


@pytest.mark.django_db
def test_exports_write_times_in_the_editors_time_zone_and_say_which(new_york_editor):
    QueryStat.objects.create(query="traite", language="fr", searches=3, last_searched=SEARCHED)
    url = reverse("search_popular_queries")
    heading, row = export(new_york_editor, url, "csv")
    assert heading[-1] == "Last searched (America/New_York)"
    assert row[-1] == "2026-12-01 10:04-05:00"
    heading, row = export(new_york_editor, url, "xlsx")
    assert heading[-1] == "Last searched (America/New_York)"
    assert row[-1] == datetime.datetime(2026, 12, 1, 10, 4)


@pytest.mark.django_db
def test_contact_exports_and_the_stale_report_follow_the_time_zone(new_york_editor):
    croatian = NationalSociety.objects.get(slug="croatian-red-cross")
    # Past midnight in UTC, still the evening before in New York.
    when = datetime.datetime(2020, 3, 2, 2, 30, tzinfo=UTC)
    ContactPointFactory(society=croatian, name="Zora Zec", last_confirmed=when)
    rows = export(new_york_editor, reverse("wagtailsnippets_network_contactpoint:list"), "csv")
    heading = rows[0]
    column = heading.index("Details last confirmed (America/New_York)")
    (zora,) = [row for row in rows if row[0] == "Zora Zec"]
    assert zora[column] == "2020-03-01 21:30-05:00"
    html = new_york_editor.get(reverse("network_stale_profiles")).content.decode()
    assert "March 1, 2020" in html


@pytest.mark.django_db
def test_the_schedule_says_which_time_zone_its_times_are_in(new_york_editor, library, editor):
    add_url = reverse("wagtailadmin_pages:add", args=("resources", "toolpage", library.pk))
    data = page_form("Timed tool", "timed-tool", {"format": "template"})
    data["go_live_at"] = "2027-01-05 09:30"
    response = new_york_editor.post(add_url, data)
    assert response.status_code == 302
    page = Page.objects.get(slug_en="timed-tool").specific
    # Typed in New York's time, stored in UTC.
    assert page.go_live_at == datetime.datetime(2027, 1, 5, 14, 30, tzinfo=UTC)

    html = new_york_editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Dates and times are in America/New_York" in html
    assert 'name="go_live_at" value="2027-01-05 09:30"' in html

    prefer(editor, "en", "")  # no time zone of their own: the site's (TIME_ZONE)
    html = new_york_editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Dates and times are in UTC" in html
    assert 'name="go_live_at" value="2027-01-05 14:30"' in html
