"""The member's own profile form, the admin's contact point form, and the password reset
forms of the network and the admin."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import PasswordResetForm as AdminPasswordResetForm

from hub.editing import LanguageFieldsMixin
from network.audit import log_account_link
from network.auth import MemberPasswordResetForm
from network.languages import SpokenLanguagesField
from network.models import PRIVATE_FIELDS, VISIBILITY_FIELDS, ContactPoint
from resources.models import Theme

WIDER_THAN_YOUR_PROFILE = _("This cannot be seen by more people than your profile itself.")


class ProfileForm(forms.ModelForm):
    languages = SpokenLanguagesField(
        label=_("Languages you speak"),
        help_text=_("Tick every language you can help someone in. The ones you chose come first."),
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Expertise"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ContactPoint
        fields = [
            "name",
            "role_en",
            "email",
            "phone",
            "languages",
            "expertise",
            *VISIBILITY_FIELDS,
            "preferred_language",
        ]
        labels = {"role_en": _("Role (in English)")}
        widgets = {
            **dict.fromkeys(VISIBILITY_FIELDS, forms.RadioSelect),
            # Numbers and addresses read left to right in an Arabic page too.
            "phone": forms.TextInput(
                attrs={"type": "tel", "dir": "ltr", "autocomplete": "tel", "inputmode": "tel"}
            ),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
        }
        # The model's privacy rules (ContactPoint.clean), worded for the member.
        error_messages = {
            f"{name}_visibility": {"wider_than_profile": WIDER_THAN_YOUR_PROFILE}
            for name in PRIVATE_FIELDS
        }

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        if language and language != settings.LANGUAGE_CODE:
            name = f"role_{language}"
            self.fields[name] = forms.CharField(
                label=_("Role (in %(language)s)")
                % {"language": get_language_info(language)["name_local"]},
                required=False,
                initial=getattr(self.instance, name, ""),
                max_length=200,
            )
        self.fields["languages"].also_offer(self.instance.languages)

    def save(self, commit=True):
        contact = super().save(commit=False)
        name = f"role_{self.language}"
        if name in self.fields:
            setattr(contact, name, self.cleaned_data.get(name) or None)
        if commit:
            contact.save()
            self.save_m2m()
        return contact


def reset_rate_limited(request, email):
    """Whether a reset request goes past PASSWORD_RESET_RATE_LIMIT, from the client's address
    or for the address typed (an account is found by its email in any case). Both are
    counted on every request."""
    rate = settings.PASSWORD_RESET_RATE_LIMIT
    by_client = is_ratelimited(
        request, group="password-reset-client", key="ip", rate=rate, increment=True
    )
    normalised = email.strip().lower()
    by_account = is_ratelimited(
        request,
        group="password-reset-account",
        key=lambda _group, _request: normalised,
        rate=rate,
        increment=True,
    )
    return by_client or by_account


class RateLimitedResetMixin:
    """Past the rate limit no email is sent, and the requester sees the same "sent" page as
    ever, so that the limit tells nobody whether an address has an account."""

    def save(self, *args, request=None, **kwargs):
        if request is not None and reset_rate_limited(request, self.cleaned_data["email"]):
            return
        super().save(*args, request=request, **kwargs)


class NetworkPasswordResetForm(RateLimitedResetMixin, MemberPasswordResetForm):
    """The network's reset: for members only (never staff), rate limited."""


class AdminResetForm(RateLimitedResetMixin, AdminPasswordResetForm):
    """Wagtail's reset form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM), rate limited."""


class ContactPointAdminForm(LanguageFieldsMixin, WagtailAdminModelForm):
    """The admin's contact point form. What it does not show it never changes: the member's
    confirmation (`last_confirmed`, only the member's own act), and the linked account, which
    only superusers see. That holds when a revision is reverted too, whose stored values would
    otherwise come back with it. A new link is logged. The languages spoken are picked as on
    the member's profile."""

    languages = SpokenLanguagesField(label=_("languages spoken"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "languages" in self.fields:
            self.fields["languages"].also_offer(self.instance.languages)

    def save(self, commit=True):
        contact = self.instance
        stored = (
            ContactPoint.objects.filter(pk=contact.pk).values("user_id", "last_confirmed").first()
            if contact.pk
            else None
        ) or {"user_id": None, "last_confirmed": None}
        contact.last_confirmed = stored["last_confirmed"]
        if "user" not in self.fields:
            contact.user_id = stored["user_id"]
        contact = super().save(commit=commit)
        if commit and contact.user_id and contact.user_id != stored["user_id"]:
            log_account_link(contact, contact.user, by=self.for_user, how="admin")
        return contact
