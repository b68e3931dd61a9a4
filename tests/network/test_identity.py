"""One person, one contact point: a unique email, a stable slug, and imports that never merge
two people."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from network.factories import ContactPointFactory
from network.models import ContactPoint, NationalSociety
from tests.network.test_keeping_current import run_import
from tests.network.test_permissions import profile_form

TAKEN = "This email address is already used by another contact point."


@pytest.fixture
def victim(db):
    return ContactPointFactory(
        name="Vera Victim",
        email="vera@example.org",
        society=NationalSociety.objects.get(slug="croatian-red-cross"),
        profile_visibility="editors",
    )


@pytest.fixture
def own_contact(db, member):
    return ContactPointFactory(name="Ana Member", user=member, email="ana@example.org")


@pytest.mark.django_db
def test_member_cannot_take_another_contacts_email(client, member, own_contact, victim):
    client.force_login(member)
    response = client.post(
        "/en/network/profile/", profile_form(own_contact, email="VERA@Example.org")
    )
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    own_contact.refresh_from_db()
    assert own_contact.email == "ana@example.org"


@pytest.mark.django_db
def test_the_admin_refuses_a_taken_email(client, network_editor, victim):
    client.force_login(network_editor)
    response = client.post(
        reverse("wagtailsnippets_network_contactpoint:add"),
        {
            "name": "Copy Cat",
            "society": victim.society_id,
            "role_en": "",
            "email": "Vera@example.org",
            "phone": "",
            "languages": [],
            "profile_visibility": "network",
            "email_visibility": "network",
            "phone_visibility": "network",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not ContactPoint.objects.filter(name="Copy Cat").exists()


@pytest.mark.django_db
def test_the_database_refuses_a_shared_email_in_any_case(victim):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPointFactory(email="VERA@example.org")
    # Contacts without an email address are not one person.
    ContactPointFactory(email="")
    ContactPointFactory(email="")


@pytest.mark.django_db
def test_model_validation_applies_the_privacy_rules(victim):
    contact = ContactPointFactory.build(
        society=victim.society,
        profile_visibility="editors",
        email_visibility="public",
        phone_visibility="network",
        email="VERA@EXAMPLE.ORG",
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    errors = error.value.message_dict
    assert errors["email"] == [TAKEN]
    assert "cannot be seen by more people than the profile" in errors["email_visibility"][0]
    assert "cannot be seen by more people than the profile" in errors["phone_visibility"][0]


@pytest.mark.django_db
def test_each_contact_gets_a_stable_slug(victim):
    namesake = ContactPointFactory(name="Vera Victim", email="")
    assert victim.slug == "vera-victim"
    assert namesake.slug == "vera-victim-2"
    victim.name = "Vera Renamed"
    victim.save()
    victim.refresh_from_db()
    assert victim.slug == "vera-victim"


VERA = {
    "name": "Vera Victim",
    "society": "croatian-red-cross",
    "email": "vera@example.org",
    "phone": "+385 PRIVATE",
    "role": {"en": "Safe house coordinator"},
    "profile_visibility": "editors",
    "email_visibility": "editors",
    "phone_visibility": "editors",
}


@pytest.mark.django_db
def test_import_never_writes_a_contact_into_a_member_who_took_their_email(
    tmp_path, client, member, own_contact
):
    # The member takes an address before its owner is first imported.
    client.force_login(member)
    response = client.post(
        "/en/network/profile/", profile_form(own_contact, email="vera@example.org")
    )
    assert response.status_code == 302
    ok, _out, err = run_import(tmp_path, [VERA])
    assert not ok
    message = 'the email address is used by the contact point "ana-member"'
    assert f"Record 1 (Vera Victim): {message}" in err
    own_contact.refresh_from_db()
    assert own_contact.phone != "+385 PRIVATE" and own_contact.role_en != "Safe house coordinator"
    data = client.get("/en/network/profile/my-data.json").json()
    assert "+385 PRIVATE" not in str(data)


@pytest.mark.django_db
def test_import_matches_by_slug_and_reports_a_record_that_takes_an_email(tmp_path, victim):
    other = ContactPointFactory(name="Ivo Other", email="ivo@example.org", society=victim.society)
    records = [
        # Vera's new address, by her slug: an update, not a new person.
        {**VERA, "slug": "vera-victim", "email": "vera.new@example.org"},
        # Ivo's record that claims Vera's new address: reported, not merged.
        {**VERA, "slug": other.slug, "name": "Ivo Other", "email": "VERA.NEW@example.org"},
        {**VERA, "slug": "Not a slug!"},
        {**VERA, "slug": "new-person", "name": "New Person", "email": "new@example.org"},
    ]
    ok, out, err = run_import(tmp_path, records)
    assert not ok
    assert "1 created, 1 updated, 0 unchanged, 2 failed" in err
    assert "Record 2 (Ivo Other): the same person as record 1" in err
    assert 'Record 3 (Vera Victim): "slug" must be a slug' in err
    victim.refresh_from_db()
    other.refresh_from_db()
    assert victim.email == "vera.new@example.org" and victim.phone == "+385 PRIVATE"
    assert other.email == "ivo@example.org"
    assert ContactPoint.objects.get(slug="new-person").name == "New Person"

    ivo = {**VERA, "slug": other.slug, "name": "Ivo Other", "email": "vera.new@example.org"}
    ok, _out, err = run_import(tmp_path, [ivo])
    assert not ok
    assert f"Record 1 (Ivo Other): email: {TAKEN}" in err
    other.refresh_from_db()
    assert other.email == "ivo@example.org"


WIDER = "This cannot be seen by more people than the profile itself."


@pytest.mark.django_db
def test_import_refuses_a_field_seen_more_widely_than_its_profile(tmp_path, victim):
    records = [
        {**VERA, "slug": "vera-victim", "phone": "+385 WIDER", "phone_visibility": "network"},
        {
            **VERA,
            "name": "New Person",
            "email": "new@example.org",
            "profile_visibility": "network",
            "email_visibility": "public",
            "phone_visibility": "network",
        },
    ]
    ok, _out, err = run_import(tmp_path, records)
    assert not ok
    assert "0 created, 0 updated, 0 unchanged, 2 failed" in err
    assert f"Record 1 (Vera Victim): phone_visibility: {WIDER}" in err
    assert f"Record 2 (New Person): email_visibility: {WIDER}" in err
    victim.refresh_from_db()
    assert victim.phone != "+385 WIDER"
    assert not ContactPoint.objects.filter(name="New Person").exists()


@pytest.mark.django_db
def test_import_refuses_to_guess_between_namesakes(tmp_path, victim):
    ContactPointFactory(name="Vera Victim", email="", society=victim.society)
    ok, _out, err = run_import(tmp_path, [{**VERA, "email": ""}])
    assert not ok
    assert "several contact points have this name" in err
    ok, _out, err = run_import(tmp_path, [{**VERA, "email": "vera.other@example.org"}])
    assert not ok
    assert "several contact points have this name" in err


@pytest.mark.django_db
def test_import_refuses_to_link_a_staff_account(tmp_path, administrator):
    ok, _out, err = run_import(tmp_path, [{**VERA, "user": "admin"}])
    assert not ok
    assert 'the account "admin" is a staff account' in err
    assert not ContactPoint.objects.filter(user=administrator).exists()
