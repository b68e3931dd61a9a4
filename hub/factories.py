"""Factories for the hub app's pages."""

import factory
import wagtail_factories

from hub.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "An introduction."

    class Meta:
        model = StandardPage
