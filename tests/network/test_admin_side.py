"""The admin side of the permission matrix: what each admin role can reach of contact points,
tried as an attacker would (account takeover through invitations, choosers, reports, the admin
API, exports), and the trace every act on personal data leaves."""

import csv
import io
import re

import pytest
import wagtail_factories
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, ModelLogEntry

from network.factories import ContactPointFactory
from network.models import ContactPoint, NationalSociety
from tests.conftest import make_user
from tests.network.conftest import expected


@pytest.fixture
def admin_reader(db):
    """An admin user in no group: may reach the admin, holds no network or page permission."""
    user = make_user("reader")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def network_viewer(db):
    """May view contact points in the admin (view-only), not change them."""
    user = make_user("viewer")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_contactpoint"),
    )
    return user


def contact_form(contact=None, **changes):
    """The admin's contact point form, as posted."""
    society = NationalSociety.objects.get(slug="croatian-red-cross")
    data = {
        "name": "Canary Takeover",
        "slug": "",
        "society": society.pk,
        "role_en": "",
        "email": "attacker@example.org",
        "phone": "",
        "languages": [],
        "profile_visibility": "network",
        "email_visibility": "network",
        "phone_visibility": "network",
        "preferred_language": "en",
    }
    if contact is not None:
        data.update(
            name=contact.name,
            slug=contact.slug,
            society=contact.society_id,
            role_en=contact.role_en or "",
            email=contact.email,
            phone=contact.phone,
            languages=list(contact.languages),
            profile_visibility=contact.profile_visibility,
            email_visibility=contact.email_visibility,
            phone_visibility=contact.phone_visibility,
            preferred_language=contact.preferred_language,
        )
    data.update(changes)
    return data


def set_password_links(address):
    """The /password/set/ links emailed to an address."""
    links = []
    for message in mail.outbox:
        if address in message.to:
            links += re.findall(r"https?://\S+/password/set/\S+", message.body)
    return links


def entries(action, contact_pk=None):
    found = ModelLogEntry.objects.filter(action=action)
    if contact_pk is not None:
        found = found.filter(object_id=str(contact_pk))
    return found


# -- Account takeover -------------------------------------------------------------------------
@pytest.mark.django_db
def test_editor_cannot_link_a_contact_to_an_account(client, network_editor, administrator):
    client.force_login(network_editor)
    add = reverse("wagtailsnippets_network_contactpoint:add")
    assert 'name="user"' not in client.get(add).content.decode()
    response = client.post(add, contact_form(user=administrator.pk))
    assert response.status_code == 302
    contact = ContactPoint.objects.get(name="Canary Takeover")
    assert contact.user is None  # the posted account is ignored

    client.post(reverse("network_invite", args=[contact.pk]))
    contact.refresh_from_db()
    # The invitation made a new member account for the contact's address, nothing else.
    assert contact.user != administrator
    assert not contact.user.is_staff and not contact.user.has_usable_password()
    links = set_password_links("attacker@example.org")
    assert len(links) == 1
    administrator.refresh_from_db()
    assert administrator.check_password("pass-1234-word")
    assert client.get(links[0]).status_code in (200, 302)
    assert entries("network.invite", contact.pk).get().user == network_editor
    link = entries("network.link_account", contact.pk).get()
    assert link.user == network_editor and link.data["how"] == "invitation"


@pytest.mark.django_db
def test_superuser_links_an_account_and_it_is_logged(client, administrator, member):
    client.force_login(administrator)
    add = reverse("wagtailsnippets_network_contactpoint:add")
    assert 'name="user"' in client.get(add).content.decode()
    client.post(add, contact_form(user=member.pk, email="member@example.org"))
    contact = ContactPoint.objects.get(name="Canary Takeover")
    assert contact.user == member
    link = entries("network.link_account", contact.pk).get()
    assert link.user == administrator and link.data == {"account": member.pk, "how": "admin"}


@pytest.mark.django_db
def test_invitation_never_links_an_existing_account_by_email(client, network_editor, moderator):
    client.force_login(network_editor)
    contact = ContactPointFactory(name="Canary Lookalike", email="MODERATOR@example.org")
    page = client.get(reverse("network_invite", args=[contact.pk])).content.decode()
    assert "only a superuser may link" in page
    response = client.post(reverse("network_invite", args=[contact.pk]), follow=True)
    assert "only a superuser may link" in response.content.decode()
    contact.refresh_from_db()
    assert contact.user is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_reinvitation_after_an_email_change_sends_no_link(client, network_editor):
    client.force_login(network_editor)
    contact = ContactPointFactory(name="Canary Member", email="canary.member@example.org")
    client.post(reverse("network_invite", args=[contact.pk]))
    assert len(set_password_links("canary.member@example.org")) == 1
    contact.refresh_from_db()
    edit = reverse("wagtailsnippets_network_contactpoint:edit", args=[contact.pk])
    response = client.post(edit, contact_form(contact, email="attacker@example.org"))
    assert response.status_code == 302
    response = client.post(reverse("network_invite", args=[contact.pk]), follow=True)
    assert "is not the one of their account" in response.content.decode()
    assert set_password_links("attacker@example.org") == []


@pytest.mark.django_db
def test_staff_accounts_are_never_reached_by_network_links(client, administrator, network_editor):
    # Even linked by a superuser, a staff account gets no invitation...
    contact = ContactPointFactory(name="Canary Staff", email="admin@example.org")
    contact.user = network_editor
    network_editor.is_staff = True
    network_editor.set_unusable_password()
    network_editor.save()
    contact.save()
    client.force_login(administrator)
    response = client.post(reverse("network_invite", args=[contact.pk]), follow=True)
    assert "never invited" in response.content.decode()
    assert mail.outbox == []
    client.logout()
    # ...nor a reset link from the network's password reset...
    client.post("/en/network/password/reset/", {"email": "admin@example.org"})
    assert mail.outbox == []
    # ...and a set-password link made for one by any other means does not work.
    from network.auth import set_password_link

    page = client.get(set_password_link(administrator, "en"), follow=True)
    assert 'name="new_password1"' not in page.content.decode()


@pytest.mark.django_db
def test_members_still_reset_their_password(client, member):
    client.post("/en/network/password/reset/", {"email": "member@example.org"})
    links = set_password_links("member@example.org")
    assert len(links) == 1
    page = client.get(links[0], follow=True)
    assert 'name="new_password1"' in page.content.decode()


# -- The admin form ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_editor_cannot_fake_a_confirmation_or_widen_a_field(client, network_editor):
    contact = ContactPointFactory(name="Canary Stale", email="stale@example.org")
    client.force_login(network_editor)
    edit = reverse("wagtailsnippets_network_contactpoint:edit", args=[contact.pk])
    response = client.post(
        edit, contact_form(contact, phone="+1 555", last_confirmed="2026-11-30 10:00")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "+1 555" and contact.last_confirmed is None

    response = client.post(
        edit, contact_form(contact, profile_visibility="editors", email_visibility="public")
    )
    assert response.status_code == 200
    assert "cannot be seen by more people than the profile" in response.content.decode()
    contact.refresh_from_db()
    assert contact.profile_visibility == "network"


@pytest.mark.django_db
def test_a_new_contact_is_never_seen_more_widely_than_its_profile(client, network_editor):
    client.force_login(network_editor)
    add = reverse("wagtailsnippets_network_contactpoint:add")
    form = contact_form(phone="+1 555", profile_visibility="network", phone_visibility="public")
    response = client.post(add, form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        "phone_visibility": ["This cannot be seen by more people than the profile itself."]
    }
    assert not ContactPoint.objects.filter(name="Canary Takeover").exists()


@pytest.mark.django_db
def test_reverting_a_revision_keeps_the_account_and_the_confirmation(
    client, network_editor, member
):
    contact = ContactPointFactory(name="Canary Revert", email="revert@example.org")
    old = contact.save_revision()
    contact.user = member
    contact.save()
    contact.confirm(user=member)
    client.force_login(network_editor)
    revert = reverse(
        "wagtailsnippets_network_contactpoint:revisions_revert", args=[contact.pk, old.pk]
    )
    response = client.post(revert, contact_form(contact))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user == member and contact.last_confirmed is not None


# -- Deletion ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_deleting_a_contact_keeps_a_deletion_entry_without_personal_data(client, network_editor):
    contact = ContactPointFactory(name="Canary Deleted", email="deleted@example.org")
    contact.save_revision(user=network_editor, log_action=True)
    client.force_login(network_editor)
    delete = reverse("wagtailsnippets_network_contactpoint:delete", args=[contact.pk])
    assert client.post(delete).status_code == 302
    assert not ContactPoint.objects.filter(pk=contact.pk).exists()
    remaining = list(ModelLogEntry.objects.filter(object_id=str(contact.pk)))
    assert [entry.action for entry in remaining] == ["network.contact_deleted"]
    entry = remaining[0]
    assert entry.user == network_editor and entry.timestamp is not None
    assert entry.data == {"contact": contact.pk, "society": contact.society.slug}
    text = f"{entry.label} {entry.data}"
    assert "Canary" not in text and "deleted@example.org" not in text
    # It shows in the admin's history report.
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert f"Deleted contact point #{contact.pk}" in history


# -- Choosers, reports, the admin API ---------------------------------------------------------
@pytest.mark.django_db
def test_chooser_lists_only_the_profiles_the_user_may_see(client, canaries, admin_reader, editor):
    chooser = "/admin/snippets/choose/network/contactpoint/"
    hidden = canaries["editors-editors-editors"]
    chosen = reverse("wagtailsnippetchoosers_network_contactpoint:chosen", args=[hidden.pk])
    client.force_login(admin_reader)
    html = client.get(chooser, {"q": "Canary"}).content.decode()
    assert "Canary network-network-network name" in html
    assert "Canary editors-editors-editors name" not in html
    response = client.get(chosen)  # not found (sent on to /en/, as any unknown address)
    assert response.status_code != 200 and "Canary" not in response.content.decode()
    client.force_login(editor)
    html = client.get(chooser, {"q": "Canary"}).content.decode()
    assert "Canary editors-editors-editors name" in html
    assert "Canary editors-editors-editors name" in client.get(chosen).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["search_popular_queries", "search_empty_queries", "translation_report"]
)
def test_reports_need_the_permissions_of_what_they_mirror(client, admin_reader, editor, url_name):
    client.force_login(admin_reader)
    for params in ({}, {"export": "csv"}):
        response = client.get(reverse(url_name), params)
        assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert reverse(url_name) not in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.django_db
def test_admin_api_and_image_chooser_hide_photos_of_hidden_profiles(
    client, canaries, admin_reader, editor
):
    root = Collection.get_first_root_node()
    photo = wagtail_factories.ImageFactory(title="Canary secret photo", collection=root)
    wagtail_factories.ImageFactory(title="Canary landscape", collection=root)
    hidden = canaries["editors-editors-editors"]
    hidden.photo = photo
    hidden.save()

    client.force_login(admin_reader)  # no image permission at all
    assert client.get("/admin/api/main/images/").json()["items"] == []
    assert client.get("/admin/api/main/documents/").json()["items"] == []

    chooser_user = make_user("chooser")  # may choose images and documents, nothing more
    chooser_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    choosers = Group.objects.create(name="Image choosers")
    for codename in ("choose_image", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=choosers,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(codename=codename),
        )
    chooser_user.groups.add(choosers)
    client.force_login(chooser_user)
    titles = {item["title"] for item in client.get("/admin/api/main/images/").json()["items"]}
    assert "Canary landscape" in titles and "Canary secret photo" not in titles
    assert client.get(f"/admin/api/main/images/{photo.pk}/").status_code != 200  # not found
    html = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Canary landscape" in html and "Canary secret photo" not in html

    client.force_login(editor)
    titles = {item["title"] for item in client.get("/admin/api/main/images/").json()["items"]}
    assert "Canary secret photo" in titles


@pytest.mark.django_db
def test_the_image_library_hides_photos_of_hidden_profiles(client, canaries, editor):
    root = Collection.get_first_root_node()
    photo = wagtail_factories.ImageFactory(title="Canary secret photo", collection=root)
    wagtail_factories.ImageFactory(title="Canary landscape", collection=root)
    hidden = canaries["editors-editors-editors"]
    hidden.photo = photo
    hidden.save()
    librarian = make_user("librarian")  # manages images, sees no editors-only contact
    librarian.user_permissions.add(Permission.objects.get(codename="access_admin"))
    librarians = Group.objects.create(name="Librarians")
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=librarians, collection=root, permission=Permission.objects.get(codename=codename)
        )
    librarian.groups.add(librarians)
    client.force_login(librarian)
    for url in ("/admin/images/", "/admin/images/results/"):
        html = client.get(url).content.decode()
        assert "Canary landscape" in html and "Canary secret photo" not in html, url
    assert client.get(f"/admin/images/{photo.pk}/", follow=True).status_code == 404
    client.force_login(editor)
    assert "Canary secret photo" in client.get("/admin/images/").content.decode()
    assert client.get(f"/admin/images/{photo.pk}/").status_code == 200


# -- Exports and reads ------------------------------------------------------------------------
def exported(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.django_db
def test_view_only_export_follows_visible_fields_and_is_logged(
    client, canaries, network_viewer, network_editor
):
    listing = reverse("wagtailsnippets_network_contactpoint:list")
    client.force_login(network_viewer)
    response = client.get(listing, {"export": "csv", "q": "Canary"})
    assert response.status_code == 200
    rows = {row["Name"]: row for row in exported(response)}
    assert "Canary editors-public-public name" not in rows
    assert rows["Canary network-editors-network name"]["Email"] == ""
    assert rows["Canary network-network-editors name"]["Phone"] == ""
    assert rows["Canary public-public-network name"]["Email"] == (
        "canary-public-public-network@example.org"
    )
    text = str(rows)
    for key, contact in canaries.items():  # exactly what a network member may see
        sees_name, sees_email, sees_phone = expected(key, 1)
        assert (f"Canary {key} name" in text) is sees_name, key
        assert (contact.email in text) is sees_email, key
        assert (contact.phone in text) is sees_phone, key
    assert all(row["Slug"] for row in rows.values())

    logged = entries("network.export").filter(user=network_viewer)
    assert logged.count() == len(rows)
    entry = logged.get(object_id=str(canaries["public-public-public"].pk))
    assert entry.data["rows"] == len(rows) and entry.data["format"] == "csv"
    assert entry.data["filters"] == {"q": ["Canary"]}

    client.force_login(network_editor)
    rows = {row["Name"]: row for row in exported(client.get(listing, {"export": "csv"}))}
    assert rows["Canary editors-editors-editors name"]["Email"] == (
        "canary-editors-editors-editors@example.org"
    )


@pytest.mark.django_db
def test_admin_views_of_editors_only_data_are_logged(client, canaries, network_editor):
    client.force_login(network_editor)
    private = canaries["network-editors-network"]
    open_ = canaries["public-public-public"]
    for contact in (private, open_):
        edit = reverse("wagtailsnippets_network_contactpoint:edit", args=[contact.pk])
        assert client.get(edit).status_code == 200
    entry = entries("network.view_editors_only", private.pk).get()
    assert entry.user == network_editor and entry.data == {"view": "edit"}
    assert not entries("network.view_editors_only", open_.pk).exists()

    first = private.save_revision(user=network_editor)
    private.phone = "+385 1 NEW"
    private.save()
    second = private.save_revision(user=network_editor)
    compare = reverse(
        "wagtailsnippets_network_contactpoint:revisions_compare",
        args=[private.pk, first.pk, second.pk],
    )
    assert client.get(compare).status_code == 200
    assert (
        entries("network.view_editors_only", private.pk)
        .filter(data__view="revisions_compare")
        .exists()
    )


@pytest.mark.django_db
def test_exporting_the_stale_profiles_is_logged(client, network_editor):
    stale = ContactPointFactory(name="Canary Never Confirmed", email="never@example.org")
    client.force_login(network_editor)
    response = client.get(reverse("network_stale_profiles"), {"export": "csv"})
    assert "never@example.org" in b"".join(response.streaming_content).decode()
    entry = entries("network.export", stale.pk).get()
    assert entry.user == network_editor and entry.data["report"] == "stale-profiles"


@pytest.mark.django_db
def test_a_member_deleting_their_account_leaves_only_the_deletion_entry(client, member):
    contact = ContactPointFactory(name="Canary Leaving", email="leaving@example.org", user=member)
    contact.confirm(user=member)
    client.force_login(member)
    client.post("/en/network/profile/delete/", {"password": "pass-1234-word"})
    entry = ModelLogEntry.objects.get(object_id=str(contact.pk))
    assert entry.action == "network.contact_deleted" and entry.user_id == member.pk
    assert "Canary" not in entry.label
