"""Emails to focal points: invitations and reminders, each in the member's own language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from network.auth import absolute, confirm_link, set_password_link


def _send(contact, template, context):
    with translation.override(contact.preferred_language):
        subject = render_to_string(f"network/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"network/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email or contact.user.email])


def account_for(contact):
    """The contact's account: linked, found by email, or created without a usable password."""
    if contact.user_id:
        return contact.user
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact=contact.email).first()
    if user is None:
        user = User(username=contact.email.lower()[:150], email=contact.email)
        user.set_unusable_password()
        user.save()
    contact.user = user
    contact.save(update_fields=["user"])
    return user


def invite(contact):
    """Email the focal point a one-time link to set a password and sign in."""
    user = account_for(contact)
    link = set_password_link(user, contact.preferred_language)
    _send(contact, "invitation", {"contact": contact, "link": link})


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
