"""Imported pages are published as Wagtail publishes a page: their history in the admin says
so, every hook on publishing hears of them, and a moderation in progress or a scheduled
revision gives way."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.signals import page_published

from resources.factories import resource_record
from resources.models import GuidancePage, ToolPage
from tests.resources.test_import import run_import


@contextmanager
def published_pages():
    """What page_published tells its receivers meanwhile: (page type, page id, revision id)
    of pages published among many (`bulk`, which the importer indexes a batch at a time)."""
    heard = []

    def receiver(sender, instance, revision, bulk=False, **kwargs):
        assert bulk
        heard.append((sender, instance.pk, revision.pk))

    page_published.connect(receiver, weak=False, dispatch_uid="test-published-pages")
    try:
        yield heard
    finally:
        page_published.disconnect(dispatch_uid="test-published-pages")


def history(page):
    entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    return [(entry.action, entry.revision_id) for entry in entries]


@pytest.mark.django_db
def test_imported_pages_are_published_with_their_history_and_signal(client, admin_user, tmp_path):
    records = [resource_record(1), resource_record(2, kind="tool")]
    with published_pages() as heard:
        ok, _out, err = run_import(tmp_path, records)
    assert ok, err

    guidance = GuidancePage.objects.get(slug_en="resource-1-en")
    tool = ToolPage.objects.get(slug_en="resource-2-en")
    assert heard == [(type(page), page.pk, page.live_revision_id) for page in (guidance, tool)]
    for page in (guidance, tool):
        revision = page.live_revision_id
        assert history(page) == [("wagtail.create", None), ("wagtail.publish", revision)]
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:history", args=[guidance.pk])
    html = client.get(url, follow=True).content.decode()
    assert "Published" in html and "Created" in html

    renamed = resource_record(1, slug="resource-1-en", title={"en": "Resource one"})
    with published_pages() as heard:
        ok, out, _err = run_import(tmp_path, [renamed, records[1]])
    assert ok and "0 created, 1 updated, 1 unchanged" in out
    guidance.refresh_from_db()
    assert heard == [(GuidancePage, guidance.pk, guidance.live_revision_id)]
    rename, publish = history(guidance)[-2:]
    assert rename == ("wagtail.rename", guidance.live_revision_id)
    assert publish == ("wagtail.publish", guidance.live_revision_id)
    entry = PageLogEntry.objects.get(page=guidance, action="wagtail.rename")
    assert entry.data["title"] == {"old": "Resource 1 (en)", "new": "Resource one"}

    with published_pages() as heard:
        assert run_import(tmp_path, [renamed, records[1]])[0]
    assert heard == []  # nothing changed: nothing published


@pytest.mark.django_db
def test_an_import_publishes_a_changed_page_an_editor_had_unpublished(client, tmp_path):
    assert run_import(tmp_path, [resource_record(3)])[0]
    page = GuidancePage.objects.get(slug_en="resource-3-en")
    page.unpublish()
    assert client.get(page.get_url()).status_code == 404

    changed = resource_record(3, slug="resource-3-en", summary={"en": "Back again"})
    ok, out, _err = run_import(tmp_path, [changed])

    assert ok and "1 updated" in out
    page.refresh_from_db()
    assert page.live and not page.has_unpublished_changes
    assert "Back again" in client.get(page.get_url()).content.decode()


@pytest.mark.django_db
def test_an_import_over_a_page_in_moderation_cancels_the_moderation(editor, tmp_path):
    assert run_import(tmp_path, [resource_record(4)])[0]
    page = GuidancePage.objects.get(slug_en="resource-4-en")
    page.summary_en = "An editor's draft"
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    changed = resource_record(4, slug="resource-4-en", summary={"en": "From the import"})
    assert run_import(tmp_path, [changed])[0]

    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert page.summary_en == "From the import" and page.live_revision == page.latest_revision


@pytest.mark.django_db
def test_an_import_drops_a_revision_scheduled_before_it(moderator, tmp_path):
    assert run_import(tmp_path, [resource_record(5)])[0]
    page = GuidancePage.objects.get(slug_en="resource-5-en")
    page.summary_en = "Scheduled summary"
    page.save_revision(user=moderator, approved_go_live_at=timezone.now())

    changed = resource_record(5, slug="resource-5-en", summary={"en": "From the import"})
    assert run_import(tmp_path, [changed])[0]
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.summary_en == "From the import"
