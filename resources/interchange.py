"""Import and export of resources in the JSON format of DESIGN.md.

One record a resource: `{"kind", "title": {lang: text}, "summary", "body", "themes",
"exploitation_forms", "audiences", "countries", "national_society", "published"}`, with the
optional `slug` (the English slug, which identifies the resource on re-import) and the fields
of its kind (`format`, `how_to_use` for tools; `partners`, `period`, `people_supported`,
`outcomes`, `lessons_learned` for case studies).

The importer is built for files of tens of thousands of records: it validates every record
first (a bad record is reported by its position and skipped), then writes in batches, each in
one transaction, with tree paths and slugs computed in memory and the search index updated
once per batch. It never goes through wagtail-modeltranslation's slug check, which loads
every sibling page on each save. A record whose values match the stored page is left alone,
so importing the same file twice changes nothing.
"""

import html
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.text import slugify
from django_countries import countries as all_countries
from modelsearch.signal_handlers import post_save_signal_handler
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from hub import rich_text
from hub.blocks import BodyBlock
from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from hub.models import ContentVersion
from network.models import NationalSociety
from resources.models import (
    KIND_MODELS,
    Audience,
    CaseStudyPage,
    ExploitationForm,
    ResourceIndexPage,
    Theme,
    ToolPage,
)
from resources.slugs import slug_for, slug_in, unique_slug
from search import service as search_service

TAXONOMIES = {"themes": Theme, "exploitation_forms": ExploitationForm, "audiences": Audience}
# Translated text fields of each kind, besides title, summary and body.
KIND_TEXT_FIELDS = {
    "guidance": (),
    "tool": ("how_to_use",),
    "case_study": ("partners", "period", "outcomes", "lessons_learned"),
}
COMMON_TEXT_FIELDS = ("title", "summary")


class RecordError(ValueError):
    """A record that cannot be imported; the message says why."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (position, label, message)

    @property
    def failed(self):
        return len(self.errors)


@dataclass
class ResourceData:
    """A validated record: the values to store, ready to compare with a stored page."""

    position: int
    kind: str
    slug: str
    texts: dict  # localized field name -> value or None
    bodies: dict  # language -> list of {"type", "value"} blocks
    scalars: dict  # other concrete fields
    terms: dict  # taxonomy field -> list of term objects (or unsaved specs)
    society: object


# -- Body text ----------------------------------------------------------------------------------
def text_to_blocks(text):
    """Plain text to StreamField blocks: blank lines part paragraphs, "## " starts a heading,
    lines starting with "- " make a bulleted list."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            blocks.append({"type": "heading", "value": lines[0][3:].strip()})
        elif all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(
                f"<li>{html.escape(line.lstrip()[2:].strip(), quote=False)}</li>" for line in lines
            )
            blocks.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        else:
            heading = None
            if lines[0].startswith("## "):
                heading, lines = lines[0][3:].strip(), lines[1:]
                blocks.append({"type": "heading", "value": heading})
            paragraph = "<br/>".join(html.escape(line, quote=False) for line in lines)
            blocks.append({"type": "paragraph", "value": f"<p>{paragraph}</p>"})
    return blocks


BODY_BLOCK = BodyBlock()


def _blocks(value, position_label):
    if isinstance(value, str):
        return text_to_blocks(value)  # escaped as it is built
    if isinstance(value, list) and all(
        isinstance(block, dict) and isinstance(block.get("type"), str) and "value" in block
        for block in value
    ):
        return [
            _block(block["type"], block["value"], f"{position_label} block {number}")
            for number, block in enumerate(value, start=1)
        ]
    raise RecordError(f"{position_label} must be text or a list of blocks")


def _block(kind, value, label):
    """A block of the body, its rich text cleaned with Wagtail's whitelist (hub.rich_text);
    RecordError if it is not a block the body takes."""
    child = BODY_BLOCK.child_blocks.get(kind)
    if child is None:
        raise RecordError(
            f'{label} has the unknown type "{kind}" (one of {", ".join(BODY_BLOCK.child_blocks)})'
        )
    structured = isinstance(child, blocks.StructBlock)
    if not isinstance(value, dict if structured else str):
        raise RecordError(f"{label} ({kind}) must be {'an object' if structured else 'text'}")
    if isinstance(child, blocks.RichTextBlock):
        value = rich_text.clean(value, child.features)
        if not value.strip():
            raise RecordError(f"{label} ({kind}) is empty once the markup it may not hold goes")
    try:
        child.clean(child.to_python(value))
    except ValidationError as error:
        problems = getattr(error, "block_errors", None) or {}
        detail = "; ".join(
            f"{name}: {' '.join(problem.messages)}" for name, problem in problems.items()
        )
        message = detail or " ".join(error.messages)
        raise RecordError(f"{label} ({kind}) is not valid: {message}") from None
    return {"type": kind, "value": value}


def stream_blocks(stream_value):
    """A stored StreamField value as [{"type", "value"}], without block ids."""
    if stream_value is None:
        return []
    return [{"type": block["type"], "value": block["value"]} for block in stream_value.raw_data]


# -- Validation ---------------------------------------------------------------------------------
def _translations(record, name, required=False):
    value = record.get(name)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise RecordError(f'"{name}" must be an object of translations, like {{"en": "..."}}')
    unknown = sorted(set(value) - set(LANGUAGE_CODES))
    if unknown:
        raise RecordError(f'unknown language "{unknown[0]}" in "{name}"')
    cleaned = {}
    for language, text in value.items():
        if text is None:
            continue
        if name != "body" and not isinstance(text, str):
            raise RecordError(f'"{name}.{language}" must be text')
        if isinstance(text, str):
            text = text.strip()
            if not text:
                continue
        cleaned[language] = text
    if required and DEFAULT_LANGUAGE not in cleaned:
        raise RecordError(f'"{name}" needs an English ("{DEFAULT_LANGUAGE}") text')
    return cleaned


class Catalogue:
    """Taxonomy terms and National Societies by slug, loaded once for a whole import."""

    def __init__(self):
        self.terms = {
            name: {term.slug: term for term in model.objects.all()}
            for name, model in TAXONOMIES.items()
        }
        self.societies = {}
        for society in NationalSociety.objects.all():
            self.societies[society.slug] = society
            for language in LANGUAGE_CODES:
                name = society.field_in("name", language)
                if name:
                    self.societies.setdefault(name.casefold(), society)

    def term(self, taxonomy, value):
        """The term for a slug or a {"slug", "name"} object; created (unsaved) when unknown."""
        names = {}
        if isinstance(value, dict):
            names = _translations(value, "name")
            value = value.get("slug")
        if not isinstance(value, str) or not slugify(value):
            raise RecordError(f'"{taxonomy}" must list slugs')
        slug = slugify(value)
        term = self.terms[taxonomy].get(slug)
        if term is None:
            model = TAXONOMIES[taxonomy]
            term = model(slug=slug)
            names.setdefault(DEFAULT_LANGUAGE, slug.replace("-", " ").capitalize())
            for language, name in names.items():
                setattr(term, build_localized_fieldname("name", language), name)
            self.terms[taxonomy][slug] = term
        return term

    def society(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, dict):
            slug = value.get("slug")
            found = self.societies.get(slug) if isinstance(slug, str) else None
            if found is not None:
                return found
            names = _translations(value, "name")
            country = value.get("country")
            if not isinstance(slug, str) or not slugify(slug):
                raise RecordError('"national_society" needs a "slug"')
            if DEFAULT_LANGUAGE not in names:
                raise RecordError('"national_society" needs an English name')
            if country not in dict(all_countries):
                raise RecordError(f'unknown country "{country}" in "national_society"')
            website = value.get("website") or ""
            try:
                website = NationalSociety._meta.get_field("website").clean(website, None)
            except ValidationError as error:
                raise RecordError(
                    f'"national_society.website" {website!r}: {" ".join(error.messages)}'
                ) from None
            society = NationalSociety(
                slug=slugify(slug),
                country=country,
                website=website,
                atn_member=bool(value.get("atn_member")),
            )
            for language, name in names.items():
                setattr(society, build_localized_fieldname("name", language), name)
            self.societies[society.slug] = society
            return society
        if not isinstance(value, str):
            raise RecordError('"national_society" must be a name or a slug')
        society = self.societies.get(value) or self.societies.get(value.casefold())
        if society is None:
            raise RecordError(f'unknown National Society "{value}"')
        return society


def validate(record, position, catalogue):
    """A ResourceData for a raw record, or RecordError saying what is wrong."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    kind = record.get("kind")
    if kind not in KIND_MODELS:
        raise RecordError(f'"kind" must be one of {", ".join(KIND_MODELS)}, not {kind!r}')
    known = {
        "kind",
        "slug",
        "title",
        "summary",
        "body",
        "themes",
        "exploitation_forms",
        "audiences",
        "countries",
        "national_society",
        "published",
        "format",
        "people_supported",
        *KIND_TEXT_FIELDS[kind],
    }
    unknown = sorted(set(record) - known)
    if unknown:
        raise RecordError(f'unknown field "{unknown[0]}" for a {kind} record')

    texts = {}
    for name in COMMON_TEXT_FIELDS + KIND_TEXT_FIELDS[kind]:
        values = _translations(record, name, required=name == "title")
        for language in LANGUAGE_CODES:
            texts[build_localized_fieldname(name, language)] = values.get(language)
    for name, limit in (("title", 255), ("period", 100)):
        for language in LANGUAGE_CODES:
            value = texts.get(build_localized_fieldname(name, language))
            if value and len(value) > limit:
                raise RecordError(f'"{name}.{language}" is longer than {limit} characters')
    bodies = {
        language: _blocks(value, f'"body.{language}"')
        for language, value in _translations(record, "body").items()
    }

    slug = record.get("slug") or texts[build_localized_fieldname("title", DEFAULT_LANGUAGE)]
    if not isinstance(slug, str) or not slug_for(slug):
        raise RecordError('"slug" must be text')
    slug = slug_for(slug)

    scalars = {}
    published = record.get("published")
    if published in (None, ""):
        scalars["publication_date"] = None
    else:
        try:
            scalars["publication_date"] = date.fromisoformat(str(published))
        except ValueError:
            raise RecordError(
                f'"published" must be a date as YYYY-MM-DD, not {published!r}'
            ) from None

    countries = record.get("countries") or []
    if not isinstance(countries, list):
        raise RecordError('"countries" must be a list of ISO 3166 codes')
    codes = []
    for code in countries:
        code = str(code).upper()
        if code not in dict(all_countries):
            raise RecordError(f'unknown country "{code}" in "countries"')
        if code not in codes:
            codes.append(code)
    scalars["countries"] = sorted(codes)  # stored sorted by django-countries

    if kind == "tool":
        tool_format = record.get("format") or ToolPage.Format.CHECKLIST
        if tool_format not in ToolPage.Format.values:
            raise RecordError(
                f'"format" must be one of {", ".join(ToolPage.Format.values)}, not {tool_format!r}'
            )
        scalars["format"] = tool_format
    elif "format" in record:
        raise RecordError(f'"format" is only for tools, not for a {kind}')
    if kind == "case_study":
        people = record.get("people_supported")
        if people is not None and (not isinstance(people, int) or people < 0):
            raise RecordError('"people_supported" must be a whole number')
        scalars["people_supported"] = people
    elif "people_supported" in record:
        raise RecordError(f'"people_supported" is only for case studies, not for a {kind}')

    terms = {}
    for taxonomy in TAXONOMIES:
        values = record.get(taxonomy) or []
        if not isinstance(values, list):
            raise RecordError(f'"{taxonomy}" must be a list of slugs')
        chosen = []
        for value in values:
            term = catalogue.term(taxonomy, value)
            if term not in chosen:
                chosen.append(term)
        terms[taxonomy] = chosen

    society = catalogue.society(record.get("national_society"))
    return ResourceData(position, kind, slug, texts, bodies, scalars, terms, society)


# -- Writing ------------------------------------------------------------------------------------
@contextmanager
def search_index_deferred(models):
    """Stop per-save index updates for `models`; the caller indexes each batch at once."""
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class ResourceImporter:
    """Creates or updates the published resources of one library from validated records."""

    def __init__(self, library=None, batch_size=250, user=None):
        self.library = library or ResourceIndexPage.objects.first()
        if self.library is None:
            raise RecordError(
                "there is no resource library page to import into: create one in the admin "
                "or run load_demo_content"
            )
        self.batch_size = batch_size
        self.user = user
        self.catalogue = Catalogue()
        self.children = Page.objects.child_of(self.library)
        # The slugs of the library's children in every language, to keep new ones unique.
        self.taken = {language: set() for language in LANGUAGE_CODES}
        self.existing = {}  # English slug -> (kind model, pk)
        columns = ["pk", "content_type__model"] + [slug_in(code) for code in LANGUAGE_CODES]
        models_by_name = {model._meta.model_name: model for model in KIND_MODELS.values()}
        for row in self.children.values_list(*columns):
            pk, model_name, *slugs = row
            for language, slug in zip(LANGUAGE_CODES, slugs, strict=True):
                if slug:
                    self.taken[language].add(slug)
            if model_name in models_by_name and slugs[0]:
                self.existing[slugs[0]] = (models_by_name[model_name], pk)
        last_child = self.library.get_last_child()
        self.next_path = (
            last_child._inc_path()
            if last_child
            else Page._get_path(self.library.path, self.library.depth + 1, 1)
        )

    def run(self, records, progress=None):
        with translation.override(DEFAULT_LANGUAGE):
            return self._run(records, progress)

    def _run(self, records, progress):
        report = ImportReport()
        valid, seen = [], {}
        for position, record in enumerate(records, start=1):
            label = _label(record)
            try:
                data = validate(record, position, self.catalogue)
                if data.slug in seen:
                    raise RecordError(
                        f'the same resource as record {seen[data.slug]} (slug "{data.slug}")'
                    )
                seen[data.slug] = position
                valid.append(data)
            except RecordError as error:
                report.errors.append((position, label, str(error)))
        with search_index_deferred(KIND_MODELS.values()), disable_reference_index_auto_update():
            for start in range(0, len(valid), self.batch_size):
                batch = valid[start : start + self.batch_size]
                self._write_batch(batch, report)
                if progress is not None:
                    progress.update(len(batch))
        report.errors.sort()
        return report

    def _write_batch(self, batch, report):
        changed = {}
        with transaction.atomic():
            self._save_new_terms(batch)
            instances = self._load_existing(batch)
            created = 0
            for data in batch:
                try:
                    with transaction.atomic():
                        page = instances.get(data.slug)
                        if page is None:
                            page = self._create(data)
                            created += 1
                            report.created += 1
                        elif self._apply(page, data):
                            self._publish(page, data)
                            report.updated += 1
                        else:
                            report.unchanged += 1
                            continue
                        changed.setdefault(type(page), []).append(page)
                except Exception as error:  # noqa: BLE001 - reported against the record
                    if page is not None and page.pk is None:
                        created -= 1
                        report.created -= 1
                    report.errors.append((data.position, data.slug, f"not saved: {error}"))
            if created:
                Page.objects.filter(pk=self.library.pk).update(numchild=F("numchild") + created)
        for model, pages in changed.items():
            for page in pages:  # once a page, instead of on each of its saves
                ReferenceIndex.create_or_update_for_object(page)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, pages)  # Wagtail's index, for the admin's search
            search_service.index_resources(model.objects.filter(pk__in=[p.pk for p in pages]))
        if changed:
            ContentVersion.bump()  # pages saved in bulk send no signal: the caches follow

    def _save_new_terms(self, batch):
        for data in batch:
            for terms in data.terms.values():
                for term in terms:
                    if term.pk is None:
                        term.save()
            if data.society is not None and data.society.pk is None:
                data.society.save()

    def _load_existing(self, batch):
        wanted = {}
        for data in batch:
            if data.slug in self.existing:
                model, pk = self.existing[data.slug]
                if model is not KIND_MODELS[data.kind]:
                    continue  # a different kind under the same slug: created anew below
                wanted.setdefault(model, []).append(pk)
        loaded = {}
        for model, pks in wanted.items():
            for page in model.objects.filter(pk__in=pks).prefetch_related(*TAXONOMIES):
                loaded[page.slug_en] = page
        return loaded

    def _create(self, data):
        model = KIND_MODELS[data.kind]
        page = model()
        self._apply(page, data, new=True)
        for language in LANGUAGE_CODES:
            title = data.texts[build_localized_fieldname("title", language)]
            if language == DEFAULT_LANGUAGE:
                slug = unique_slug(data.slug, self.taken[language])
            elif title:
                slug = unique_slug(title, self.taken[language], fallback=page.slug_en)
            else:
                slug = None
            setattr(page, slug_in(language), slug)
        page.slug = page.slug_en
        page.path, self.next_path = self.next_path, Page(path=self.next_path)._inc_path()
        page.depth = self.library.depth + 1
        page.numchild = 0
        page.locale_id = self.library.locale_id
        page._cached_parent_obj = self.library
        page.live = True
        now = timezone.now()
        page.first_published_at = page.last_published_at = now
        for taxonomy in TAXONOMIES:
            getattr(page, taxonomy).set(data.terms[taxonomy])
        page.save(clean=False)  # a ClusterableModel commits its taxonomies with itself
        self._publish(page, data, new=True)
        self.existing[page.slug_en] = (model, page.pk)
        return page

    def _apply(self, page, data, new=False):
        """Set the record's values on the page; True if anything differs from what it had."""
        changed = new
        for name, value in {**data.texts, **data.scalars}.items():
            current = getattr(page, name)
            if name == "countries":
                current = [str(code) for code in current]
            if (current or None) != (value or None):
                setattr(page, name, value)
                changed = True
        for language in LANGUAGE_CODES:
            name = build_localized_fieldname("body", language)
            blocks = data.bodies.get(language, [])
            if new or stream_blocks(getattr(page, name)) != blocks:
                setattr(page, name, json.dumps(blocks))
                changed = True
        if page.national_society_id != (data.society.pk if data.society else None):
            page.national_society = data.society
            changed = True
        page.title = data.texts[build_localized_fieldname("title", DEFAULT_LANGUAGE)]
        page.draft_title = page.title
        if not new:
            for taxonomy in TAXONOMIES:
                wanted = {term.pk for term in data.terms[taxonomy]}
                if {term.pk for term in getattr(page, taxonomy).all()} != wanted:
                    getattr(page, taxonomy).set(data.terms[taxonomy])
                    changed = True
        return changed

    def _publish(self, page, data, new=False):
        """Record the new state as a published revision, so editors start from it.

        Wagtail's save_revision() and publish() save the page twice more and update the
        reference index each time; here the revision is written directly and the page's
        revision columns set with one UPDATE.
        """
        if not new:
            page.last_published_at = timezone.now()
            page.save(clean=False)
        revision = Revision.objects.create(
            content_object=page,
            base_content_type_id=page.content_type_id,
            user=self.user,
            content=page.serializable_data(),
            object_str=str(page),
        )
        page.live_revision = page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.has_unpublished_changes = False
        Page.objects.filter(pk=page.pk).update(
            live_revision=revision,
            latest_revision=revision,
            latest_revision_created_at=revision.created_at,
            draft_title=page.draft_title,
            has_unpublished_changes=False,
        )


def _label(record):
    if isinstance(record, dict):
        title = record.get("title")
        if isinstance(title, dict) and isinstance(title.get(DEFAULT_LANGUAGE), str):
            return title[DEFAULT_LANGUAGE][:60]
        if isinstance(record.get("slug"), str):
            return record["slug"]
    return ""


# -- Export -------------------------------------------------------------------------------------
def _translated(instance, name):
    values = {}
    for language in LANGUAGE_CODES:
        value = getattr(instance, build_localized_fieldname(name, language))
        if value not in (None, ""):
            values[language] = value
    return values


def export_records(library=None):
    """Every live resource as an import record, in tree order."""
    library = library or ResourceIndexPage.objects.first()
    pages = []
    for model in KIND_MODELS.values():
        queryset = model.objects.live().select_related("national_society")
        if library is not None:
            queryset = queryset.child_of(library)
        pages.extend(queryset.prefetch_related(*TAXONOMIES))
    pages.sort(key=lambda page: page.path)
    return [export_record(page) for page in pages]


def export_record(page):
    kind = page.kind
    record = {"kind": kind, "slug": page.slug_en}
    for name in COMMON_TEXT_FIELDS:
        record[name] = _translated(page, name)
    record["body"] = {
        language: stream_blocks(getattr(page, build_localized_fieldname("body", language)))
        for language in LANGUAGE_CODES
        if stream_blocks(getattr(page, build_localized_fieldname("body", language)))
    }
    for taxonomy in TAXONOMIES:
        record[taxonomy] = [
            {"slug": term.slug, "name": _translated(term, "name")}
            for term in sorted(getattr(page, taxonomy).all(), key=lambda term: term.slug)
        ]
    record["countries"] = [str(code) for code in page.countries]
    society = page.national_society
    record["national_society"] = (
        {
            "slug": society.slug,
            "name": _translated(society, "name"),
            "country": str(society.country),
            "website": society.website,
            "atn_member": society.atn_member,
        }
        if society
        else None
    )
    record["published"] = page.publication_date.isoformat() if page.publication_date else None
    if isinstance(page, ToolPage):
        record["format"] = page.format
    if isinstance(page, CaseStudyPage):
        record["people_supported"] = page.people_supported
    for name in KIND_TEXT_FIELDS[kind]:
        record[name] = _translated(page, name)
    return record
