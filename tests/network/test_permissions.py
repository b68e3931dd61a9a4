"""Who may do what: anonymous, member, another member, editor, administrator."""

import pytest
from django.urls import reverse

from network.factories import ContactPointFactory
from network.models import ContactPoint

ROLES = ["anonymous", "member", "other_member", "network_editor", "administrator"]


@pytest.fixture
def own_contact(db, member):
    return ContactPointFactory(name="Ana Member", user=member, email="ana@example.org")


def as_role(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def profile_form(contact, **changes):
    data = {
        "name": contact.name,
        "role_en": contact.role_en or "",
        "email": contact.email,
        "phone": contact.phone,
        "languages": list(contact.languages),
        "profile_visibility": contact.profile_visibility,
        "email_visibility": contact.email_visibility,
        "phone_visibility": contact.phone_visibility,
        "preferred_language": contact.preferred_language,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_edit_own_profile(client, request, own_contact, role):
    as_role(client, request, role)
    response = client.post("/en/network/profile/", profile_form(own_contact, phone="+44 1 234"))
    own_contact.refresh_from_db()
    if role == "member":
        assert response.status_code == 302
        assert own_contact.phone == "+44 1 234"
    else:
        # Nobody else changes Ana's profile through self-service: anonymous visitors are sent
        # to sign in, other accounts only ever reach their own profile.
        assert own_contact.phone != "+44 1 234"
        assert response.status_code in (302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_edit_another_profile_in_the_admin(client, request, own_contact, role):
    as_role(client, request, role)
    url = reverse("wagtailsnippets_network_contactpoint:edit", args=[own_contact.pk])
    response = client.get(url)
    if role in ("network_editor", "administrator"):
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_export_csv(client, request, own_contact, role):
    as_role(client, request, role)
    response = client.get(reverse("wagtailsnippets_network_contactpoint:list"), {"export": "csv"})
    if role in ("network_editor", "administrator"):
        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode()
        assert "ana@example.org" in content
        assert content.splitlines()[0].startswith("Name,National Society,Role,Email,Phone")
    else:
        assert response.status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_reach_the_admin(client, request, role):
    as_role(client, request, role)
    response = client.get("/admin/")
    if role in ("network_editor", "administrator"):
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_members_cannot_widen_a_field_beyond_their_profile(client, member, own_contact):
    client.force_login(member)
    response = client.post(
        "/en/network/profile/",
        profile_form(own_contact, profile_visibility="network", email_visibility="public"),
    )
    assert response.status_code == 200
    assert "cannot be seen by more people than your profile" in response.content.decode()
    own_contact.refresh_from_db()
    assert own_contact.email_visibility == "network"


@pytest.mark.django_db
def test_changes_are_recorded_and_editors_can_revert(client, member, network_editor, own_contact):
    client.force_login(member)
    client.post("/en/network/profile/", profile_form(own_contact, phone="+44 1 111"))
    client.post("/en/network/profile/", profile_form(own_contact, phone="+44 2 222"))
    own_contact.refresh_from_db()
    revisions = list(own_contact.revisions.order_by("created_at"))
    assert [r.user for r in revisions] == [member, member]
    assert revisions[0].content["phone"] == "+44 1 111"

    client.force_login(network_editor)
    history = client.get(
        reverse("wagtailsnippets_network_contactpoint:history", args=[own_contact.pk])
    )
    assert history.status_code == 200
    assert "member" in history.content.decode()
    revert = reverse(
        "wagtailsnippets_network_contactpoint:revisions_revert",
        args=[own_contact.pk, revisions[0].pk],
    )
    page = client.get(revert)
    assert page.status_code == 200
    assert "+44 1 111" in page.content.decode()


@pytest.mark.django_db
def test_member_confirms_their_details(client, member, own_contact):
    client.force_login(member)
    response = client.post("/fr/network/profile/", {"confirm": "1"})
    assert response.status_code == 302
    own_contact.refresh_from_db()
    assert own_contact.confirmed_recently


@pytest.mark.django_db
def test_member_signs_in_with_their_email(client, member, own_contact):
    member.email = "Ana.Member@Example.org"
    member.save()
    response = client.post(
        "/hr/network/login/", {"username": "ana.member@example.org", "password": "pass-1234-word"}
    )
    assert response.status_code == 302
    assert client.get("/hr/network/profile/").status_code == 200


@pytest.mark.django_db
def test_repeated_failures_lock_out_that_username_from_that_address(client, member, other_member):
    for _attempt in range(5):
        client.post(
            "/en/network/login/",
            {"username": "member", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
    locked = client.post(
        "/en/network/login/",
        {"username": "member", "password": "pass-1234-word"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # A colleague at the same office address still signs in...
    colleague = client.post(
        "/en/network/login/",
        {"username": "other", "password": "pass-1234-word"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert colleague.status_code == 302
    client.logout()
    # ...and so does the member from another address.
    elsewhere = client.post(
        "/en/network/login/",
        {"username": "member", "password": "pass-1234-word"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_member_downloads_their_data(client, member, own_contact):
    client.force_login(member)
    response = client.get("/en/network/profile/my-data.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["account"]["username"] == "member"
    assert data["contact_point"]["email"] == "ana@example.org"


@pytest.mark.django_db
def test_contact_is_gone_everywhere_after_deleting_the_account(client, member, own_contact):
    own_contact.profile_visibility = "public"
    own_contact.save()
    own_contact.save_revision(user=member)
    assert "Ana Member" in client.get("/en/network/").content.decode()
    client.force_login(member)
    assert client.post("/en/network/profile/delete/", {"password": "wrong"}).status_code == 400
    response = client.post("/en/network/profile/delete/", {"password": "pass-1234-word"})
    assert response.status_code == 302
    assert not ContactPoint.objects.filter(pk=own_contact.pk).exists()
    for url in (
        "/en/network/",
        "/api/contacts/?page_size=100",
        "/en/network/societies/society-0/",
        "/api/search/?q=Ana",
    ):
        assert "Ana Member" not in client.get(url).content.decode()
    assert client.get(f"/contacts/{own_contact.pk}.vcf").status_code == 404
    from wagtail.models import ModelLogEntry, Revision

    assert not Revision.objects.filter(
        object_id=str(own_contact.pk), base_content_type__model="contactpoint"
    ).exists()
    assert not ModelLogEntry.objects.filter(label__contains="Ana Member").exists()
