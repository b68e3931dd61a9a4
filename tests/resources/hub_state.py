"""What moving a hub must keep, as JSON, so that two hubs (two databases, two processes) can
be compared: `python manage.py shell -c "from tests.resources.hub_state import main; main()"`.
"""

import hashlib
import json

from django.test import Client
from django.utils import translation

from network.models import ContactPoint
from resources.export import restrictions_over, view_restrictions
from resources.models import KIND_MODELS, ResourceIndexPage

LANGUAGES = ("en", "fr", "es", "ar", "hr", "nl")


def content(instance):
    with instance.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def moment(value):
    return value.isoformat() if value else None


def snapshot():
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from search import service

    client = Client(HTTP_HOST="localhost")
    restrictions = view_restrictions()
    pages = {}
    for model in KIND_MODELS.values():
        for page in model.objects.live():
            with translation.override("fr"):
                french = page.get_url()
            pages[page.slug_en] = {
                "kind": page.kind,
                "slugs": {code: getattr(page, f"slug_{code}") for code in LANGUAGES},
                "titles": {code: getattr(page, f"title_{code}") for code in LANGUAGES},
                "dates": [
                    moment(page.first_published_at),
                    moment(page.last_published_at),
                    moment(page.publication_date),
                ],
                "attachments": [
                    [item.document.title, content(item.document), item.language]
                    for item in page.resource_attachments.select_related("document")
                ],
                "cover": content(page.cover_image) if page.cover_image else None,
                "contact": page.contact_point.slug if page.contact_point else None,
                "themes": sorted(term.slug for term in page.themes.all()),
                "society": page.national_society.slug if page.national_society else None,
                "restrictions": restrictions_over(page, restrictions),
                "french_page": [french, client.get(french).status_code],
            }
    contacts = {
        contact.slug: {
            "name": contact.name,
            "society": contact.society.slug,
            "email": contact.email,
            "phone": contact.phone,
            "languages": contact.languages,
            "visibility": [
                contact.profile_visibility,
                contact.email_visibility,
                contact.phone_visibility,
            ],
            "expertise": sorted(theme.slug for theme in contact.expertise.all()),
            "account": contact.user.get_username() if contact.user else None,
            "last_confirmed": moment(contact.last_confirmed),
            "created_at": moment(contact.created_at),
            "photo": content(contact.photo) if contact.photo else None,
        }
        for contact in ContactPoint.objects.all()
    }
    library = ResourceIndexPage.objects.get()
    return {
        "library": {code: getattr(library, f"title_{code}") for code in LANGUAGES},
        "pages": pages,
        "contacts": contacts,
        "documents": Document.objects.count(),
        "images": Image.objects.count(),
        "found": service.search(service.parse({"q": "Ashiana"})).total,
    }


def main():
    print(json.dumps(snapshot(), sort_keys=True))  # noqa: T201 - read by the test
