"""Staff sessions end after STAFF_SESSION_SECONDS without a request; members keep Django's
default; a password change signs out every other session."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from tests.conftest import make_user

PASSWORD = "pass-1234-word"


def sign_in(client, url, username, **fields):
    response = client.post(url, {"username": username, "password": PASSWORD, **fields})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "fields"), [("/en/network/login/", {}), ("/admin/login/", {"remember": "on"})]
)
def test_staff_session_lasts_the_staff_setting(client, editor, url, fields):
    response = sign_in(client, url, "editor", **fields)
    assert (
        response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.STAFF_SESSION_SECONDS
    )
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_SECONDS


@pytest.mark.django_db
def test_member_session_keeps_the_default_length(client, db):
    make_user("member")
    response = sign_in(client, "/en/network/login/", "member")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
@pytest.mark.parametrize("remember", [{}, {"remember": "on"}])
def test_staff_session_is_renewed_by_activity_and_ends_when_idle(client, editor, remember):
    start = timezone.now()
    with freeze_time(start):
        sign_in(client, "/admin/login/", "editor", **remember)
    # Active every seven hours: still signed in fourteen hours later.
    for hours in (7, 14):
        with freeze_time(start + timedelta(hours=hours)):
            assert client.get("/admin/").status_code == 200
    # Nine hours without a request: signed out.
    with freeze_time(start + timedelta(hours=23)):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_session_of_an_account_promoted_to_editor_is_shortened(client, db):
    from django.contrib.auth.models import Group

    member = make_user("member")
    sign_in(client, "/en/network/login/", "member")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    member.groups.add(Group.objects.get(name="Editors"))
    client.get("/admin/")
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_SECONDS


@pytest.mark.django_db
def test_password_change_in_the_admin_signs_out_the_other_sessions(editor):
    here, elsewhere = Client(), Client()
    sign_in(here, "/admin/login/", "editor")
    sign_in(elsewhere, "/en/network/login/", "editor")
    assert elsewhere.get("/admin/").status_code == 200
    page = here.get("/admin/account/")
    assert page.status_code == 200
    response = here.post(
        "/admin/account/",
        {
            "name_email-first_name": "Edith",
            "name_email-last_name": "Editor",
            "name_email-email": "editor@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "password-old_password": PASSWORD,
            "password-new_password1": "a-new-pass-5678",
            "password-new_password2": "a-new-pass-5678",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    editor.refresh_from_db()
    assert editor.check_password("a-new-pass-5678")
    # This session goes on; the other one is signed out.
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")
    assert elsewhere.get("/en/network/profile/").status_code == 302


@pytest.mark.django_db
def test_password_set_from_a_reset_link_signs_out_every_session(client, editor, mailoutbox):
    import re

    signed_in = Client()
    sign_in(signed_in, "/en/network/login/", "editor")
    client.post("/en/network/password/reset/", {"email": "editor@example.org"})
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-pass-5678", "new_password2": "a-new-pass-5678"},
    )
    assert response.status_code == 302
    assert signed_in.get("/en/network/profile/").status_code == 302
