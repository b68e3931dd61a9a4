"""Benchmark: publishing a resource with a long PDF attached (default 300 pages), with the
immediate task backend (the index work in the publish) and the database one (queued for the
worker, TASKS_BACKEND=database), then the worker's run of the queued work.

Prints, for each backend, the median of --repeat publishes (`save_revision().publish()` and
its commit, which is what an editor's publish does besides its form), then how long the
worker took and whether a word from the PDF's last page is searchable after it. The target
(the README's figures): a publish under a second with the database backend.

Usage: python bench/publish.py [--pages P] [--repeat R] [--database URL] [--workdir DIR]
Without --database it uses a new SQLite file in a temporary folder (or --workdir).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "trafficking survivors protection referral identification shelter assistance labour "
    "exploitation migrants volunteers indicators safety dignity recovery partners guidance "
    "interview consent support community prevention risks transit national society"
).split()
# On the PDF's last page only: one word for each backend's page, searchable once indexed.
MARKERS = {"immediate": "Zanzicoracle", "database": "Quetzaloracle"}


def long_pdf(pages, marker, seed=5):
    """A text PDF of `pages` pages of guidance-like prose, `marker` on its last line."""
    from hub.demo.pdf import LINES_PER_PAGE, text_pdf

    rng = random.Random(seed)
    paragraphs, lines = [], 2  # the title and a blank line
    while True:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
        needs = len(textwrap.wrap(paragraph, 90)) + 1  # as text_pdf wraps it, and a blank
        if lines + needs > pages * LINES_PER_PAGE - 1:  # the marker's line goes last
            break
        paragraphs.append(paragraph)
        lines += needs
    return text_pdf("Guidance for responders", [*paragraphs, marker])


def timed(action):
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", help="DATABASE_URL (default: SQLite in --workdir)")
    parser.add_argument("--workdir", help="folder for the scratch files (kept)")
    args = parser.parse_args()

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="hub-publish-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DATABASE_URL": args.database or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "false",
        "TASKS_BACKEND": "immediate",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_content"]):
        # The benchmark runs this project's own manage.py with fixed arguments.
        subprocess.run(
            [*manage, *command], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
        )

    os.environ.update(env)
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.http import QueryDict
    from django.test import override_settings
    from pypdf import PdfReader
    from wagtail.documents.models import Document

    from resources.models import KIND_MODELS, ResourceAttachment
    from search import service

    guidance = list(KIND_MODELS["guidance"].objects.live().order_by("pk")[:2])
    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    figures = {}
    for (name, backend), page in zip(backends.items(), guidance, strict=True):
        content = long_pdf(args.pages, MARKERS[name])
        document = Document(title="Guidance for responders (full text)")
        document.file.save(f"guidance-{name}.pdf", ContentFile(content))
        page.resource_attachments.add(ResourceAttachment(document=document, language="en"))
        page.save()  # attached, not yet published: not in the index

        def publish(page=page):
            page.summary_en = f"Published at {time.time()}"
            page.save_revision().publish()  # commits, then runs the commit callbacks

        def found(name=name):
            query = QueryDict(f"q={MARKERS[name].lower()}")
            return service.search(service.parse(query), record=False).total

        with override_settings(TASKS={"default": {"BACKEND": backend}}):
            before_publish = found()
            publishes = [timed(publish) for _ in range(args.repeat)]
            before_worker = found()
            worker = (
                timed(
                    lambda: call_command(
                        "db_worker", batch=True, interval=0, startup_delay=False, verbosity=0
                    )
                )
                if name == "database"
                else 0
            )
            figures[name] = (publishes, before_publish, before_worker, worker, found())
    pages = len(PdfReader(document.file.path).pages)

    print(f"database: {env['DATABASE_URL'].split(':', 1)[0]}")
    print(f"PDF: {pages} pages, {len(content) / 1024:.0f} KB, attached to a guidance page")
    for name, (publishes, before_publish, before_worker, worker, after) in figures.items():
        print(
            f"{name} backend: publish median {statistics.median(publishes):.3f} s "
            f"(min {min(publishes):.3f}, max {max(publishes):.3f}, {len(publishes)} publishes); "
            f"PDF text found before the publish: {'yes' if before_publish else 'no'}, "
            f"after it: {'yes' if before_worker else 'no'}"
        )
        if name == "database":
            print(
                f"  worker (db_worker --batch), {len(publishes)} queued publishes: {worker:.2f} s; "
                f"PDF text found after it: {'yes' if after else 'no'}"
            )
    print(f"scratch files: {workdir}")


if __name__ == "__main__":
    main()
