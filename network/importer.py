"""Bulk load of contact points from JSON (format: network.records, the README).

Same rules as the resource import: every record is validated (its form, then the model's
rules as it is saved) and a bad one reported with its position and reason; the others are
saved; a record that matches what is stored changes nothing.

Members edit their own name and email, so neither identifies them on its own: a record is
matched to a stored contact by its `slug` (the stable identifier, which members cannot
change), else by its account (`user`), else by its email address only when the contact with
that address also has the record's name and National Society, else by name and National
Society only when neither side has another email address. A record that would match two
people, or take another contact's email or account, is reported and never merged.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from hub import phones
from hub.languages import LANGUAGE_CODES
from hub.records import (
    ImportReport,
    RecordError,
    SeenRecords,
    SocietyLookup,
    model_errors,
    validated,
)
from network.audit import log_account_link
from network.models import ContactPoint
from network.records import ContactRecordForm
from resources.models import Theme


def _find(data):
    """The stored contact this record describes, None for a new one (see the module doc)."""
    contacts = ContactPoint.objects.select_related("user")
    if data["slug"]:
        return contacts.filter(slug=data["slug"]).first()
    if data["user"]:
        found = contacts.filter(user__username=data["user"]).first()
        if found:
            return found
    if data["email"]:
        found = contacts.filter(email__iexact=data["email"]).first()
        if found:
            if found.name != data["name"] or found.society_id != data["society"].pk:
                raise RecordError(
                    f'the email address is used by the contact point "{found.slug}" under '
                    'another name or National Society; give that contact\'s "slug" to update it'
                )
            return found
    namesakes = list(contacts.filter(name=data["name"], society=data["society"])[:2])
    if len(namesakes) > 1:
        raise RecordError(
            "several contact points have this name in this National Society; "
            'give the "slug" of the one to update'
        )
    if namesakes and namesakes[0].email and data["email"]:
        raise RecordError(
            f'the contact point "{namesakes[0].slug}" has this name with another email '
            'address; give its "slug" to update it'
        )
    return namesakes[0] if namesakes else None


def _apply(contact, data, themes):
    values = {
        "name": data["name"],
        "society_id": data["society"].pk,
        "email": data["email"],
        # As ContactPoint.clean stores it, so that a number given as dialled locally is
        # not a change at every import.
        "phone": phones.display(data["phone"], data["society"].country.code),
        "languages": data["languages"],
        "preferred_language": data["preferred_language"],
        "profile_visibility": data["profile_visibility"],
        "email_visibility": data["email_visibility"],
        "phone_visibility": data["phone_visibility"],
    }
    for code in LANGUAGE_CODES:
        values[build_localized_fieldname("role", code)] = data["role"].get(code)
    changed = contact.pk is None
    for name, value in values.items():
        if (getattr(contact, name) or None) != (value or None):
            setattr(contact, name, value)
            changed = True
    wanted = {themes[slug].pk for slug in data["expertise"]}
    if contact.pk is None or {theme.pk for theme in contact.expertise.all()} != wanted:
        changed = True
    return changed, wanted


def import_contacts(records):
    report = ImportReport()
    societies = SocietyLookup()
    seen = SeenRecords("person")
    for position, record in enumerate(records, start=1):
        label = record.get("name", "") if isinstance(record, dict) else ""
        try:
            data = validated(ContactRecordForm, record, societies=societies).cleaned_data
            keys = [
                ("slug", data["slug"]),
                ("user", data["user"]),
                ("email", data["email"].lower()),
            ]
            keys = [key for key in keys if key[1]] or [("name", data["name"], data["society"].pk)]
            seen.claim(position, keys)
            with transaction.atomic():
                outcome = _save(data)
            if outcome == "created":
                report.created += 1
            elif outcome == "updated":
                report.updated += 1
            else:
                report.unchanged += 1
        except RecordError as error:
            report.fail(position, label, error)
        except ValidationError as error:
            report.fail(position, label, model_errors(error))
    return report


def _save(data):
    """Create or update the contact point a record describes: "created", "updated" or
    "unchanged"; RecordError or the model's ValidationError if it cannot be."""
    themes = {}
    for slug in data["expertise"]:
        themes[slug], _created = Theme.objects.get_or_create(
            slug=slug, defaults={"name_en": slug.replace("-", " ").capitalize()}
        )
    contact = _find(data) or ContactPoint(slug=data["slug"])
    is_new = contact.pk is None
    changed, expertise = _apply(contact, data, themes)
    linked = _account(contact, data)
    if linked is not None:
        contact.user = linked
        changed = True
    if not changed:
        return "unchanged"
    contact.full_clean(exclude=["user", "latest_revision"])
    contact.save()
    contact.expertise.set(expertise)
    contact.save_revision(log_action=True)
    if linked is not None:
        log_account_link(contact, linked, by=None, how="import")
    return "created" if is_new else "updated"


def _account(contact, data):
    """The account the record links the contact to, when it is not linked to it yet."""
    username = data["user"]
    if not username or (contact.user is not None and contact.user.username == username):
        return None
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=data["email"])
        user.set_unusable_password()  # the invitation sets it
        user.save()
    elif user.is_staff or user.is_superuser:
        raise RecordError(
            f'the account "{user.username}" is a staff account; '
            "a contact point is never linked to one"
        )
    if ContactPoint.objects.filter(user=user).exclude(pk=contact.pk).exists():
        raise RecordError(f'the account "{user.username}" has another profile')
    return user
