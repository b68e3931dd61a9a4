"""The second factor: TOTP devices (django-otp's `otp_totp`), enrolled and verified on two
small pages of the network, /<lang>/network/two-factor/enrol/ and .../verify/.

(wagtail-2fa, the Wagtail integration of django-otp, does not load on Wagtail 8.)

Who is asked what, on every address but signing in and out, resetting a password and these
two pages (so that the directory and the contacts API, which show editors what members may
not see, are covered as well as /admin/, whichever sign-in was used):

- anyone with a confirmed device enters a code after the password, once a session;
- with REQUIRE_TWO_FACTOR (on in production), staff who see contact data (superusers, and
  the groups with `network.change_contactpoint`: Editors, Moderators) enrol a device first.

Any staff member (anyone who can reach the admin) may enrol; members are never asked.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.sessions import has_admin_access

# Addresses that stay open to a signed-in user who still owes a code or a device.
OPEN_VIEWS = {
    "network:two_factor_verify",
    "network:two_factor_enrol",
    "network:login",
    "network:logout",
    "network:password_reset",
    "network:password_reset_done",
    "network:password_reset_confirm",
    "network:password_set_done",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "set_language",
    "health",
}


def sees_contact_data(user):
    return has_admin_access(user) and (
        user.is_superuser or user.has_perm("network.change_contactpoint")
    )


def must_enrol(user):
    return settings.REQUIRE_TWO_FACTOR and sees_contact_data(user)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in user who owes a code is sent to the
    verify page, one who owes a device to the enrolment page, back here afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = None
            if view_name is not None and view_name not in OPEN_VIEWS:
                if user_has_device(user, confirmed=True):
                    return self._send_to(request, "network:two_factor_verify")
                if must_enrol(user):
                    return self._send_to(request, "network:two_factor_enrol")
        return self.get_response(request)

    def _send_to(self, request, name):
        query = urlencode({"next": request.get_full_path()})
        response = redirect(f"{reverse(name)}?{query}")
        response["Cache-Control"] = "private, no-store"
        return response


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        for device in self.devices:
            # django-otp refuses codes for a while after each wrong one (its throttling).
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(
            _("This code is not valid. Enter the code your app shows now, or wait a moment.")
        )


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _qr_code(uri):
    """The otpauth URI as a QR code in an <img src="data:...">, allowed by the CSP."""
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def verify(request):
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(_next_url(request, "wagtailadmin_home"))
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request, "wagtailadmin_home"))
    context = {"form": form, "next": _next_url(request, "wagtailadmin_home")}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "network/two_factor_verify.html", context, status=status)


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def enrol(request):
    """A new device for the signed-in staff member: a QR code (and its text) to scan, then
    a first code, which confirms the device and counts as this session's verification. A
    user who already has a device must have verified this session before adding another."""
    user = request.user
    if not has_admin_access(user):
        raise PermissionDenied
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(
            f"{reverse('network:two_factor_verify')}?{urlencode({'next': request.path})}"
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request, "wagtailadmin_home"))
    context = {
        "form": form,
        "next": _next_url(request, "wagtailadmin_home"),
        "otpauth_uri": device.config_url,
        "qr_code": _qr_code(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "has_device": user_has_device(user, confirmed=True),
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "network/two_factor_enrol.html", context, status=status)
