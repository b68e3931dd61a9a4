"""Rebuild the Hub's search index from the live resources (either backend)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import service
from search.documents import count_live_resources


class Command(BaseCommand):
    help = (
        "Rebuild the search index: a new index is built and swapped in when complete "
        "(Elasticsearch: a new index behind the alias; database: one transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, no_progress=False, **options):
        with tqdm(
            total=count_live_resources(),
            unit="resource",
            desc="Indexing",
            disable=no_progress or None,
            file=self.stderr._out,
        ) as progress:
            total = service.rebuild(progress=progress)
        backend = service.get_backend().name
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} resources ({backend} backend)."))
