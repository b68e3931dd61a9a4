"""Email members whose profile was not confirmed for PROFILE_REMINDER_MONTHS (cron-ready).

A profile made within that time is as fresh as one confirmed within it: neither is reminded.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from network.invitations import remind
from network.models import ContactPoint, months_ago


class Command(BaseCommand):
    help = (
        "Send a reminder, with a one-click confirmation link, to every member whose profile "
        "was neither created nor confirmed within PROFILE_REMINDER_MONTHS (default 12). A "
        "member is reminded at most once every --interval days (default 30). Run it daily "
        "from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=30)
        parser.add_argument("--dry-run", action="store_true", help="List, do not send.")

    def handle(self, *args, interval, dry_run, **options):
        now = timezone.now()
        stale = months_ago(settings.PROFILE_REMINDER_MONTHS, now)
        contacts = (
            ContactPoint.objects.filter(user__isnull=False, user__is_active=True)
            # Confirmed long ago, or never confirmed and made long ago (or before this was kept).
            .filter(
                Q(last_confirmed__lt=stale)
                | Q(last_confirmed__isnull=True, created_at__lt=stale)
                | Q(last_confirmed__isnull=True, created_at__isnull=True)
            )
            .filter(
                Q(reminder_sent_at__isnull=True)
                | Q(reminder_sent_at__lt=now - timedelta(days=interval))
            )
            .exclude(email="", user__email="")
            .select_related("society", "user")
        )
        sent = 0
        for contact in contacts:
            if dry_run:
                self.stdout.write(f"Would remind {contact} ({contact.preferred_language})")
                continue
            remind(contact)
            sent += 1
        self.stdout.write(self.style.SUCCESS(f"{sent} reminders sent."))
