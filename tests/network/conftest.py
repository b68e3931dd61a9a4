"""Viewers of the directory, by role, and contact points with canary values."""

import pytest

from network.factories import ContactPointFactory
from network.models import NationalSociety
from tests.conftest import make_user

LEVELS = ["public", "network", "editors"]


@pytest.fixture
def member(db):
    return make_user("member")


@pytest.fixture
def other_member(db):
    return make_user("other")


@pytest.fixture
def network_editor(db):
    return make_user("editor", "Editors")


@pytest.fixture
def administrator(db):
    return make_user("admin", is_superuser=True, is_staff=True)


@pytest.fixture
def canaries(db):
    """One contact per combination of profile, email and phone visibility (a field is never
    meant to be wider than its profile), each with unique canary values."""
    croatia = NationalSociety.objects.get(slug="croatian-red-cross")
    contacts = {}
    for profile in LEVELS:
        for email in LEVELS:
            for phone in LEVELS:
                key = f"{profile}-{email}-{phone}"
                contacts[key] = ContactPointFactory(
                    name=f"Canary {key} name",
                    society=croatia,
                    role_en=f"Canary {key} role",
                    email=f"canary-{key}@example.org",
                    phone=f"+385-{LEVELS.index(profile)}{LEVELS.index(email)}{LEVELS.index(phone)}-999",
                    profile_visibility=profile,
                    email_visibility=email,
                    phone_visibility=phone,
                    languages=["hr", "en"],
                )
    return contacts


RANK = {"public": 0, "network": 1, "editors": 2}


def expected(contact_key, viewer_rank):
    """(name, email, phone) a viewer of that rank must see of a canary contact."""
    profile, email, phone = contact_key.split("-")
    if RANK[profile] > viewer_rank:
        return (False, False, False)
    return (
        True,
        max(RANK[email], RANK[profile]) <= viewer_rank,
        max(RANK[phone], RANK[profile]) <= viewer_rank,
    )
