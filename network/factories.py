"""Factories for the network app."""

import factory

from network.models import ContactPoint, NationalSociety


class NationalSocietyFactory(factory.django.DjangoModelFactory):
    name_en = factory.Sequence(lambda n: f"Red Cross Society {n}")
    slug = factory.Sequence(lambda n: f"society-{n}")
    country = "GB"
    atn_member = True

    class Meta:
        model = NationalSociety


class ContactPointFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Focal Point {n}")
    society = factory.SubFactory(NationalSocietyFactory)
    role_en = "Anti-trafficking focal point"
    email = factory.Sequence(lambda n: f"focal{n}@example.org")
    phone = factory.Sequence(lambda n: f"+385 1 000 {n:04d}")
    languages = ["en"]

    class Meta:
        model = ContactPoint
