"""Emails to focal points: invitations and reminders, each in the member's own language.

An invitation carries a one-time link to set an account's password, so it decides who gets
that account. It only ever goes to a new member account made for the contact's address, or to
the address of the account already linked (when it is still the contact's own and the account
has never had a password). It never reaches a staff or superuser account, and it never links a
contact to an existing account found by its email: that is a superuser's act in the admin.
Every invitation and every account link is logged.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from network.audit import log_account_link, log_invitation
from network.auth import absolute, confirm_link, reachable_by_network_links, set_password_link
from network.grammar import of_society


class InvitationRefused(Exception):
    """Why no invitation may be sent; the message is shown to the editor."""


def _send(contact, template, context, address=None):
    with translation.override(contact.preferred_language):
        # The society's name in the member's language, after "of" as that language writes it.
        society = of_society(contact.society.name, contact.preferred_language)
        context = {**context, "of_society": society}
        subject = render_to_string(f"network/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"network/email/{template}.txt", context)
    address = address or contact.email or contact.user.email
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def recipient(contact):
    """(linked account or None for a new one, address) of an invitation to this contact;
    InvitationRefused if none may be sent. Changes nothing."""
    user = contact.user
    if user is not None:
        if not reachable_by_network_links(user):
            raise InvitationRefused(
                _("%(name)s is linked to a staff or deactivated account, which is never invited.")
                % {"name": contact}
            )
        if user.has_usable_password():
            raise InvitationRefused(
                _(
                    "%(name)s already has an account with a password: they sign in, or reset "
                    "their password themselves."
                )
                % {"name": contact}
            )
        if not user.email or (contact.email and contact.email.lower() != user.email.lower()):
            raise InvitationRefused(
                _(
                    "The email address of %(name)s is not the one of their account; only a "
                    "superuser may change which account a contact point is linked to."
                )
                % {"name": contact}
            )
        return user, user.email
    if not contact.email:
        raise InvitationRefused(_("%(name)s has no email address to invite.") % {"name": contact})
    User = get_user_model()  # noqa: N806
    username = contact.email.lower()[:150]
    if (
        User.objects.filter(email__iexact=contact.email).exists()
        or User.objects.filter(username=username).exists()
    ):
        raise InvitationRefused(
            _(
                "An account with the email address of %(name)s already exists; only a "
                "superuser may link a contact point to an existing account."
            )
            % {"name": contact}
        )
    return None, contact.email


def invite(contact, by=None):
    """Email the focal point a one-time link to set a password and sign in (InvitationRefused
    if they may not be invited)."""
    user, address = recipient(contact)
    if user is None:
        User = get_user_model()  # noqa: N806
        user = User(username=address.lower()[:150], email=address)
        user.set_unusable_password()
        user.save()
        contact.user = user
        contact.save(update_fields=["user"])
        log_account_link(contact, user, by=by, how="invitation")
    link = set_password_link(user, contact.preferred_language)
    # Django's password links expire PASSWORD_RESET_TIMEOUT seconds after they are made.
    expires = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    context = {"contact": contact, "link": link, "expires": expires}
    _send(contact, "invitation", context, address=address)
    log_invitation(contact, user, by=by)


def remind(contact):
    with translation.override(contact.preferred_language):
        profile_path = reverse("network:profile")
    _send(
        contact,
        "reminder",
        {
            "contact": contact,
            "confirm_link": confirm_link(contact),
            "profile_link": absolute(profile_path),
        },
    )
    contact.reminder_sent_at = timezone.now()
    contact.save(update_fields=["reminder_sent_at"])
