"""The directory's one query: the contact points a viewer may see, filtered.

The HTML directory, the JSON API and the vCards all go through `contacts_for` and
`ContactPoint.visible_fields`, so every surface shows exactly what the viewer may see.
"""

from dataclasses import dataclass

from django.db.models import Q
from django_countries import countries

from network.models import LANGUAGE_CODES_SPOKEN, ContactPoint

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class InvalidFilter(ValueError):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class DirectoryFilters:
    country: str = ""
    society: str = ""
    language: str = ""
    expertise: str = ""
    q: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE


def _int(params, name, default, maximum):
    raw = params.get(name) or ""
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise InvalidFilter(name, f"{name} must be a whole number from 1 to {maximum}")
    return int(raw)


def parse(params):
    country = (params.get("country") or "").upper()
    if country and country not in dict(countries):
        raise InvalidFilter("country", "country must be an ISO 3166 code such as HR")
    language = (params.get("language") or "").lower()
    if language and language not in LANGUAGE_CODES_SPOKEN:
        raise InvalidFilter("language", "language must be a language code such as hr")
    for name in ("q", "society", "expertise"):
        if "\x00" in (params.get(name) or ""):
            raise InvalidFilter(name, f"{name} has an invalid character")
    q = (params.get("q") or "").strip()
    if len(q) > 100:
        raise InvalidFilter("q", "q must be at most 100 characters")
    society = (params.get("society") or "").strip()[:100]
    expertise = (params.get("expertise") or "").strip()[:100]
    return DirectoryFilters(
        country=country,
        society=society,
        language=language,
        expertise=expertise,
        q=q,
        page=_int(params, "page", 1, 10_000),
        page_size=_int(params, "page_size", PAGE_SIZE, MAX_PAGE_SIZE),
    )


def contacts_for(user, filters):
    contacts = (
        ContactPoint.objects.visible_to(user)
        .select_related("society", "photo")
        .prefetch_related("expertise")
        .order_by("society__country", "name", "pk")
    )
    if filters.country:
        contacts = contacts.filter(society__country=filters.country)
    if filters.society:
        contacts = contacts.filter(society__slug=filters.society)
    if filters.language:
        # JSON text match on the quoted code: portable across SQLite and PostgreSQL.
        contacts = contacts.filter(languages__icontains=f'"{filters.language}"')
    if filters.expertise:
        contacts = contacts.filter(expertise__slug=filters.expertise)
    if filters.q:
        words = Q()
        for word in filters.q.split()[:5]:
            words &= (
                Q(name__icontains=word)
                | Q(**{"role__icontains": word})
                | Q(role_en__icontains=word)
            )
        contacts = contacts.filter(words)
    return contacts


def as_json(visible, request=None, language="en"):
    from django.urls import reverse

    society = visible["society"]
    return {
        "id": visible["id"],
        "name": visible["name"],
        "role": visible["role"],
        "society": {"slug": society.slug, "name": society.name, "country": str(society.country)},
        "languages": visible["languages"],
        "expertise": [term.slug for term in visible["expertise"]],
        "email": visible["email"] or None,
        "phone": visible["phone"] or None,
        "confirmed_recently": visible["confirmed_recently"],
        "vcard": reverse("contact_vcard", args=[visible["id"]]),
    }
