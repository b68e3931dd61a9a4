"""The library's moderation workflow: an editor submits, a moderator publishes."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from resources.models import ToolPage
from tests.resources.test_admin import page_form


@pytest.mark.django_db
def test_submission_to_publication(client, editor, moderator, library):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("resources", "toolpage", library.pk))
    data = page_form("Referral pathway template", "referral-pathway", {"format": "template"})
    data["action-submit"] = "Submit for moderation"

    assert client.post(add_url, data).status_code == 302

    page = ToolPage.objects.get(slug_en="referral-pathway")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Library review"
    assert not page.live
    # An editor cannot publish on their own.
    assert not page.permissions_for_user(editor).can_publish()

    client.force_login(moderator)
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    response = client.post(approve_url, {"comment": "Looks good"})
    assert response.status_code in (200, 302)

    page.refresh_from_db()
    state.refresh_from_db()
    assert page.live
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(page.get_url()).status_code == 200


@pytest.mark.django_db
def test_moderator_can_reject(client, editor, moderator, library):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("resources", "toolpage", library.pk))
    data = page_form("Draft tool", "draft-tool", {"format": "template"})
    data["action-submit"] = "Submit for moderation"
    client.post(add_url, data)
    page = ToolPage.objects.get(slug_en="draft-tool")
    state = WorkflowState.objects.get(object_id=str(page.pk))

    client.force_login(moderator)
    reject_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "reject", state.current_task_state.pk),
    )
    client.post(reject_url, {"comment": "Needs sources"})

    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


@pytest.mark.django_db
def test_scheduled_publishing(editor, moderator, library, resources):
    page = resources["what-is-human-trafficking-leaflet"]
    page.summary_en = "Updated summary"
    revision = page.save_revision(user=moderator, approved_go_live_at=timezone.now())
    from django.core.management import call_command

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live_revision == revision
    assert Page.objects.get(pk=page.pk).specific.summary_en == "Updated summary"
