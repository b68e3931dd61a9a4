"""A backup, then a restore, loses nothing: pages, revisions, translations, documents,
contacts."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import Page, Revision

from network.factories import ContactPointFactory
from network.models import ContactPoint
from search import service


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
