"""Contact details read right in every language: numbers dialled from anywhere, left to right
inside right-to-left pages, and vCards that address books file under the right name."""

import re

import pytest
import vobject
from django.urls import reverse
from django.utils import translation

from network.factories import ContactPointFactory
from network.models import NationalSociety


@pytest.fixture
def british_contact(db):
    society = NationalSociety.objects.get(country="GB")
    contact = ContactPointFactory(
        society=society,
        name="Maria de la Cruz",
        phone="0207 877 5027",
        profile_visibility="public",
        email_visibility="public",
        phone_visibility="public",
    )
    contact.full_clean()
    contact.save()
    return contact


@pytest.mark.django_db
def test_a_phone_number_is_kept_in_international_form(british_contact):
    british_contact.refresh_from_db()
    assert british_contact.phone == "+44 20 7877 5027"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_numbers_and_addresses_stay_left_to_right_and_dial_in_e164(
    client, british_contact, language
):
    with translation.override(language):
        url = reverse("network:society", args=[british_contact.society.slug])
    html = client.get(url).content.decode()
    assert re.search(r'<a href="tel:\+442078775027" dir="ltr">\+44 20 7877 5027</a>', html)
    assert f'<a href="mailto:{british_contact.email}" dir="ltr">' in html


@pytest.mark.django_db
def test_a_vcard_files_the_contact_under_their_family_name(client, british_contact):
    response = client.get(reverse("contact_vcard", args=[british_contact.pk]))
    card = vobject.readOne(response.content.decode())
    assert card.n.value.family == "de la Cruz" and card.n.value.given == "Maria"
    assert card.tel.value == "+442078775027" and card.tel.params["TYPE"] == ["WORK"]


@pytest.mark.django_db
def test_the_migration_puts_existing_numbers_in_international_form(british_contact):
    import importlib

    from django.apps import apps

    from network.models import ContactPoint

    migration = importlib.import_module("network.migrations.0007_phones_in_international_form")
    ContactPoint.objects.filter(pk=british_contact.pk).update(phone="0207 877 5027")
    unreadable = ContactPointFactory(society=british_contact.society, phone="ask reception")
    migration.international(apps, None)
    british_contact.refresh_from_db()
    unreadable.refresh_from_db()
    assert british_contact.phone == "+44 20 7877 5027"
    assert unreadable.phone == "ask reception"


@pytest.mark.django_db
def test_the_profile_form_types_numbers_left_to_right_without_invisible_characters(client, member):
    from tests.network.test_permissions import profile_form

    contact = ContactPointFactory(
        society=NationalSociety.objects.get(country="HR"), user=member, email="amina@example.org"
    )
    client.force_login(member)
    html = client.get("/ar/network/profile/").content.decode()
    phone_input = re.search(r"<input[^>]*name=\"phone\"[^>]*>", html).group(0)
    assert 'type="tel"' in phone_input and 'dir="ltr"' in phone_input
    assert 'dir="ltr"' in re.search(r"<input[^>]*name=\"email\"[^>]*>", html).group(0)
    # A right-to-left override would show "+385 1 4655 814" as another number.
    for typed, stored in (
        ("\u202e+385 1 4655\u200b 814", "+385 1 4655 814"),
        ("\u202e116\u200b 000", "116 000"),  # a short number, kept as typed but for them
    ):
        response = client.post("/ar/network/profile/", profile_form(contact, phone=typed))
        assert response.status_code in (200, 302)
        contact.refresh_from_db()
        assert contact.phone == stored
