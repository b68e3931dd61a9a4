"""Add the demo content built from the seed documents to a hub; running it again changes
nothing.

The hub itself (the home page, the library, its "Library review" workflow, the groups'
permissions, the National Societies) comes from `migrate` (hub migration 0005, network 0008):
this command adds what the seeds hold, under that home page and library, and the names of
its four National Societies in every language.
"""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from wagtail.documents.models import Document
from wagtail.models import Site

from hub.demo.pdf import blocks_of_html, document_pdf
from hub.languages import DEFAULT_LANGUAGE
from hub.models import EmergencyNotice, HelpLine, HomePage, StandardPage
from network.importer import import_contacts
from network.models import ContactPoint, NationalSociety
from resources.bodies import text_to_blocks
from resources.importer import ResourceImporter
from resources.models import KIND_MODELS, ResourceAttachment, ResourceIndexPage
from resources.records import TAXONOMIES
from resources.slugs import slug_for

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content.json"

# Resources that come with a PDF, and in which languages.
ATTACHMENTS = {
    "step-integration-pilot-uk": ["en", "fr"],
    "indicators-of-trafficking-frontline-checklist": ["en", "fr", "hr"],
}


class Command(BaseCommand):
    help = "Load the demo content built from the seed documents (idempotent)."

    def handle(self, *args, **options):
        try:
            content = json.loads(CONTENT.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the demo content {CONTENT}: {error}") from error
        with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
            self.load_taxonomies(content)
            self.load_societies(content)
            home, library = self.structure()
            for page in content["pages"]:
                self.load_page(home, StandardPage, page, ("title", "intro", "body"))
            self.load_emergency_notice(home)
            self.load_help_lines(content)
        report = ResourceImporter(library=library).run(content["resources"])
        for position, label, message in report.errors:
            self.stderr.write(f"Resource {position} ({label}): {message}")
        if report.failed:
            raise CommandError("Some demo resources could not be loaded.")
        with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
            self.load_attachments(library)
            self.load_contacts(content, library)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {report.created} resources created, "
                f"{report.updated} updated, {report.unchanged} unchanged."
            )
        )

    @staticmethod
    def set_translations(instance, name, values, as_blocks=False):
        for language, value in values.items():
            if as_blocks:
                value = json.dumps(text_to_blocks(value))
            setattr(instance, build_localized_fieldname(name, language), value)

    def load_taxonomies(self, content):
        for key, model in TAXONOMIES.items():
            for term in content[key]:
                instance = model.objects.filter(slug=term["slug"]).first() or model(
                    slug=term["slug"]
                )
                self.set_translations(instance, "name", term["name"])
                instance.save()

    def load_societies(self, content):
        for entry in content["national_societies"]:
            society = NationalSociety.objects.filter(slug=entry["slug"]).first()
            society = society or NationalSociety(slug=entry["slug"])
            self.set_translations(society, "name", entry["name"])
            society.country = entry["country"]
            society.website = entry["website"]
            society.atn_member = entry["atn_member"]
            society.save()

    def structure(self):
        """The home page and the library `migrate` made, which the demo goes into."""
        home = HomePage.objects.first()
        library = ResourceIndexPage.objects.child_of(home).first() if home else None
        if library is None:
            missing = "library" if home else "home page"
            raise CommandError(
                f"The hub has no {missing}: the demo goes into the home page and library that "
                "`manage.py migrate` makes on a new database."
            )
        return home, library

    def fill(self, page, entry, fields):
        for name in fields:
            self.set_translations(page, name, entry[name], as_blocks=name == "body")
        for language in entry["title"]:
            if language != DEFAULT_LANGUAGE:
                setattr(
                    page,
                    build_localized_fieldname("slug", language),
                    slug_for(entry["title"][language]),
                )

    def load_page(self, parent, model, entry, fields):
        page = model.objects.child_of(parent).filter(slug_en=entry["slug"]).first()
        if page is not None:
            return page
        page = model(slug=entry["slug"], show_in_menus=True)
        self.fill(page, entry, fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def load_attachments(self, library):
        """A PDF of each resource's text in the languages of ATTACHMENTS, published."""
        for slug, languages in ATTACHMENTS.items():
            page = next(
                (
                    page
                    for model in KIND_MODELS.values()
                    for page in model.objects.child_of(library).filter(slug_en=slug)
                ),
                None,
            )
            if page is None:
                continue
            missing = [code for code in languages if code not in page.attachment_languages()]
            for language in missing:
                title = page.field_in("title", language)
                checklist = getattr(page, "format", "") == "checklist"
                blocks = [("paragraph", page.field_in("summary", language))]
                for block in page.field_in("body", language):
                    if block.block_type == "heading":
                        blocks.append(("heading", strip_tags(str(block.value))))
                    elif block.block_type == "paragraph":
                        blocks.extend(blocks_of_html(str(block.value), checklist))
                document = Document(title=title)
                pdf = ContentFile(document_pdf(title, blocks))
                document.file.save(f"{slug}-{language}.pdf", pdf, save=False)
                document._set_document_file_metadata()  # size and hash, as the admin does
                document.save()
                page.resource_attachments.add(
                    ResourceAttachment(document=document, language=language)
                )
            if missing:
                page.save_revision().publish()

    def load_contacts(self, content, library):
        """The public contact points of the seeds, and the resources that name them."""
        report = import_contacts(content.get("contact_points", []))
        if report.failed:
            raise CommandError(f"Demo contact points could not be loaded: {report.errors}")
        for slug, email in content.get("contact_for_resources", {}).items():
            contact = ContactPoint.objects.get(email=email)
            for model in KIND_MODELS.values():
                for page in model.objects.child_of(library).filter(slug_en=slug):
                    if page.contact_point_id != contact.pk:
                        page.contact_point = contact
                        page.save_revision().publish()

    def load_emergency_notice(self, home):
        site = Site.objects.get(root_page=home)
        EmergencyNotice.for_site(site)

    def load_help_lines(self, content):
        """The numbers of the "Get help now" page: the seed's 999 and British Red Cross
        contact, and 112 for the European Union."""
        for entry in content.get("help_lines", []):
            number = entry.get("phone_number", "")
            line = HelpLine.objects.filter(
                kind=entry["kind"], country=entry.get("country", ""), phone_number=number
            ).first() or HelpLine(kind=entry["kind"], country=entry.get("country", ""))
            line.phone_number, line.email = number, entry.get("email", "")
            for name in ("area", "name", "purpose"):
                self.set_translations(line, name, entry.get(name, {}))
            line.full_clean()
            line.save()
