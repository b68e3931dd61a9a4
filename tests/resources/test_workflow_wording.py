"""The moderation workflow says what happened: a moderator asked for changes (Wagtail's
"rejected"), a page was approved and published; in the editor's language."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.users.models import UserProfile

from resources.models import ToolPage
from tests.resources.test_admin import page_form

CHANGES_REQUESTED = (
    '%(reviewer)s asked for changes to the page "%(title)s" at the step "%(task)s" of '
    '"%(workflow)s".'
)
NOT_PUBLISHED = (
    "These changes are not published. Edit the page, then submit it for moderation again:"
)


def submitted_tool(client, editor, library, language="en"):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("resources", "toolpage", library.pk))
    data = page_form("Draft tool", "draft-tool", {"format": "template"})
    data["action-submit"] = "Submit for moderation"
    assert client.post(add_url, data).status_code == 302
    page = ToolPage.objects.get(slug_en="draft-tool")
    mail.outbox.clear()
    return page, WorkflowState.objects.get(object_id=str(page.pk))


def request_changes(client, moderator, page, state):
    client.force_login(moderator)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "reject", state.current_task_state.pk),
    )
    client.post(url, {"comment": "Needs sources"})
    (email,) = [message for message in mail.outbox if message.to == ["editor@example.org"]]
    return email


@pytest.mark.django_db
def test_the_editor_is_told_changes_were_requested(client, editor, moderator, library):
    page, state = submitted_tool(client, editor, library)
    task = state.current_task_state.task.name
    email = request_changes(client, moderator, page, state)
    assert email.subject == 'Changes requested to the page "Draft tool"'
    assert email.body.startswith("Hello editor,")
    expected = CHANGES_REQUESTED % {
        "reviewer": "moderator",
        "title": "Draft tool",
        "task": task,
        "workflow": "Library review",
    }
    assert expected in email.body
    assert 'The following comment was left: "Needs sources"' in email.body
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert f"{NOT_PUBLISHED} http://127.0.0.1:8000{edit_url}" in email.body
    assert "reject" not in (email.subject + email.body).lower()


@pytest.mark.django_db
def test_a_french_editor_is_told_in_french(client, editor, moderator, library):
    page, state = submitted_tool(client, editor, library, language="fr")
    task = state.current_task_state.task.name
    email = request_changes(client, moderator, page, state)
    with translation.override("fr"):
        subject = translation.gettext('Changes requested to the page "%(title)s"')
        body = translation.gettext(CHANGES_REQUESTED)
        greeting = translation.gettext("Hello %(name)s,")
    # The page's French title, in the French catalogue's sentences.
    assert email.subject == subject % {"title": "Draft tool (FR)"}
    assert email.body.startswith(greeting % {"name": "editor"})
    assert email.body.startswith("Bonjour editor,")
    values = {"reviewer": "moderator", "title": "Draft tool (FR)", "task": task}
    assert body % {**values, "workflow": "Library review"} in email.body
    assert "Needs sources" in email.body
    assert "rejet" not in (email.subject + email.body).lower()  # Wagtail's French: "rejetée"


def workflow_action(client, page, action, comment=""):
    """The messages shown after a moderator's action from the page editor (earlier ones
    not yet shown first)."""
    data = page_form("Draft tool", "draft-tool", {"format": "template"})
    data.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": comment} if comment else {}),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
def test_a_moderator_is_told_what_their_action_did(client, editor, moderator, library):
    page, state = submitted_tool(client, editor, library)
    client.force_login(moderator)
    *_earlier, message = workflow_action(client, page, "reject", "Needs sources")
    assert "Changes requested to the page &#x27;Draft tool&#x27;." in message
    assert "has been updated" not in " ".join(_earlier) + message

    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Workflow: changes requested" in history
    assert f"Changes requested at &#x27;{state.current_task_state.task.name}&#x27;" in history
    assert "reject" not in history.lower().replace('value="wagtail.workflow.reject"', "")
    entry = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert entry.comment == "Needs sources"

    # The editor resubmits; the moderator approves, which publishes.
    client.force_login(editor)
    data = page_form("Draft tool", "draft-tool", {"format": "template"})
    data["action-submit"] = "Submit for moderation"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    client.force_login(moderator)
    *_earlier, message = workflow_action(client, page, "approve")
    assert "Page &#x27;Draft tool&#x27; approved and published." in message
    page.refresh_from_db()
    assert page.live
