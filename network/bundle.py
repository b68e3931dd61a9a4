"""The directory in a bundle (resources.bundle, `export_resources --bundle FILE --contacts`):
each contact point as import_contacts reads it, with what a record of that format does not
carry and a move must keep: the photo (a file of the bundle), when the profile was made and
when its member last confirmed it.

A bundle holds personal data at every visibility, editors-only fields included: each export
is an entry in each exported contact's history, as the admin's exports are (network.audit).
Imported, a profile keeps the member's latest confirmation (the bundle's or the hub's own,
whichever is later) and its earliest creation date; the confirmation stays the member's act,
never the import's.
"""

from django.utils.dateparse import parse_datetime
from modeltranslation.utils import build_localized_fieldname

from hub.languages import LANGUAGE_CODES
from network.audit import log_command_export
from network.importer import import_contacts
from network.models import ContactPoint
from resources.bundle_files import FILES, image_entry
from resources.record_moves import FileSpec

BUNDLE_FIELDS = ("photo", "created_at", "last_confirmed")


def _moment(value):
    return value.isoformat() if value else None


def contact_records(files):
    """Every contact point as a bundle's record; `files` collects the photos' files."""
    contacts = (
        ContactPoint.objects.select_related("society", "user", "photo")
        .prefetch_related("expertise")
        .order_by("pk")
    )
    records = []
    for contact in contacts:
        record = {
            "slug": contact.slug,
            "name": contact.name,
            "society": contact.society.slug,
            "role": {
                language: value
                for language in LANGUAGE_CODES
                if (value := getattr(contact, build_localized_fieldname("role", language)))
            },
            "email": contact.email,
            "phone": contact.phone,
            "languages": list(contact.languages or []),
            "expertise": sorted(theme.slug for theme in contact.expertise.all()),
            "profile_visibility": contact.profile_visibility,
            "email_visibility": contact.email_visibility,
            "phone_visibility": contact.phone_visibility,
            "preferred_language": contact.preferred_language,
            "created_at": _moment(contact.created_at),
            "last_confirmed": _moment(contact.last_confirmed),
            "photo": image_entry(contact.photo) if contact.photo else None,
        }
        if contact.user is not None:
            record["user"] = contact.user.get_username()
        if contact.photo:
            files[FILES + contact.photo.file.name] = contact.photo.file.name
        records.append(record)
    return records


def log_bundle_export():
    """The bundle holding every contact point was written: say so in each one's history."""
    log_command_export(ContactPoint.objects.all(), "bundle")


def import_contact_records(records, bundle):
    """Import a bundle's contacts (import_contacts, then each one's photo and dates)."""
    plain = [
        {key: value for key, value in record.items() if key not in BUNDLE_FIELDS}
        if isinstance(record, dict)
        else record
        for record in records
    ]
    report = import_contacts(plain)
    failed = {position for position, _label, _message in report.errors}
    for position, record in enumerate(records, start=1):
        if position in failed or not isinstance(record, dict) or not record.get("slug"):
            continue
        try:
            _keep_what_moves(record, bundle)
        except Exception as error:  # noqa: BLE001 - reported against the record
            report.fail(position, record.get("name", ""), f"photo or dates not saved: {error}")
    report.errors.sort()
    return report


def _keep_what_moves(record, bundle):
    """Set a contact's photo and dates from its record (not a revision: neither is a
    change of the profile's content); True if any changed."""
    contact = ContactPoint.objects.filter(slug=record["slug"]).first()
    if contact is None:
        return False
    changed = []
    created = parse_datetime(record.get("created_at") or "")
    if created and (contact.created_at is None or created < contact.created_at):
        contact.created_at = created
        changed.append("created_at")
    confirmed = parse_datetime(record.get("last_confirmed") or "")
    if confirmed and (contact.last_confirmed is None or confirmed > contact.last_confirmed):
        contact.last_confirmed = confirmed
        changed.append("last_confirmed")
    if "photo" in record:
        photo = record["photo"]
        image = None
        if isinstance(photo, dict) and isinstance(photo.get("file"), str):
            focal_point = photo.get("focal_point")
            spec = FileSpec(
                file=photo["file"],
                title=str(photo.get("title") or contact.name)[:255],
                description=str(photo.get("description") or "")[:255],
                focal_point=tuple(focal_point) if isinstance(focal_point, list) else (),
            )
            image = bundle.image(spec)
        if contact.photo_id != (image.pk if image else None):
            contact.photo = image
            changed.append("photo")
    if changed:
        contact.save(update_fields=changed)
    return bool(changed)
