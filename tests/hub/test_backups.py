"""A backup, then a restore, loses nothing: pages, revisions, translations, documents,
contacts."""

import io
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import Page, Revision

from network.auth import confirm_link
from network.factories import ContactPointFactory
from network.models import ContactPoint
from search import service
from tests.conftest import make_user


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("pk", "title_en", "title_fr", "url_path_fr", "live")
        ),
        "revisions": Revision.objects.count(),
        "documents": sorted(Document.objects.values_list("title", "file_size")),
        "contacts": sorted(
            ContactPoint.objects.values_list("name", "email", "role_hr", "email_visibility")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_loses_nothing(demo_hub, tmp_path, client):
    ContactPointFactory(
        name="Backed Up",
        email="backed@example.org",
        role_hr="Uloga",
        email_visibility="editors",
        society_id=1,
    )
    before = snapshot()
    document = Document.objects.first()
    document_bytes = Path(document.file.path).read_bytes()
    archive = tmp_path / "hub.tar.gz"

    call_command("backup", "--output", str(archive), stdout=io.StringIO())

    # Disaster: the database and the media are gone.
    Page.objects.get(depth=2).delete()  # the home page, and the whole tree under it
    ContactPoint.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)

    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    assert snapshot() == before
    restored = Document.objects.get(title=document.title)
    assert Path(restored.file.path).read_bytes() == document_bytes
    with translation.override("fr"):
        url = Page.objects.get(slug_en="step-integration-pilot-uk").specific.get_url()
    assert client.get(url).status_code == 200
    assert service.search(service.parse({"q": "Ashiana"})).total == 1


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a backup of the Hub"):
        call_command("restore", str(bogus), "--noinput")
    assert Page.objects.filter(depth__gt=1).exists()  # nothing lost


@pytest.mark.django_db(transaction=True)
def test_a_restore_keeps_every_datetime_so_signed_links_still_work(
    demo_hub, tmp_path, client, monkeypatch
):
    confirmed = datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
    contact = ContactPointFactory(
        user=make_user("linked"), email="linked@example.org", last_confirmed=confirmed
    )
    link = urlsplit(confirm_link(contact)).path  # in a reminder sent before the backup
    revisions = sorted(Revision.objects.values_list("pk", "created_at"))
    archive = tmp_path / "hub.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    ContactPoint.objects.all().delete()

    monkeypatch.setattr(sys, "stdin", io.StringIO())  # from cron: no terminal
    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    assert ContactPoint.objects.get(pk=contact.pk).last_confirmed == confirmed
    assert sorted(Revision.objects.values_list("pk", "created_at")) == revisions
    page = client.get(link)
    assert page.status_code == 200
    assert "linked@example.org" in page.content.decode()


@pytest.mark.django_db
def test_restore_without_a_terminal_asks_for_noinput(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    with pytest.raises(CommandError, match="no terminal to answer: run it with --noinput"):
        call_command("restore", str(tmp_path / "hub.tar.gz"))
    assert Page.objects.filter(depth__gt=1).exists()  # nothing lost


def run_restore(*arguments):
    """`manage.py restore` as cron runs it: standard input closed, no terminal."""
    return subprocess.run(  # noqa: S603 - the project's own manage.py, fixed arguments
        [sys.executable, "manage.py", "restore", *arguments],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.test"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def test_restore_run_without_a_terminal_exits_with_a_message(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")

    asking = run_restore(str(bogus))
    assert asking.returncode == 1
    assert "run it with --noinput" in asking.stderr
    assert "Traceback" not in asking.stderr

    # With --noinput nothing is asked: the command goes on to read the archive.
    unasked = run_restore(str(bogus), "--noinput")
    assert unasked.returncode == 1
    assert "is not a backup of the Hub" in unasked.stderr
    assert "Traceback" not in unasked.stderr
