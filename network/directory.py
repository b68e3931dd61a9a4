"""The directory's one query: the contact points a viewer may see, filtered.

The HTML directory, the JSON API and the vCards all go through `contacts_for` and
`ContactPoint.visible_fields`, so every surface shows exactly what the viewer may see.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.forms import QueryForm, TextField, WholeNumberField
from network.languages import canonical
from network.models import ContactPoint

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class DirectoryFilters:
    country: str = ""
    society: str = ""
    language: str = ""
    expertise: str = ""
    q: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE


SLUG = re.compile(r"[-\w]+")


class DirectoryForm(QueryForm):
    """The filters of the directory, for /<lang>/network/ and /api/contacts/ alike: the first
    error (`first_error()`) is the API's 400 `{"error", "parameter"}` and the page's notice."""

    country = TextField("country", 100)
    language = TextField("language", 100)
    q = TextField("q", 100)
    society = TextField("society", 100, truncate=True)
    expertise = TextField("expertise", 100, truncate=True)
    page = WholeNumberField("page", 10_000, 1)
    page_size = WholeNumberField("page_size", MAX_PAGE_SIZE, PAGE_SIZE)

    def clean_country(self):
        value = self.cleaned_data["country"]
        code = value.upper() if value.isascii() else ""
        if value and code not in countries:
            raise ValidationError(
                _("country must be an ISO 3166 code such as HR"), code="invalid_choice"
            )
        return code

    def clean_language(self):
        value = self.cleaned_data["language"]
        code = (canonical(value) if value.isascii() else None) or ""
        if value and not code:
            raise ValidationError(
                _("language must be a language code such as hr"), code="invalid_choice"
            )
        return code

    def clean_society(self):
        return self._slug("society", _("society must be the slug of a National Society"))

    def clean_expertise(self):
        return self._slug("expertise", _("expertise must be the slug of a theme"))

    def _slug(self, name, message):
        """A slug, or the error (a path, "../..", is no society: 0 contacts would say there
        is one without any)."""
        value = self.cleaned_data[name]
        if value and not SLUG.fullmatch(value):
            raise ValidationError(message, code="invalid_choice")
        return value

    def filters(self):
        """The DirectoryFilters of valid parameters (after `is_valid()`)."""
        return DirectoryFilters(**self.cleaned_data)


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


def as_json(visible):
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
