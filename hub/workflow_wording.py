"""What the moderation workflow tells editors, in words that say what happened.

A moderator who asks for changes "rejects" the task in Wagtail's words: its emails said the
page "has been rejected", its history "Workflow: reject task", and a moderator acting from the
editor was told the page "has been updated", whichever action they took. The Hub says
"changes requested" (templates/wagtailadmin/notifications/ for the emails), names the action
in the history, and tells a moderator what their action did.
"""

from django.contrib.messages import SUCCESS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

REJECT = "wagtail.workflow.reject"


class ChangesRequestedFormatter(LogFormatter):
    label = gettext_lazy("Workflow: changes requested")

    def format_message(self, log_entry):
        try:
            return _("Changes requested at '%(task)s'") % {
                "task": log_entry.data["workflow"]["task"]["title"]
            }
        except (KeyError, TypeError):
            return _("Changes requested")

    def format_comment(self, log_entry):
        return log_entry.data.get("comment", "")


def register_log_wording(actions):
    """Wagtail's formatter of a rejected task, replaced (and its filter choice with it)."""
    actions.choices = [choice for choice in actions.choices if choice[0] != REJECT]
    actions.register_action(REJECT)(ChangesRequestedFormatter)


def workflow_action_message(request, page):
    """After a moderator's workflow action from the page editor: the message says what it did,
    instead of Wagtail's "Page '...' has been updated."."""
    action = request.POST.get("workflow-action-name")
    if request.method != "POST" or "action-workflow-action" not in request.POST or not action:
        return
    title = page.get_admin_display_title()
    if action == "reject":
        text = _("Changes requested to the page '%(title)s'.") % {"title": title}
    elif action == "approve":
        live, unpublished = Page.objects.values_list("live", "has_unpublished_changes").get(
            pk=page.pk
        )
        if live and not unpublished:
            text = _("Page '%(title)s' approved and published.") % {"title": title}
        else:
            text = _("Page '%(title)s' approved.") % {"title": title}
    else:
        return
    queued = getattr(request._messages, "_queued_messages", [])  # Django's message storage
    if queued and queued[-1].level == SUCCESS:
        queued.pop()  # Wagtail's "has been updated", added just before this hook
    messages.success(request, text)
