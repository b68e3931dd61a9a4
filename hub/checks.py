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
