"""Write a backup of the database and the media files to a .tar.gz."""

import time

from django.core.management.base import BaseCommand

from hub import backups


class Command(BaseCommand):
    help = "Back up the database (as JSON) and the media files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="Archive to write (default: hub-backup-<date>.tar.gz)"
        )

    def handle(self, *args, output=None, **options):
        path = output or time.strftime("hub-backup-%Y%m%d-%H%M%S.tar.gz")
        objects, files = backups.create(path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}: {objects} records, {files} files."))
