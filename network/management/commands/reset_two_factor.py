"""Remove an account's authenticator apps (a lost phone), so that it enrols again."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove the two-step verification devices of an account (username or email), for "
        "someone who lost their phone: at the next sign-in they set up a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("account", help="username or email address")

    def handle(self, *args, account, **options):
        from network.auth import account_for

        user = account_for(account.strip())
        if user is None:
            raise CommandError(f"No account is called or has the email {account!r}.")
        deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {deleted} device(s) of {user.get_username()}.")
