"""Signing in: one lockout per account however it is typed, on both sign-in forms, and the
client's address read through the trusted proxies only."""

import pytest

from tests.conftest import make_user

PASSWORD = "pass-1234-word"
SIGN_IN_FORMS = ["/en/network/login/", "/admin/login/"]


@pytest.fixture
def ana(db):
    user = make_user("ana")
    user.email = "user@example.org"
    user.is_staff = True  # so that /admin/login/ would let her in too
    user.save()
    return user


def sign_in(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail_five_times(client, url, username="user@example.org", **extra):
    for _attempt in range(5):
        response = sign_in(client, url, username, "wrong", **extra)
        assert response.status_code in (200, 429)


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGN_IN_FORMS)
@pytest.mark.parametrize(
    "variant", ["user@example.org", "USER@example.org", "User@Example.Org", "ana"]
)
def test_lockout_holds_for_every_way_of_typing_the_account(client, ana, url, variant):
    fail_five_times(client, url)
    locked = sign_in(client, url, variant, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_failures_typed_in_capitals_lock_out_the_username_too(client, ana, url):
    fail_five_times(client, url, username="  USER@EXAMPLE.ORG")
    assert sign_in(client, url, "ana", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_right_password_before_the_limit_signs_in_with_any_case(client, ana):
    for _attempt in range(4):
        sign_in(client, "/en/network/login/", "USER@example.org", "wrong")
    assert sign_in(client, "/en/network/login/", "User@Example.Org", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_no_trusted_proxy_a_forwarded_header_does_not_escape_the_lockout(client, ana):
    fail_five_times(client, "/en/network/login/", "ana", REMOTE_ADDR="203.0.113.5")
    spoofed = sign_in(
        client,
        "/en/network/login/",
        "ana",
        PASSWORD,
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert spoofed.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_lockout_keys_on_each_client(client, ana, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.9"}
    fail_five_times(
        client, "/en/network/login/", "ana", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    # The attacker's address is locked out, even when it writes another address first...
    again = sign_in(
        client,
        "/en/network/login/",
        "ana",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.5",
        **proxy,
    )
    assert again.status_code == 429
    # ...while Ana, behind the same proxy from her own address, signs in.
    own = sign_in(
        client, "/en/network/login/", "ana", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy
    )
    assert own.status_code == 302


@pytest.mark.django_db
def test_api_rate_limit_keys_on_the_client_behind_trusted_proxies(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 2
    settings.API_RATE_LIMIT = "3/m"
    # Two proxies: the client's address is the second entry from the right.
    first = {"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "203.0.113.5, 10.0.0.8"}
    for _call in range(3):
        assert client.get("/api/search/suggest/?q=tr", **first).status_code == 200
    assert client.get("/api/search/suggest/?q=tr", **first).status_code == 429
    spoofed = {"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5, 10.0.0.8"}
    assert client.get("/api/search/suggest/?q=tr", **spoofed).status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 10.0.0.8"}
    assert client.get("/api/search/suggest/?q=tr", **other).status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_api_rate_limit_ignores_forwarded_header_without_trusted_proxies(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_LIMIT = "3/m"
    for number in range(3):
        forwarded = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{number}"}
        assert client.get("/api/search/suggest/?q=tr", **forwarded).status_code == 200
    refused = client.get("/api/search/suggest/?q=tr", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert refused.status_code == 429
    cache.clear()


RESET_FORMS = [
    ("/en/network/password/reset/", "/en/network/password/reset/sent/"),
    ("/admin/password_reset/", "/admin/password_reset/done/"),
]


@pytest.fixture
def fresh_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "sent_page"), RESET_FORMS)
def test_twenty_reset_requests_send_at_most_five_emails(
    client, ana, mailoutbox, fresh_limits, url, sent_page
):
    # The network's links never reach staff accounts: those reset through the admin.
    ana.is_staff = url.startswith("/admin/")
    ana.save()
    for _request in range(20):
        response = client.post(url, {"email": "user@example.org"})
        # The same "sent" page every time: the limit tells nothing about the address.
        assert response.status_code == 302
        assert response["Location"] == sent_page
    assert len(mailoutbox) == 5
    assert all(message.to == ["user@example.org"] for message in mailoutbox)


@pytest.mark.django_db
def test_reset_limit_holds_for_the_account_from_many_addresses_and_cases(
    client, ana, mailoutbox, fresh_limits
):
    ana.is_staff = False  # the network's links reach members only
    ana.save()
    for number, typed in enumerate(
        ["user@example.org", "USER@example.org", " User@Example.Org"] * 3
    ):
        client.post(
            "/en/network/password/reset/", {"email": typed}, REMOTE_ADDR=f"198.51.100.{number}"
        )
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_reset_limit_holds_for_one_address_trying_many_accounts(client, mailoutbox, fresh_limits):
    for number in range(10):
        make_user(f"member{number}")
        client.post("/en/network/password/reset/", {"email": f"member{number}@example.org"})
    assert len(mailoutbox) == 5
    # Someone else, from another address, still gets their link.
    make_user("colleague")
    client.post(
        "/en/network/password/reset/",
        {"email": "colleague@example.org"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert mailoutbox[-1].to == ["colleague@example.org"]


@pytest.mark.django_db
def test_an_oversized_identifier_is_a_failed_sign_in_not_an_error(client, ana):
    response = client.post(
        "/en/network/login/", {"username": "y" * 50_000 + "@example.org", "password": "x"}
    )
    assert response.status_code == 200  # the form again, with its error
