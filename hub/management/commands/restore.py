"""Restore a backup written by `backup`: replaces the database's content and media files."""

import sys

from django.core.management.base import BaseCommand, CommandError

from hub import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made with `backup` into a migrated database: its content is "
        "REPLACED (run `migrate` first on a new database). The search index is rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="Do not ask to confirm (for cron and scripts, which have no terminal).",
        )

    def handle(self, *args, archive, noinput=False, **options):
        if not noinput:
            if not sys.stdin or not sys.stdin.isatty():
                raise CommandError(
                    "Restore replaces everything in the database and asks to confirm, but "
                    "there is no terminal to answer: run it with --noinput."
                )
            try:
                answer = input("This replaces everything in the database. Type 'yes' to go on: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            objects, files = backups.restore(archive)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {objects} records and {files} files."))
