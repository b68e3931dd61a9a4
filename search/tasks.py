"""Index work as tasks (django-tasks): building documents, reading the text of attached PDFs
and writing to the backend happen outside the editor's request.

search.signals enqueues them once the transaction commits (`enqueue`). With the immediate
backend (the default, settings.TASKS) they run there and then, in the same process; with the
database backend (TASKS_BACKEND=database) they are queued and `manage.py db_worker` runs them,
so a publish returns at once, however large its PDFs or slow the search server.

Each task takes ids or a tree path (task arguments are stored as JSON) and reads the pages as
they are when it runs, not as they were when it was queued: tasks that run late or out of
order still leave the index as the pages are. A task that fails is logged and marked failed;
`rebuild_search_index` repairs whatever it missed, and searches check every hit against the
page tree as it is meanwhile (search.service.search).
"""

import logging
from contextlib import contextmanager
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_tasks import task
from wagtail.models import Page

from search import documents, service

logger = logging.getLogger(__name__)


def enqueue(job, *args):
    """Queue `job` with `args` once the current transaction commits (at once outside one): a
    rolled-back change never reaches the index, and a failure to queue is logged and never
    fails the change that asked for it (`robust`)."""
    transaction.on_commit(partial(job.enqueue, *args), robust=True)


@contextmanager
def _reported(description):
    try:
        yield
    except Exception:
        logger.exception("Search index update failed (%s); run rebuild_search_index", description)
        raise  # the task is marked failed, where the worker's results show it


def _resource_pages(page_ids):
    """The resource pages among `page_ids`, loaded with what indexing reads, and the ids that
    no page has any more."""
    from resources.models import KIND_MODELS

    types = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"))
    pages = []
    for model in KIND_MODELS.values():
        if ContentType.objects.get_for_model(model).pk in types.values():
            pages.extend(documents.prefetched(model.objects.filter(pk__in=page_ids)))
    return pages, [page_id for page_id in page_ids if page_id not in types]


@task()
def index_pages(page_ids):
    """Bring these pages into the index as they are now: live resources (re)indexed, resources
    no longer live and pages no longer there removed, other pages left alone."""
    shown = ", ".join(map(str, page_ids[:10])) + (" and more" if len(page_ids) > 10 else "")
    with _reported(f"pages {shown}"):
        pages, gone = _resource_pages(list(page_ids))
        if pages:
            service.index_pages(pages)
        if gone:
            service.remove_pages(gone)


@task()
def update_access_under(path):
    """A view restriction changed at the page at tree path `path`: the resources at and under
    it get their access token as it is now."""
    with _reported(f"restriction on {path}"):
        service.update_access_under(path)
