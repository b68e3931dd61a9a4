"""The trace the network keeps of acts on personal data, as Wagtail log entries (they show in
each contact's history and in the admin's site history report): account links, invitations,
exports, views of editors-only data and deletions. Entries hold ids and counts, never a
contact's email or phone."""

from wagtail.log_actions import log


def log_account_link(contact, user, by, how):
    """A contact point linked to an account (who, when, which account, how)."""
    log(contact, "network.link_account", user=by, data={"account": user.pk, "how": how})
