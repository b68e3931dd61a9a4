"""Import of resources from records in the JSON format of DESIGN.md (resources.records).

The importer is built for files of tens of thousands of records, which it may be given as a
stream (hub.record_stream): it reads, validates and writes them a batch at a time (a bad
record is reported by its position and skipped), each batch in one transaction, with tree
paths and slugs computed in memory and the search index updated once per batch. It never
goes through wagtail-modeltranslation's slug check, which loads every sibling page on each
save. A record whose values match the stored page is left alone, so importing the same file
twice changes nothing.

Each page it creates or changes is published as Wagtail publishes one, in fewer writes: a
revision, the log entries of its history and the `page_published` signal, so that the
admin's history and every hook on publishing see imported pages.
"""

import itertools
import json
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone, translation
from modelsearch.signal_handlers import post_save_signal_handler
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from hub.records import ImportReport, RecordError, SeenRecords
from hub.versions import collapsed_bumps
from resources.bodies import stream_blocks
from resources.import_writes import BatchWrites, children_kept
from resources.models import KIND_MODELS, ResourceAttachment, ResourceIndexPage
from resources.records import TAXONOMIES, Catalogue, record_label, validate
from resources.slugs import free_slug, slug_in, unique_slug
from search import service as search_service


def restriction_key(restriction):
    """A stored view restriction as the records' (type, group names, password)."""
    kind = restriction.restriction_type
    groups = tuple(sorted(group.name for group in restriction.groups.all()))
    return (
        kind,
        groups if kind == restriction.GROUPS else (),
        restriction.password if kind == restriction.PASSWORD else "",
    )


@contextmanager
def search_index_deferred(models):
    """Stop Wagtail's per-save index updates for `models`; the caller indexes each batch."""
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class ResourceImporter:
    """Creates or updates the published resources of one library from validated records."""

    def __init__(self, library=None, batch_size=250, user=None, files=None):
        self.library = library or ResourceIndexPage.objects.first()
        if self.library is None:
            raise RecordError(
                "there is no resource library page to import into: create one in the admin "
                "or run load_demo_content"
            )
        self.batch_size = batch_size
        self.user = user
        self.writes = BatchWrites()  # the batch's log entries and new terms (import_writes)
        self.pending = set()  # ids of the batch's pages in moderation or scheduled (_pending)
        self.catalogue = Catalogue()
        self.catalogue.files = files  # a bundle's (resources.bundle): attachments and images
        self.children = Page.objects.child_of(self.library)
        # The slugs of the library's children in every language, to keep new ones unique.
        self.taken = {language: set() for language in LANGUAGE_CODES}
        self.slug_owners = {language: {} for language in LANGUAGE_CODES}  # slug -> page id
        self.existing = {}  # English slug -> (kind model, pk)
        columns = ["pk", "content_type__model"] + [slug_in(code) for code in LANGUAGE_CODES]
        models_by_name = {model._meta.model_name: model for model in KIND_MODELS.values()}
        for row in self.children.values_list(*columns):
            pk, model_name, *slugs = row
            for language, slug in zip(LANGUAGE_CODES, slugs, strict=True):
                if slug:
                    self.taken[language].add(slug)
                    self.slug_owners[language][slug] = pk
            if model_name in models_by_name and slugs[0]:
                self.existing[slugs[0]] = (models_by_name[model_name], pk)
        # The restrictions every resource of the library is under already (record_moves).
        self.inherited = {
            restriction_key(restriction)
            for restriction in PageViewRestriction.objects.filter(
                page__in=self.library.get_ancestors(inclusive=True)
            ).prefetch_related("groups")
        }
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
        seen = SeenRecords("resource")
        numbered = enumerate(records, start=1)
        with search_index_deferred(KIND_MODELS.values()), disable_reference_index_auto_update():
            # A batch at a time, read, validated and written: records may be a stream.
            while batch := list(itertools.islice(numbered, self.batch_size)):
                valid = []
                for position, record in batch:
                    try:
                        data = validate(record, position, self.catalogue)
                        seen.claim(position, [data.slug], f' (slug "{data.slug}")')
                        valid.append(data)
                    except RecordError as error:
                        report.fail(position, record_label(record), error)
                if valid:
                    self._write_batch(valid, report)
                if progress is not None:
                    progress.update(len(batch))
        if report.created + report.updated:
            search_service.bulk_written()
        report.errors.sort()
        return report

    def _write_batch(self, batch, report):
        changed = {}
        self.writes = BatchWrites()  # the batch's (import_writes)
        with transaction.atomic(), collapsed_bumps():  # the batch is one change to the caches
            self._save_new_terms(batch)
            instances = self._load_existing(batch)
            created = 0
            for data in batch:
                try:
                    with transaction.atomic(), self.writes.record():
                        page = instances.get(data.slug) or instances.get(data.legacy_slug)
                        if page is None:
                            page = self._create(data)
                            created += 1
                            report.created += 1
                        else:
                            old_title = page.title
                            if not self._apply(page, data):
                                report.unchanged += 1
                                continue
                            self._publish(page, old_title=old_title, moves=data.moves)
                            report.updated += 1
                        changed.setdefault(type(page), []).append(page)
                except Exception as error:  # noqa: BLE001 - reported against the record
                    if page is not None and page.pk is None:
                        created -= 1
                        report.created -= 1
                    report.fail(data.position, data.slug, f"not saved: {error}")
            if created:
                Page.objects.filter(pk=self.library.pk).update(numchild=F("numchild") + created)
            self.writes.write()
        for model, pages in changed.items():
            for page in pages:  # once a page, instead of on each of its saves
                ReferenceIndex.create_or_update_for_object(page)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, pages)  # Wagtail's index, for the admin's search
            search_service.index_resources(model.objects.filter(pk__in=[p.pk for p in pages]))

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
            # Imports before slugs were kept exactly stored some as slug_for made them.
            key = data.slug if data.slug in self.existing else data.legacy_slug
            if key in self.existing:
                model, pk = self.existing[key]
                if model is not KIND_MODELS[data.kind]:
                    continue  # a different kind under the same slug: created anew below
                wanted.setdefault(model, []).append(pk)
        loaded = {}
        for model, pks in wanted.items():
            for page in model.objects.filter(pk__in=pks).prefetch_related(*TAXONOMIES):
                loaded[page.slug_en] = page
        self.pending = self._pending(loaded.values())
        return loaded

    def _pending(self, pages):
        """The ids (as text) of pages with a moderation in progress or a revision scheduled,
        which publishing ends: two queries a batch, instead of two a page."""
        pages = list(pages)
        if not pages:
            return set()
        ids = [str(page.pk) for page in pages]
        moderated = WorkflowState.objects.active().filter(
            base_content_type=pages[0].get_base_content_type(), object_id__in=ids
        )
        scheduled = Revision.page_revisions.filter(
            object_id__in=ids, approved_go_live_at__isnull=False
        )
        return {
            *moderated.values_list("object_id", flat=True),
            *scheduled.values_list("object_id", flat=True),
        }

    def _create(self, data):
        model = KIND_MODELS[data.kind]
        page = model()
        self._apply(page, data, new=True)
        given = data.moves.get("slugs") or {}
        for language in LANGUAGE_CODES:
            title = data.texts[build_localized_fieldname("title", language)]
            if language == DEFAULT_LANGUAGE:
                slug = free_slug(data.slug, self.taken[language])
            elif given.get(language):
                slug = free_slug(given[language], self.taken[language])
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
        page.first_published_at = data.moves.get("first_published_at") or now
        page.last_published_at = data.moves.get("last_published_at") or now
        # Its creation logged and its terms written with the batch's (resources.import_writes).
        with children_kept(page):
            page.save(clean=False, user=self.user, log_action=None)
        self.writes.log(page, "wagtail.create", user=self.user or page.owner, content_changed=True)
        for taxonomy in TAXONOMIES:
            self.writes.link(page, taxonomy, data.terms[taxonomy])
        self._publish(page, new=True)
        self.existing[page.slug_en] = (model, page.pk)
        if "view_restrictions" in data.moves:
            self._apply_restrictions(page, data.moves["view_restrictions"])
        for language in LANGUAGE_CODES:
            if getattr(page, slug_in(language)):
                self.slug_owners[language][getattr(page, slug_in(language))] = page.pk
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
            changed = self._apply_slugs(page, data.moves.get("slugs") or {}) or changed
            if "view_restrictions" in data.moves:
                wanted = data.moves["view_restrictions"]
                changed = self._apply_restrictions(page, wanted) or changed
        return self._apply_moves(page, data.moves, new) or changed

    def _apply_slugs(self, page, slugs):
        """Give a stored page the slugs a record gives it; RecordError if one is another's."""
        changed = False
        for language, slug in slugs.items():
            if getattr(page, slug_in(language)) == slug:
                continue
            if self.slug_owners[language].get(slug, page.pk) != page.pk:
                raise RecordError(f'the {language} slug "{slug}" is another resource\'s')
            setattr(page, slug_in(language), slug)
            self.taken[language].add(slug)
            self.slug_owners[language][slug] = page.pk
            changed = True
        return changed

    def _apply_restrictions(self, page, wanted):
        """Put on the page the restrictions it must be under that the library and the pages
        above it do not already apply; True if its own changed. A group is found by its name
        (made, without members, if the hub has none: only superusers pass until it has)."""
        needed = sorted(key for key in dict.fromkeys(wanted) if key not in self.inherited)
        own = list(PageViewRestriction.objects.filter(page=page).prefetch_related("groups"))
        if sorted(map(restriction_key, own)) == needed:
            return False
        for restriction in own:
            restriction.delete()
        for kind, groups, password in needed:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=kind, password=password
            )
            if groups:
                restriction.groups.set(
                    [Group.objects.get_or_create(name=name)[0] for name in groups]
                )
        return True

    def _apply_moves(self, page, moves, new):
        """The dates, contact point, cover image and attachments a record gives (the dates
        are set as the page is published); True if any differs from the page's."""
        changed = False
        for name in ("first_published_at", "last_published_at"):
            changed = changed or (not new and moves.get(name) not in (None, getattr(page, name)))
        for name in ("translation_status", "translation_state"):
            # The state before save(), which dates anew the fields whose text this changes.
            if name in moves and (getattr(page, name) or {}) != moves[name]:
                setattr(page, name, moves[name])
                changed = True
        if "contact_point" in moves and page.contact_point_id != moves["contact_point"]:
            page.contact_point_id = moves["contact_point"]
            changed = True
        files = self.catalogue.files
        if "cover_image" in moves:
            image = files.image(moves["cover_image"]) if moves["cover_image"] else None
            if page.cover_image_id != (image.pk if image else None):
                page.cover_image = image
                changed = True
        if "attachments" in moves:
            wanted = [(files.document(spec), spec.language) for spec in moves["attachments"]]
            stored = [(item.document_id, item.language) for item in page.resource_attachments.all()]
            if new or stored != [(document.pk, language) for document, language in wanted]:
                page.resource_attachments = [
                    ResourceAttachment(document=document, language=language, sort_order=order)
                    for order, (document, language) in enumerate(wanted)
                ]
                changed = True
        return changed

    def _publish(self, page, new=False, old_title=None, moves=None):
        """Publish the page's new state as Wagtail's publish does, and say so as it does.

        Wagtail's save_revision() and publish() validate the page again, save it twice more
        and rebuild its revision from JSON; measured several times slower for imports
        (README, Figures). Here the revision is written directly and the page's revision
        columns set with one UPDATE. What Wagtail's publish tells the rest follows: a
        moderation in progress is cancelled, scheduled revisions are dropped, the history
        gets its entries (renamed, published: written with the batch's) and `page_published`
        and `published` are sent, with `bulk=True`: the page is one of many, which the
        importer indexes for search a batch at a time (search.signals leaves them to it).
        """
        if not new:
            now = timezone.now()
            page.live, page.expired = True, False
            moves = moves or {}
            page.first_published_at = (
                moves.get("first_published_at") or page.first_published_at or now
            )
            page.last_published_at = moves.get("last_published_at") or now
            page.save(clean=False)
            if str(page.pk) in self.pending:
                page.revisions.update(approved_go_live_at=None)
                cancel = getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True)
                if cancel and (workflow_state := page.current_workflow_state):
                    workflow_state.cancel(user=self.user)
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
        if not new and old_title != page.title:  # (a new page logs its creation as it saves)
            title = {"old": old_title, "new": page.title}
            self.writes.log(
                page, "wagtail.rename", user=self.user, data={"title": title}, revision=revision
            )
        self.writes.log(
            page, "wagtail.publish", user=self.user, revision=revision, content_changed=True
        )
        page_published.send(sender=type(page), instance=page, revision=revision, bulk=True)
        published.send(sender=type(page), instance=page, revision=revision, bulk=True)
