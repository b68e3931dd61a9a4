"""Bulk load of contact points from JSON (format in DESIGN.md and the README).

Same rules as the resource import: every record is validated first and a bad one reported
with its position and reason; the others are saved; a record that matches what is stored
changes nothing.

Members edit their own name and email, so neither identifies them on its own: a record is
matched to a stored contact by its `slug` (the stable identifier, which members cannot
change), else by its account (`user`), else by its email address only when the contact with
that address also has the record's name and National Society, else by name and National
Society only when neither side has another email address. A record that would match two
people, or take another contact's email or account, is reported and never merged.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from hub import phones
from hub.languages import LANGUAGE_CODES
from network.audit import log_account_link
from network.models import LANGUAGE_CODES_SPOKEN, ContactPoint, NationalSociety, Visibility
from resources.models import Theme

FIELDS = {
    "slug",
    "name",
    "society",
    "country",
    "role",
    "email",
    "phone",
    "languages",
    "expertise",
    "profile_visibility",
    "email_visibility",
    "phone_visibility",
    "user",
    "preferred_language",
}


class RecordError(ValueError):
    pass


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def failed(self):
        return len(self.errors)


def _society(value, societies, country):
    if not isinstance(value, str) or not value.strip():
        raise RecordError('"society" must be the name or slug of a National Society')
    society = societies.get(value) or societies.get(value.casefold())
    if society is None:
        raise RecordError(f'unknown National Society "{value}"')
    if country and str(society.country) != country:
        raise RecordError(f'"{society}" is in {society.country}, not in {country}')
    return society


def validate(record, societies):
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    unknown = sorted(set(record) - FIELDS)
    if unknown:
        raise RecordError(f'unknown field "{unknown[0]}"')
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RecordError('"name" is required')
    slug = record.get("slug")
    if slug is not None:
        if not isinstance(slug, str) or len(slug) > 100:
            raise RecordError('"slug" must be a slug such as "marko-maric"')
        try:
            validate_slug(slug)
        except ValidationError:
            raise RecordError('"slug" must be a slug such as "marko-maric"') from None
    country = (record.get("country") or "").upper()
    if country and country not in dict(countries):
        raise RecordError(f'unknown country "{country}"')
    society = _society(record.get("society"), societies, country)
    role = record.get("role") or {}
    if isinstance(role, str):
        role = {"en": role}
    if not isinstance(role, dict) or set(role) - set(LANGUAGE_CODES):
        raise RecordError('"role" must be an object of translations, like {"en": "..."}')
    email = (record.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RecordError(f'"{email}" is not a valid email address') from None
    languages = record.get("languages") or []
    if not isinstance(languages, list) or any(
        code not in LANGUAGE_CODES_SPOKEN for code in languages
    ):
        raise RecordError('"languages" must be a list of language codes such as "hr"')
    expertise = record.get("expertise") or []
    if not isinstance(expertise, list) or not all(isinstance(slug, str) for slug in expertise):
        raise RecordError('"expertise" must be a list of theme slugs')
    visibilities = {}
    for name_ in ("profile_visibility", "email_visibility", "phone_visibility"):
        value = record.get(name_) or Visibility.NETWORK
        if value not in Visibility.values:
            raise RecordError(f'"{name_}" must be one of {", ".join(Visibility.values)}')
        visibilities[name_] = value
    username = record.get("user")
    if username is not None and (not isinstance(username, str) or not username.strip()):
        raise RecordError('"user" must be a username')
    preferred = record.get("preferred_language") or "en"
    if preferred not in LANGUAGE_CODES:
        raise RecordError(f'"preferred_language" must be one of {", ".join(LANGUAGE_CODES)}')
    return {
        "slug": slug,
        "name": name.strip(),
        "society": society,
        "role": {code: text.strip() for code, text in role.items() if text and text.strip()},
        "email": email,
        "phone": str(record.get("phone") or "").strip(),
        "languages": list(dict.fromkeys(languages)),
        "expertise": [slugify(slug) for slug in expertise if slugify(slug)],
        "visibilities": visibilities,
        "username": username.strip() if username else None,
        "preferred_language": preferred,
    }


def _societies():
    found = {}
    for society in NationalSociety.objects.all():
        found[society.slug] = society
        for code in LANGUAGE_CODES:
            name = society.field_in("name", code)
            if name:
                found.setdefault(name.casefold(), society)
    return found


def _find(data):
    """The stored contact this record describes, None for a new one (see the module doc)."""
    contacts = ContactPoint.objects.select_related("user")
    if data["slug"]:
        return contacts.filter(slug=data["slug"]).first()
    if data["username"]:
        found = contacts.filter(user__username=data["username"]).first()
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
        **data["visibilities"],
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
    societies = _societies()
    User = get_user_model()  # noqa: N806
    seen = {}
    for position, record in enumerate(records, start=1):
        label = record.get("name", "") if isinstance(record, dict) else ""
        try:
            data = validate(record, societies)
            keys = [
                ("slug", data["slug"]),
                ("user", data["username"]),
                ("email", data["email"].lower()),
            ]
            keys = [key for key in keys if key[1]] or [("name", data["name"], data["society"].pk)]
            for key in keys:
                if key in seen:
                    raise RecordError(f"the same person as record {seen[key]}")
            seen.update(dict.fromkeys(keys, position))
            with transaction.atomic():
                themes = {}
                for slug in data["expertise"]:
                    themes[slug], _created = Theme.objects.get_or_create(
                        slug=slug, defaults={"name_en": slug.replace("-", " ").capitalize()}
                    )
                contact = _find(data) or ContactPoint(slug=data["slug"] or "")
                is_new = contact.pk is None
                changed, expertise = _apply(contact, data, themes)
                linked = None
                if data["username"] and (
                    contact.user is None or contact.user.username != data["username"]
                ):
                    user = User.objects.filter(username=data["username"]).first()
                    if user is None:
                        user = User(username=data["username"], email=data["email"])
                        user.set_unusable_password()  # the invitation sets it
                        user.save()
                    elif user.is_staff or user.is_superuser:
                        raise RecordError(
                            f'the account "{user.username}" is a staff account; '
                            "a contact point is never linked to one"
                        )
                    if ContactPoint.objects.filter(user=user).exclude(pk=contact.pk).exists():
                        raise RecordError(f'the account "{user.username}" has another profile')
                    contact.user = user
                    linked = user
                    changed = True
                if not changed:
                    report.unchanged += 1
                    continue
                contact.full_clean(exclude=["user", "latest_revision"])
                contact.save()
                contact.expertise.set(expertise)
                contact.save_revision(log_action=True)
                if linked is not None:
                    log_account_link(contact, linked, by=None, how="import")
                if is_new:
                    report.created += 1
                else:
                    report.updated += 1
        except RecordError as error:
            report.errors.append((position, label, str(error)))
        except ValidationError as error:
            messages = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
            )
            report.errors.append((position, label, messages))
    return report
