"""Sign-in with an email address, and the one-time links the network sends by email."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

CONFIRM_SALT = "network.confirm-details"


def account_for(identifier):
    """The account an identifier names: an email address in any case, else a username."""
    User = get_user_model()  # noqa: N806
    if len(identifier) > 254:  # longer than any email address or username
        return None
    users = list(User.objects.filter(email__iexact=identifier)[:2])
    if len(users) != 1:
        users = list(User.objects.filter(username=identifier)[:1])
    return users[0] if users else None


class EmailBackend(ModelBackend):
    """Authenticate with the email address (any case) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        user = account_for(username)
        if user is None:
            get_user_model()().set_password(password)  # same time whether it exists or not
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


LOCKOUT_USERNAME_LENGTH = 255  # django-axes' username columns


def lockout_username(request, credentials=None):
    """What django-axes counts failures against (AXES_USERNAME_CALLABLE): the account the
    typed identifier signs in to, so that `USER@example.org`, `User@Example.Org` and the
    username all count against one account and are all refused once it is locked out.
    An identifier that names no account is counted lower-cased and trimmed, cut to what the
    lockout's tables hold (an overlong one is no account's anyway)."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "data", request.POST).get("username")
    if not typed:
        return typed
    user = account_for(typed.strip())
    return user.get_username() if user else typed.strip().lower()[:LOCKOUT_USERNAME_LENGTH]


def reachable_by_network_links(user):
    """Whether the network's emailed links (invitation, password reset) may reach this account."""
    return user.is_active and not (user.is_staff or user.is_superuser)


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def set_password_link(user, language):
    """The one-time link to choose a password (invitation or reset)."""
    with translation.override(language):
        path = reverse(
            "network:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return absolute(path)


def confirm_token(contact):
    """Signed, and bound to the current confirmation date: it works once."""
    stamp = contact.last_confirmed.isoformat() if contact.last_confirmed else "never"
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{contact.pk}|{stamp}")


def confirm_link(contact):
    with translation.override(contact.preferred_language):
        path = reverse("network:confirm", kwargs={"token": confirm_token(contact)})
    return absolute(path)


class LinkError(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "expired", "used" or "invalid"


def contact_for_token(token):
    from network.models import ContactPoint

    max_age = settings.PROFILE_CONFIRM_LINK_DAYS * 24 * 3600
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    pk, stamp = value.split("|", 1)
    contact = ContactPoint.objects.filter(pk=pk).first()
    if contact is None:
        raise LinkError("invalid")
    current = contact.last_confirmed.isoformat() if contact.last_confirmed else "never"
    if current != stamp:
        raise LinkError("used")
    return contact


class MemberPasswordResetForm(PasswordResetForm):
    """The network's password reset: only ever for members, never a staff or superuser account
    (those reset their password through the admin's own, separately protected, sign-in)."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if reachable_by_network_links(user))


class MemberPasswordSetView(PasswordResetConfirmView):
    """The one-time link of an invitation or a reset: refused for a staff or superuser account,
    however the link was made."""

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is not None and not reachable_by_network_links(user):
            return None
        return user
