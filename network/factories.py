"""Factories for the network app."""

import factory

from network.models import NationalSociety


class NationalSocietyFactory(factory.django.DjangoModelFactory):
    name_en = factory.Sequence(lambda n: f"Red Cross Society {n}")
    slug = factory.Sequence(lambda n: f"society-{n}")
    country = "GB"
    atn_member = True

    class Meta:
        model = NationalSociety
