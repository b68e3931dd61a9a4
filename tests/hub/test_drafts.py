"""Reports > Drafts never published: pages begun (or autosaved) and left, for editors to clean."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from resources.models import GuidancePage
from tests.conftest import make_user
from tests.resources.test_admin import page_form


def create_draft(client, library, title, days_ago):
    url = reverse("wagtailadmin_pages:add", args=("resources", "guidancepage", library.pk))
    response = client.post(url, page_form(title, title.lower().replace(" ", "-")))
    assert response.status_code == 302
    page = GuidancePage.objects.get(title_en=title)
    edited = timezone.now() - timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(latest_revision_created_at=edited)
    return page


def report(client, **params):
    response = client.get(reverse("drafts_report"), params)
    assert response.status_code == 200
    return response


def listed(response):
    return [row.page.pk for row in response.context["object_list"]]


@pytest.mark.django_db
def test_drafts_left_for_a_month_are_listed_oldest_first(client, editor, library, resources):
    client.force_login(editor)
    old = create_draft(client, library, "Begun in spring", days_ago=90)
    older = create_draft(client, library, "Begun last year", days_ago=400)
    recent = create_draft(client, library, "Begun this week", days_ago=3)
    # A published page, and one published once then unpublished, are no abandoned drafts.
    unpublished = resources["what-is-human-trafficking-leaflet"]
    unpublished.unpublish()
    Page.objects.filter(pk=unpublished.pk).update(
        latest_revision_created_at=timezone.now() - timedelta(days=200)
    )

    response = report(client)

    assert listed(response) == [older.pk, old.pk]
    html = response.content.decode()
    assert "Drafts never published" in html
    assert f'href="{reverse("wagtailadmin_pages:edit", args=(old.pk,))}"' in html
    assert f'href="{reverse("wagtailadmin_pages:edit", args=(recent.pk,))}"' not in html
    # Over a shorter span the recent one shows too.
    assert listed(report(client, days="2")) == [older.pk, old.pk, recent.pk]


@pytest.mark.django_db
def test_editors_may_delete_their_own_drafts_from_the_report(client, editor, library):
    other = make_user("other-editor", "Editors")
    client.force_login(other)
    theirs = create_draft(client, library, "Begun by someone else", days_ago=60)
    client.force_login(editor)
    mine = create_draft(client, library, "Begun by me", days_ago=60)

    response = report(client)

    rows = {row.page.pk: row for row in response.context["object_list"]}
    assert rows[mine.pk].owner == "editor"
    assert rows[theirs.pk].owner == "other-editor"
    html = response.content.decode()
    delete_mine = reverse("wagtailadmin_pages:delete", args=(mine.pk,))
    assert f'href="{delete_mine}"' in html
    assert rows[mine.pk].can_delete
    # What the link shows is what Wagtail lets the editor do.
    assert client.get(delete_mine).status_code == 200
    delete_theirs = reverse("wagtailadmin_pages:delete", args=(theirs.pk,))
    assert (f'href="{delete_theirs}"' in html) == rows[theirs.pk].can_delete


@pytest.mark.django_db
def test_a_bad_number_of_days_is_said_and_the_default_used(client, editor, library):
    client.force_login(editor)
    old = create_draft(client, library, "Begun in spring", days_ago=90)
    for value, message in (
        ("soon", "days must be a whole number"),
        ("0", "days must be at least 1"),
        ("٣", "days must be a whole number"),
    ):
        response = report(client, days=value)
        assert message in response.content.decode()
        assert listed(response) == [old.pk]


@pytest.mark.django_db
def test_the_report_exports_as_csv(client, editor, library):
    client.force_login(editor)
    create_draft(client, library, "Begun in spring", days_ago=90)
    response = client.get(reverse("drafts_report"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "Title,Kind,Created by,Last edited"
    assert "Begun in spring,guidance,editor," in text
    # The last edit in the editor's time zone, with its offset, not the database's UTC value
    # to the microsecond.
    last_edited = next(line for line in text.splitlines() if "Begun in spring" in line)
    assert re.search(r",\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d\d:\d\d\s*$", last_edited), last_edited


@pytest.mark.django_db
def test_the_report_is_for_those_who_write_pages(client, editor):
    visitor = make_user("visitor")
    visitor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(visitor)
    assert client.get(reverse("drafts_report")).status_code in (302, 403)
    client.force_login(editor)
    reports_menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Drafts never published" in reports_menu


@pytest.mark.django_db
def test_with_no_draft_left_the_report_says_so(client, editor):
    client.force_login(editor)
    response = report(client, days="7")
    assert listed(response) == []
    assert "No draft has been left unpublished for 7 days or more." in response.content.decode()
