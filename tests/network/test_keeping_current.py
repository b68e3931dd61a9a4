"""Invitations, reminders with one-click confirmation, the stale report, the dashboard, and
the bulk import of contact points."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from network.factories import ContactPointFactory
from network.models import ContactPoint


def months_ago(months):
    return timezone.now() - timedelta(days=round(months * 30.44))


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.mark.django_db
def test_editor_invites_a_focal_point(client, network_editor):
    contact = ContactPointFactory(
        name="Ivana Horvat", email="ivana@example.org", preferred_language="hr"
    )
    client.force_login(network_editor)
    url = reverse("network_invite", args=[contact.pk])
    assert "ivana@example.org" in client.get(url).content.decode()
    client.post(url)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ivana@example.org"]
    assert "Hub" in message.subject and "network" not in message.subject.lower()  # Croatian
    contact.refresh_from_db()
    assert contact.user is not None and not contact.user.has_usable_password()

    client.logout()
    link = link_in(message).replace("http://127.0.0.1:8000", "")
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    response = client.post(
        set_url, {"new_password1": "Zagreb-2026-focal", "new_password2": "Zagreb-2026-focal"}
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/hr/network/login/", {"username": "ivana@example.org", "password": "Zagreb-2026-focal"}
        ).status_code
        == 302
    )
    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert "already been used" in again.content.decode() or not again.context["validlink"]


@pytest.mark.django_db
def test_reminders_go_to_stale_profiles_in_their_language(member, other_member):
    stale = ContactPointFactory(
        user=member,
        email="stale@example.org",
        preferred_language="fr",
        last_confirmed=months_ago(13),
    )
    never = ContactPointFactory(
        user=other_member, email="never@example.org", preferred_language="nl"
    )
    ContactPointFactory(email="fresh@example.org", last_confirmed=months_ago(2))  # recent
    ContactPointFactory(email="nouser@example.org", last_confirmed=None)  # no account: invite first

    out = io.StringIO()
    call_command("send_profile_reminders", stdout=out)

    assert "2 reminders sent" in out.getvalue()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"stale@example.org", "never@example.org"}
    assert "coordonnées" in by_address["stale@example.org"].subject  # French
    assert "/fr/network/confirm/" in by_address["stale@example.org"].body
    assert "/nl/network/confirm/" in by_address["never@example.org"].body
    stale.refresh_from_db()
    assert stale.reminder_sent_at is not None

    # Not again the next day.
    mail.outbox.clear()
    call_command("send_profile_reminders", stdout=io.StringIO())
    assert mail.outbox == []
    del never


@pytest.mark.django_db
def test_confirm_link_works_once(client, member):
    contact = ContactPointFactory(
        user=member, email="ana@example.org", last_confirmed=months_ago(14)
    )
    call_command("send_profile_reminders", stdout=io.StringIO())
    link = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")

    page = client.get(link)
    assert page.status_code == 200
    assert "ana@example.org" in page.content.decode()  # the member sees what they confirm
    assert client.post(link).status_code == 200
    contact.refresh_from_db()
    assert contact.confirmed_recently

    used = client.post(link)
    assert used.status_code == 410
    assert "already been used" in used.content.decode()


@pytest.mark.django_db
def test_confirm_link_expires(client, member):
    ContactPointFactory(user=member, email="ana@example.org", last_confirmed=months_ago(14))
    call_command("send_profile_reminders", stdout=io.StringIO())
    link = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    with freeze_time(timezone.now() + timedelta(days=31)):
        response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert client.get(link[:-3] + "abc/").status_code == 410  # tampered


@pytest.mark.django_db
def test_directory_marks_profiles_not_confirmed_recently(client):
    ContactPointFactory(
        name="Old Confirmation", profile_visibility="public", last_confirmed=months_ago(19)
    )
    ContactPointFactory(
        name="Recent Confirmation", profile_visibility="public", last_confirmed=months_ago(1)
    )
    html = client.get("/en/network/").content.decode()
    cards = dict(re.findall(r'<h3 class="card-title">([^<]+)</h3>(.*?)</article>', html, re.S))
    assert "Not confirmed recently" in cards["Old Confirmation"]
    assert "Not confirmed recently" not in cards["Recent Confirmation"]


@pytest.mark.django_db
def test_stale_report_and_dashboard_figure(client, network_editor):
    ContactPoint.objects.all().delete()  # start without the demo's contact point
    ContactPointFactory(name="Stale One", last_confirmed=months_ago(13))
    ContactPointFactory(name="Fresh One", last_confirmed=months_ago(3))
    ContactPointFactory(name="Fresh Two", last_confirmed=months_ago(1))
    ContactPointFactory(name="Never One", last_confirmed=None)
    client.force_login(network_editor)
    report = client.get(reverse("network_stale_profiles")).content.decode()
    assert "Stale One" in report and "Never One" in report and "Fresh One" not in report
    dashboard = client.get("/admin/").content.decode()
    assert "50% of profiles confirmed in the last 12 months (2 of 4)" in dashboard


@pytest.mark.django_db
def test_directory_filters(client):
    ContactPointFactory(name="Split Speaker", profile_visibility="public", languages=["hr", "it"])
    ContactPointFactory(
        name="Paris Speaker",
        profile_visibility="public",
        languages=["fr"],
        society=ContactPoint._meta.get_field("society").related_model.objects.get(
            slug="french-red-cross"
        ),
    )

    def names(params):
        data = client.get("/api/contacts/", params).json()
        return {contact["name"] for contact in data["results"]}

    assert names({"language": "hr"}) == {"Split Speaker"}
    assert names({"country": "FR"}) == {"Paris Speaker"}
    assert names({"society": "french-red-cross"}) == {"Paris Speaker"}
    assert names({"q": "paris"}) == {"Paris Speaker"}
    assert client.get("/api/contacts/", {"country": "XX"}).status_code == 400
    assert client.get("/api/contacts/", {"page_size": "500"}).json()["parameter"] == "page_size"
    for name in ("q", "society", "expertise"):  # a NUL byte would reach the database
        response = client.get("/api/contacts/", {name: "par\x00is"})
        assert response.status_code == 400 and response.json()["parameter"] == name
        assert client.get("/en/network/", {name: "\x00"}).status_code == 400
    html = client.get("/en/network/", {"language": "hr"}).content.decode()
    assert "Split Speaker" in html and "Paris Speaker" not in html


def run_import(tmp_path, records):
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_contacts", str(path), stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


GOOD = {
    "name": "Marko Marić",
    "society": "Hrvatski Crveni križ",
    "country": "HR",
    "role": {"en": "Focal point", "hr": "Kontakt osoba"},
    "email": "marko@example.org",
    "phone": "+385 1 234",
    "languages": ["hr", "en"],
    "expertise": ["identification", "new-expertise"],
    "profile_visibility": "public",
    "email_visibility": "network",
    "phone_visibility": "editors",
    "user": "marko",
}


@pytest.mark.django_db
def test_import_contacts_with_bad_records(tmp_path):
    records = [
        GOOD,
        {**GOOD, "name": "", "email": "x@example.org", "user": None},
        {**GOOD, "name": "Wrong Country", "country": "FR", "user": None, "email": "w@example.org"},
        {**GOOD, "name": "Bad Email", "email": "not-an-email", "user": None},
        {
            **GOOD,
            "name": "Bad Visibility",
            "email_visibility": "friends",
            "user": None,
            "email": "v@example.org",
        },
        {**GOOD, "name": "Unknown Society", "society": "Atlantis Red Cross", "user": None},
        {**GOOD, "name": "Same Person"},
        {"name": "Lea Public", "society": "french-red-cross", "languages": ["fr"]},
    ]
    ok, out, err = run_import(tmp_path, records)
    assert not ok
    assert "2 created, 0 updated, 0 unchanged, 6 failed" in err
    assert 'Record 2 (): "name" is required' in err
    assert 'Record 3 (Wrong Country): "Croatian Red Cross" is in HR, not in FR' in err
    assert 'Record 4 (Bad Email): "not-an-email" is not a valid email address' in err
    assert 'Record 5 (Bad Visibility): "email_visibility" must be one of' in err
    assert (
        'Record 6 (Unknown Society): "society": unknown National Society "Atlantis Red Cross"'
    ) in err
    assert "Record 7 (Same Person): the same person as record 1" in err

    marko = ContactPoint.objects.get(email="marko@example.org")
    assert marko.role_hr == "Kontakt osoba"
    assert marko.user.username == "marko" and not marko.user.has_usable_password()
    assert sorted(t.slug for t in marko.expertise.all()) == ["identification", "new-expertise"]
    lea = ContactPoint.objects.get(name="Lea Public")
    assert lea.profile_visibility == "network"  # the default: network members only


@pytest.mark.django_db
def test_imported_contacts_name_their_society_as_resources_do(tmp_path):
    records = [
        {"name": "Nora Dutch", "society": "NL", "email": "nora@example.org"},
        {"name": "Hugo Croat", "society": "HRVATSKI CRVENI KRIŽ", "email": "hugo@example.org"},
        {"name": "Wide Open", "society": "nl", "profile_visibility": "editors",
         "email_visibility": "public", "email": "wide@example.org"},
    ]  # fmt: skip
    ok, _out, err = run_import(tmp_path, records)
    assert not ok
    assert "2 created, 0 updated, 0 unchanged, 1 failed" in err
    assert ContactPoint.objects.get(name="Nora Dutch").society.slug == "netherlands-red-cross"
    assert ContactPoint.objects.get(name="Hugo Croat").society.slug == "croatian-red-cross"
    # The model's own rule (ContactPoint.clean), named by its field.
    assert "Record 3 (Wide Open): email_visibility: This cannot be seen by more people" in err


@pytest.mark.django_db
def test_importing_contacts_twice_changes_nothing(tmp_path):
    assert run_import(tmp_path, [GOOD])[0]
    revisions = ContactPoint.objects.get(email="marko@example.org").revisions.count()
    ok, out, _err = run_import(tmp_path, [GOOD])
    assert ok and "0 created, 0 updated, 1 unchanged, 0 failed" in out
    assert ContactPoint.objects.get(email="marko@example.org").revisions.count() == revisions
    ok, out, _err = run_import(tmp_path, [{**GOOD, "phone": "+385 9 999"}])
    assert "0 created, 1 updated" in out


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["network", "editors"])
def test_confirm_link_of_a_contact_without_an_account(client, visibility):
    from network.auth import confirm_link

    contact = ContactPointFactory(
        name="Unlinked Focal Point",
        email="unlinked@example.org",
        profile_visibility=visibility,
        email_visibility=visibility,
        last_confirmed=months_ago(14),
    )
    link = confirm_link(contact).replace("http://127.0.0.1:8000", "")
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Unlinked Focal Point" in html and "unlinked@example.org" in html
    assert client.post(link).status_code == 200
    contact.refresh_from_db()
    assert contact.confirmed_recently
