from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from hub import (
            checks,  # noqa: F401 - registers the deploy checks
            signals,
        )

        signals.connect()
