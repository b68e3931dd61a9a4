from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "hub_search"
    verbose_name = _("Search")

    def ready(self):
        from search import (
            checks,  # noqa: F401 - registers the system checks
            signals,
        )

        signals.connect()
