"""Shared fixtures: the demo hub, loaded once per test database, and users by role."""

import io
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hub import backups
from hub.models import HomePage
from resources.models import KIND_MODELS, ResourceIndexPage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo hub (rolled back after each test). Backups are kept of
    the hub as `migrate` made it and of the demo hub, so that transactional tests (live
    server, backups), after which the database is emptied, can start from either
    (`fresh_hub`, `demo_hub`)."""
    with django_db_blocker.unblock():
        backups.create(FRESH_BACKUP)
        call_command("load_demo_content", stdout=io.StringIO())
        backups.create(DEMO_BACKUP)


BACKUPS = Path(tempfile.mkdtemp(prefix="hub-tests-"))
FRESH_BACKUP = BACKUPS / "fresh.tar.gz"
DEMO_BACKUP = BACKUPS / "demo.tar.gz"


@pytest.fixture
def demo_hub(transactional_db):
    """For transactional tests: the demo hub, restored if a previous one emptied the database."""
    if not any(model.objects.exists() for model in KIND_MODELS.values()):
        backups.restore(DEMO_BACKUP)


@pytest.fixture
def fresh_hub(transactional_db):
    """For transactional tests: the hub `migrate` makes on a new database, without the demo
    (the test database before load_demo_content)."""
    backups.restore(FRESH_BACKUP)


@pytest.fixture(autouse=True)
def english():
    """A request to /fr/ leaves French active; start every test in English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def library(db):
    return ResourceIndexPage.objects.get()


@pytest.fixture
def resources(db):
    """The demo resources by English slug."""
    pages = {}
    for model in KIND_MODELS.values():
        for page in model.objects.all():
            pages[page.slug_en] = page
    return pages


@pytest.fixture
def page_cache(settings):
    """Public pages kept in the cache (hub.page_cache), as in production."""
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def page_and_queries(client, path):
    """(HTML, number of queries) of a GET that must answer 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(context.captured_queries)


def make_user(username, group=None, **flags):
    user = User.objects.create_user(username, f"{username}@example.org", "pass-1234-word", **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", "Editors")


@pytest.fixture
def moderator(db):
    return make_user("moderator", "Moderators")


@pytest.fixture
def admin_user(db):
    return make_user("admin", is_superuser=True, is_staff=True)
