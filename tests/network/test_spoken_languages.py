"""The languages focal points speak: ISO 639, picked without JavaScript, named in the reader's
language, on the profile, in the admin, the directory and the import; and the reminders and
invitations around a profile."""

import importlib
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from network.factories import ContactPointFactory
from network.models import ContactPoint

SURVIVORS = ["ti", "am", "so", "fa", "prs", "ps", "ku", "ckb", "kmr", "wo", "ha", "tl", "sq", "vi"]


def profile_data(contact, languages):
    return {
        "name": contact.name,
        "role_en": contact.role_en or "",
        "email": contact.email,
        "phone": contact.phone,
        "languages": languages,
        "profile_visibility": contact.profile_visibility,
        "email_visibility": contact.email_visibility,
        "phone_visibility": contact.phone_visibility,
        "preferred_language": contact.preferred_language,
    }


def picker(html):
    """(code, label, checked) of each checkbox of the languages picker, in page order."""
    soup = BeautifulSoup(html, "html.parser")
    boxes = soup.select('.language-picker input[type=checkbox][name="languages"]')
    return [
        (box["value"], box.find_parent("label").get_text(" ", strip=True), box.has_attr("checked"))
        for box in boxes
    ]


@pytest.mark.django_db
def test_a_member_picks_the_languages_survivors_speak_without_javascript(client, member):
    contact = ContactPointFactory(user=member, email="ana@example.org", languages=["hr"])
    client.force_login(member)

    html = client.get("/fr/network/profile/").content.decode()
    boxes = picker(html)
    codes = [code for code, _label, _checked in boxes]
    assert set(SURVIVORS) <= set(codes)
    assert boxes[0][0] == "hr" and boxes[0][2]  # what the member chose comes first, ticked
    labels = {code: label for code, label, _checked in boxes}
    assert labels["ti"] == "Tigrigna (ትግርኛ)"  # in French, with the language's own name
    assert labels["de"].startswith("Allemand")
    # The others in the alphabetical order of their French names, accents aside.
    names = [label.split(" (")[0] for _code, label, _checked in boxes[1:]]
    assert names.index("Allemand") < names.index("Amharique") < names.index("Anglais")
    assert names.index("Éwé") < names.index("Féroïen")  # "É" sorts as "E"

    response = client.post("/fr/network/profile/", profile_data(contact, ["ti", "prs", "kmr"]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.languages == ["ti", "prs", "kmr"]
    again = picker(client.get("/ar/network/profile/").content.decode())
    assert {code for code, _label, checked in again if checked} == {"ti", "prs", "kmr"}
    assert [code for code, _label, _checked in again[:3]] != ["ab", "aa", "af"]  # chosen first


@pytest.mark.django_db
def test_the_profile_refuses_a_code_it_does_not_offer(client, member):
    contact = ContactPointFactory(user=member, email="ana@example.org", languages=["hr"])
    client.force_login(member)
    response = client.post("/en/network/profile/", profile_data(contact, ["hr", "klingon"]))
    assert response.status_code == 200
    assert "klingon is not one of the available choices" in response.content.decode()
    contact.refresh_from_db()
    assert contact.languages == ["hr"]


@pytest.mark.django_db
def test_the_admin_picks_languages_the_same_way(client, network_editor):
    contact = ContactPointFactory(name="Sara Tesfay", email="sara@example.org", languages=["en"])
    client.force_login(network_editor)
    url = reverse("wagtailsnippets_network_contactpoint:edit", args=[contact.pk])
    boxes = picker(client.get(url).content.decode())
    assert ("ti", "Tigrinya (ትግርኛ)", False) in boxes and boxes[0] == ("en", "English", True)

    from tests.network.test_admin_side import contact_form

    response = client.post(url, contact_form(contact, languages=["ti", "am"]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.languages == ["ti", "am"]


@pytest.mark.django_db
def test_the_directory_finds_and_names_them_in_the_readers_language(client):
    ContactPointFactory(name="Tigrinya Speaker", profile_visibility="public", languages=["ti"])
    ContactPointFactory(name="Dari Speaker", profile_visibility="public", languages=["prs", "fa"])

    def names(params):
        return {c["name"] for c in client.get("/api/contacts/", params).json()["results"]}

    assert names({"language": "ti"}) == {"Tigrinya Speaker"}
    assert names({"language": "TIR"}) == {"Tigrinya Speaker"}  # ISO 639-2 stands for "ti"
    assert names({"language": "prs"}) == {"Dari Speaker"}
    response = client.get("/api/contacts/", {"language": "xx"})
    assert response.status_code == 400 and response.json()["parameter"] == "language"

    page = BeautifulSoup(client.get("/fr/network/").content, "html.parser")
    options = [option.get_text() for option in page.select("#dir-language option")]
    assert "Tigrigna" in options and "Persan" in options and "Dari" in options
    cards = page.get_text(" ")
    assert "Tigrigna" in cards


def import_contacts(tmp_path, records):
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_contacts", str(path), stdout=out, stderr=err)
    except CommandError as error:
        return err.getvalue() + str(error)
    return out.getvalue()


@pytest.mark.django_db
def test_import_contacts_stores_iso_codes_and_names_those_it_refuses(tmp_path):
    base = {"society": "croatian-red-cross"}
    records = [
        {**base, "name": "Codes As Given", "languages": ["TIR", "prs", "wo", "iw", "ckb"]},
        {**base, "name": "Made Up", "languages": ["ti", "xx", "zz-ZZ"]},
        {**base, "name": "One Bad", "languages": ["qaa"]},
    ]
    report = import_contacts(tmp_path, records)
    assert "1 created, 0 updated, 0 unchanged, 2 failed" in report
    assert ContactPoint.objects.get(name="Codes As Given").languages == [
        "ti", "prs", "wo", "he", "ckb"
    ]  # fmt: skip
    assert 'Record 2 (Made Up): "languages": "xx", "zz-ZZ" are not ISO 639 codes' in report
    assert 'Record 3 (One Bad): "languages": "qaa" is not an ISO 639 code' in report


def test_stored_codes_become_iso_639_languages():
    migration = importlib.import_module("network.migrations.0009_languages_iso639_and_created_at")
    assert migration.iso_languages(["pt-br", "pt", "zh-hans", "sr-latn", "en-gb", "xx"]) == [
        "pt", "zh", "sr", "en"
    ]  # fmt: skip


def months_ago(months):
    return timezone.now() - timedelta(days=round(months * 30.44))


@pytest.mark.django_db
def test_no_reminder_for_a_profile_made_or_confirmed_within_the_interval(member, other_member):
    from tests.conftest import make_user

    ContactPointFactory(user=member, email="new@example.org")  # made today, never confirmed
    ContactPointFactory(
        user=other_member, email="confirmed@example.org", last_confirmed=months_ago(3)
    )
    made_long_ago = ContactPointFactory(user=make_user("old"), email="old@example.org")
    ContactPoint.objects.filter(pk=made_long_ago.pk).update(created_at=months_ago(13))
    before_dates = ContactPointFactory(user=make_user("legacy"), email="legacy@example.org")
    ContactPoint.objects.filter(pk=before_dates.pk).update(created_at=None)  # made before 0009

    out = io.StringIO()
    call_command("send_profile_reminders", stdout=out)
    assert "2 reminders sent" in out.getvalue()
    assert {message.to[0] for message in mail.outbox} == {"old@example.org", "legacy@example.org"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "date"),
    [("en", "Dec. 4, 2026"), ("fr", "4 décembre 2026"), ("hr", "4. prosinca 2026.")],
)
def test_the_invitation_says_when_its_link_expires(client, network_editor, language, date):
    contact = ContactPointFactory(
        name="Ivana Horvat", email="ivana@example.org", preferred_language=language
    )
    client.force_login(network_editor)
    with freeze_time(datetime(2026, 12, 1, 9, 30, tzinfo=UTC)):
        client.post(reverse("network_invite", args=[contact.pk]))
    body = mail.outbox[0].body
    assert date in body and "UTC" in body  # three days later (PASSWORD_RESET_TIMEOUT)
    assert re.search(r"https?://\S+", body)
    assert "&#x27;" not in body and "&amp;" not in body  # a text email, not HTML
