"""A second factor (TOTP): staff enrol an authenticator app, then enter a code after the
password; with REQUIRE_TWO_FACTOR, staff who see contact data must enrol first."""

import re
from html import unescape

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from tests.conftest import make_user

PASSWORD = "pass-1234-word"
ENROL = "/en/network/two-factor/enrol/"
VERIFY = "/en/network/two-factor/verify/"


@pytest.fixture(autouse=True)
def clock():
    """A code works once: each step of a test moves the clock on to the next code."""
    with freeze_time("2026-06-01 09:00:00") as frozen:
        yield frozen


def sign_in(client, username, url="/admin/login/"):
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def code_for(device, clock=None):
    if clock is not None:
        clock.tick(60)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol(client, user):
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    uri = unescape(re.search(r"otpauth://totp/[^<\s]+", html).group(0))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert uri == device.config_url
    response = client.post(ENROL, {"otp_token": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.django_db
def test_editor_enrols_and_is_asked_for_a_code_at_the_next_sign_in(client, editor, clock):
    sign_in(client, "editor")
    device = enrol(client, editor)
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")

    sign_in(client, "editor")
    # The password alone is not enough, for the admin...
    asked = client.get("/admin/pages/")
    assert asked.status_code == 302
    assert asked["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    # ...nor for the directory and its API, which show editors more than members see.
    assert client.get("/en/network/")["Location"].startswith(VERIFY)
    assert client.get("/api/contacts/")["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"otp_token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 400
    assert "This code is not valid" in wrong.content.decode()
    assert client.get("/admin/pages/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    verified = client.post(VERIFY, {"otp_token": code_for(device, clock), "next": "/admin/pages/"})
    assert verified.status_code == 302
    assert verified["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    assert client.get("/en/network/").status_code == 200


@pytest.mark.django_db
def test_network_sign_in_asks_for_the_code_too(client, editor):
    sign_in(client, "editor")
    enrol(client, editor)
    client.post("/en/network/logout/")
    response = client.post(
        "/en/network/login/", {"username": "editor@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.get("/en/network/profile/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_verify_refuses_a_foreign_next_address(client, editor, clock):
    sign_in(client, "editor")
    device = enrol(client, editor)
    client.post("/admin/logout/")
    sign_in(client, "editor")
    response = client.post(
        VERIFY, {"otp_token": code_for(device, clock), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_without_the_requirement_staff_without_a_device_work_as_before(client, editor):
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200
    assert client.get("/en/network/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "moderator", "admin_user"])
def test_required_second_factor_sends_staff_who_see_contacts_to_enrol(
    client, settings, role, request
):
    settings.REQUIRE_TWO_FACTOR = True
    user = request.getfixturevalue(role)
    sign_in(client, user.username)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    assert client.get("/api/contacts/")["Location"].startswith(ENROL)
    enrol(client, user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_required_second_factor_leaves_members_alone(client, settings):
    settings.REQUIRE_TWO_FACTOR = True
    make_user("member")
    sign_in(client, "member", url="/en/network/login/")
    assert client.get("/en/network/profile/").status_code in (200, 404)
    assert client.get("/en/network/").status_code == 200
    # Members have no admin access: nothing to enrol.
    assert client.get(ENROL).status_code == 403


@pytest.mark.django_db
def test_adding_a_second_device_needs_the_first_ones_code(client, editor):
    sign_in(client, "editor")
    enrol(client, editor)
    client.post("/admin/logout/")
    sign_in(client, "editor")
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


@pytest.mark.django_db
def test_admin_account_page_links_to_enrolment(client, editor):
    sign_in(client, "editor")
    html = client.get("/admin/account/").content.decode()
    assert f'href="{ENROL}"' in html
    assert "Two-step verification" in html


@pytest.mark.django_db
def test_reset_two_factor_removes_a_lost_phone(client, editor):
    import io

    from django.core.management import CommandError, call_command

    sign_in(client, "editor")
    enrol(client, editor)
    out = io.StringIO()
    call_command("reset_two_factor", "EDITOR@example.org", stdout=out)
    assert "Removed 1 device(s) of editor" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    with pytest.raises(CommandError, match="nobody"):
        call_command("reset_two_factor", "nobody")
