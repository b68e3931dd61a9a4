"""The trace the network keeps of acts on personal data, as Wagtail log entries (they show in
each contact's history and in the admin's site history report): account links, invitations,
exports, views of editors-only data and deletions. Entries hold ids, counts and filters, never
a contact's email or phone; a deletion entry not even the name."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import ModelLogEntry


def _content_type():
    from network.models import ContactPoint

    return ContentType.objects.get_for_model(ContactPoint)


def log_account_link(contact, user, by, how):
    """A contact point linked to an account (who, when, which account, how)."""
    log(contact, "network.link_account", user=by, data={"account": user.pk, "how": how})


def log_invitation(contact, user, by):
    log(contact, "network.invite", user=by, data={"account": user.pk})


def log_export(request, contacts, export_format, report):
    """An export of contact points: one entry in each exported contact's history (who, when,
    which export and filters, how many rows), so a person can learn who took their data."""
    filters = {key: request.GET.getlist(key) for key in request.GET if key != "export"}
    _log_exports(contacts, request.user.pk, {"report": report, "filters": filters}, export_format)


def log_command_export(contacts, export_format):
    """An export made on the server's command line (a bundle): by no account, every contact."""
    _log_exports(contacts, None, {"command": True}, export_format)


def _log_exports(contacts, user_id, details, export_format):
    rows = list(contacts.values_list("pk", "name"))
    context = get_active_log_context()
    data = {"format": export_format, **details, "rows": len(rows)}
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=_content_type(),
            object_id=str(pk),
            label=name,
            action="network.export",
            user_id=user_id,
            uuid=context.uuid,
            timestamp=now,
            data=data,
        )
        for pk, name in rows
    )


def log_editors_only_view(contact, user, view):
    log(contact, "network.view_editors_only", user=user, data={"view": view})


def log_deletion(contact):
    """What remains of a deleted contact point: who deleted it, when, its id and National
    Society; nothing personal (the label names the id, not the person)."""
    context = get_active_log_context()
    ModelLogEntry.objects.create(
        content_type=_content_type(),
        object_id=str(contact.pk),
        label=gettext("Deleted contact point #%(id)s") % {"id": contact.pk},
        action="network.contact_deleted",
        user_id=context.user.pk if context.user else None,
        uuid=context.uuid,
        timestamp=timezone.now(),
        deleted=True,
        data={"contact": contact.pk, "society": contact.society.slug},
    )
