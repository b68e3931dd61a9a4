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
from network.models import LANGUAGE_CODES_SPOKEN, PRIVATE_FIELDS, VISIBILITY_FIELDS, ContactPoint
from resources.models import Theme

WIDER_THAN_YOUR_PROFILE = _("This cannot be seen by more people than your profile itself.")


class ProfileForm(forms.ModelForm):
    languages = forms.CharField(
        label=_("Languages you speak"),
        required=False,
        help_text=_("Language codes separated by commas, for example: en, fr, hr"),
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
        widgets = dict.fromkeys(VISIBILITY_FIELDS, forms.RadioSelect)
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
        self.initial["languages"] = ", ".join(self.instance.languages or [])

    def clean_languages(self):
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",")]
        codes = [code for code in codes if code]
        unknown = [code for code in codes if code not in LANGUAGE_CODES_SPOKEN]
        if unknown:
            raise forms.ValidationError(_("Unknown language code: %(code)s") % {"code": unknown[0]})
        return list(dict.fromkeys(codes))

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
    otherwise come back with it. A new link is logged."""

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
