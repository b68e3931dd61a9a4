"""Write every live resource as JSON, in the format import_resources reads."""

import json

from django.core.management.base import BaseCommand

from resources.export import export_records


class Command(BaseCommand):
    help = "Export the library as a JSON list of records (to stdout, or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, output=None, **options):
        text = json.dumps(export_records(), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
