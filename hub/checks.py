"""Deploy checks (`manage.py check --deploy`) for what Django's own do not know of."""

from django.conf import settings
from django.core import checks

# Backends that write every message, password-reset and invitation links included, where
# others read it: the console (the server's logs), memory, files.
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every email to the logs",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every email in memory, unsent",
    "django.core.mail.backends.filebased.EmailBackend": "writes every email to files",
}


@checks.register(checks.Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs):
    reason = UNSENT_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if reason is None:
        return []
    return [
        checks.Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {reason}: password-reset "
            "and invitation links would land there instead of in members' mailboxes.",
            hint="Set EMAIL_URL to your mail server, e.g. smtp+tls://user:pass@host:587.",
            id="hub.E001",
        )
    ]


# Caches that each process keeps for itself, or that keep nothing: rate limits (page and
# collection passwords, password resets, the APIs) would count per process, and a flood of
# cheap requests would evict their counters.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "is kept by each process for itself",
    "django.core.cache.backends.dummy.DummyCache": "keeps nothing",
}


@checks.register("caches", deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    reason = UNSHARED_CACHES.get(backend)
    if reason is None:
        return []
    return [
        checks.Error(
            f"The cache ({backend}) {reason}: the limits on password guesses, password "
            "resets and the APIs would count per process, and a flood of requests would "
            "evict their counters.",
            hint="Set CACHE_URL to the Redis server the workers share, e.g. "
            "redis://127.0.0.1:6379/1.",
            id="hub.E002",
        )
    ]


@checks.register(deploy=True)
def check_task_backend(app_configs, **kwargs):
    """Index work (search.tasks) in the editor's request: a publish waits for the text of every
    attached PDF and for the search server."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks.backends.immediate.ImmediateBackend":
        return []
    return [
        checks.Warning(
            "Tasks run with the immediate backend: each publish waits while the text of its "
            "PDFs is read and the search index is written, and a slow search server slows "
            "every editor.",
            hint="Set TASKS_BACKEND=database and run `manage.py db_worker` beside the web "
            "workers (docker-compose.yml's worker service).",
            id="hub.W001",
        )
    ]
