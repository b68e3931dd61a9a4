"""Emails name the National Society as the member's language writes it after "of"."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from network.factories import ContactPointFactory
from network.grammar import of_society
from network.models import NationalSociety


@pytest.mark.parametrize(
    ("name", "language", "phrase"),
    [
        ("British Red Cross", "en", "of the British Red Cross"),
        ("The Netherlands Red Cross", "en", "of the Netherlands Red Cross"),
        ("Magen David Adom", "en", "of Magen David Adom"),
        ("Croix-Rouge française", "fr", "de la Croix-Rouge française"),
        ("Croissant-Rouge algérien", "fr", "du Croissant-Rouge algérien"),
        ("Société du Croissant-Rouge libyen", "fr", "de la Société du Croissant-Rouge libyen"),
        ("La Croix-Rouge de Belgique", "fr", "de la Croix-Rouge de Belgique"),
        ("Le Croissant-Rouge", "fr", "du Croissant-Rouge"),
        ("Association de la Croix-Rouge", "fr", "de l'Association de la Croix-Rouge"),
        ("Emirates Red Crescent", "fr", "d'Emirates Red Crescent"),
        ("Magen David Adom", "fr", "de Magen David Adom"),
        ("Cruz Roja Española", "es", "de la Cruz Roja Española"),
        ("Media Luna Roja Argelina", "es", "de la Media Luna Roja Argelina"),
        ("El Comité Internacional", "es", "del Comité Internacional"),
        ("Nederlandse Rode Kruis", "nl", "van het Nederlandse Rode Kruis"),
        ("Rode Halve Maan", "nl", "van de Rode Halve Maan"),
        ("Het Rode Kruis", "nl", "van het Rode Kruis"),
        ("Hrvatski Crveni križ", "hr", "Hrvatski Crveni križ"),
        ("الصليب الأحمر البريطاني", "ar", "الصليب الأحمر البريطاني"),
    ],
)
def test_a_society_after_of(name, language, phrase):
    assert of_society(name, language) == phrase


def invitation(client, editor, language, society):
    contact = ContactPointFactory(
        name="Camille Martin",
        email="camille@example.org",
        preferred_language=language,
        society=NationalSociety.objects.get(slug=society),
    )
    client.force_login(editor)
    client.post(reverse("network_invite", args=[contact.pk]))
    (message,) = mail.outbox
    return message


@pytest.mark.django_db
def test_the_english_invitation_names_the_society_with_its_article(client, editor):
    message = invitation(client, editor, "en", "british-red-cross")
    assert message.body.startswith("Hello Camille Martin,")
    assert "You are listed as a focal point of the British Red Cross in the network" in message.body


@pytest.mark.django_db
def test_the_french_invitation_names_the_society_as_french_does(client, editor):
    message = invitation(client, editor, "fr", "french-red-cross")
    with translation.override("fr"):
        subject = translation.gettext("You are invited to the Hub's network directory")
    assert message.subject == subject
    assert message.body.startswith("Bonjour Camille Martin,")
    assert "de la Croix-Rouge française" in message.body
    for wrong in ("de Croix-Rouge", "pour Croix-Rouge", "of Croix-Rouge"):
        assert wrong not in message.body
