"""Index work as tasks (search.tasks): with the database backend a publish queues it and
returns, and the worker (`manage.py db_worker`) makes the change searchable."""

import logging
import signal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from wagtail.documents.models import Document

from hub.demo.pdf import text_pdf
from resources.models import ResourceAttachment
from search import documents
from tests.search.test_contract import LEAFLET, run

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
WORKER_LOGGERS = ("django_tasks", "django_tasks_db")


@pytest.fixture
def queued(settings, demo_hub, backend):
    """Tasks queued in the database, as in production (TASKS_BACKEND=database). The worker
    runs in transactions of its own, so these tests commit theirs (`demo_hub`)."""
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """What the compose file's worker service does, until the queue is empty."""
    handlers = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
    levels = {name: logging.getLogger(name).level for name in WORKER_LOGGERS}
    try:
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )
    finally:  # the worker takes over the process's signals and its loggers' levels
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def index_tasks(status):
    return DBTaskResult.objects.filter(task_path__startswith="search.tasks.", status=status)


@pytest.fixture
def pdfs_read(monkeypatch):
    """How many PDFs have had their text read so far."""
    calls = []
    real = documents.pdf_text

    def counted(document):
        calls.append(document.pk)
        return real(document)

    monkeypatch.setattr(documents, "pdf_text", counted)
    return calls


def attach_pdf(page, word, pages=1):
    document = Document(title="Leaflet (Spanish print version)")
    paragraphs = [f"Line {number} of the leaflet." for number in range(pages * 24)]
    document.file.save("leaflet-es.pdf", ContentFile(text_pdf("Folleto", [word, *paragraphs])))
    page.resource_attachments.add(ResourceAttachment(document=document, language="es"))


def test_a_publish_queues_the_pdf_reading_and_the_worker_makes_it_searchable(
    queued, resources, pdfs_read
):
    page = resources[LEAFLET]
    attach_pdf(page, "Quetzalcanary helpline", pages=3)

    page.save_revision().publish()

    assert pdfs_read == []  # the editor did not wait for the PDF
    assert run("quetzalcanary", lang="es").total == 0
    assert index_tasks("READY").count() == 1

    run_worker()

    assert len(pdfs_read) == 1
    assert [result.id for result in run("quetzalcanary", lang="es").results] == [page.pk]
    assert index_tasks("READY").count() == 0
    assert index_tasks("SUCCESSFUL").count() == 1


def test_tasks_run_late_leave_the_index_as_the_pages_are(queued, resources):
    page = resources[LEAFLET]
    page.title_en = "What is human trafficking? A pelicanary leaflet"
    page.save_revision().publish()
    page.unpublish()  # before the worker has run the publish's task

    run_worker()

    assert run("pelicanary").total == 0
    assert page.pk not in [result.id for result in run().results]

    page.save_revision().publish()
    run_worker()
    assert [result.id for result in run("pelicanary").results] == [page.pk]


def test_a_failing_task_is_logged_marked_failed_and_leaves_the_publish(
    queued, resources, settings, caplog
):
    from search import service

    page = resources[LEAFLET]
    page.summary_en = "Updated while the search server is down."
    page.save_revision().publish()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    service.get_backend.cache_clear()

    with caplog.at_level(logging.ERROR, logger="search.tasks"):
        run_worker()

    page.refresh_from_db()
    assert page.live and page.summary_en == "Updated while the search server is down."
    assert "rebuild_search_index" in caplog.text
    assert index_tasks("FAILED").count() == 1
