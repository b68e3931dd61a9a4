"""XLIFF for translators: what a language still lacks, out and back in.

`export_units` writes, for one language, each missing or outdated field of the live
resources (resources.models.translations) as a trans-unit of an XLIFF 1.1 file
(translate-toolkit's `translate.storage.xliff`), English as the source; a field translated
before but outdated carries its current translation as a target marked as needing review.

Units are named `<page id>/<field>`; the body is cut into the pieces an editor writes, one
unit each: `<page id>/body/<block id>` for a heading or a paragraph (a paragraph's source is
its rich text as Wagtail stores it, whose tags the translation keeps: links, bold, lists),
`<page id>/body/<block id>/<part>` for a quote's text and attribution and an image's
alternative text and caption. Text without a letter ("2019-2021") is not exported.

`import_units` writes the targets into the fields of the latest revision of each resource
(a draft stays a draft), the language marked "human translated", and saves a revision, or
publishes it when asked and the resource has no other change waiting. A unit it cannot
place is named with the reason and nothing of it is written; a body is written only whole
(each of its English pieces translated, in the file or already in the language).
"""

import json
import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from lxml import etree
from translate.storage import xliff
from wagtail import blocks as wagtail_blocks
from wagtail.models import Page

from hub import rich_text
from hub.languages import DEFAULT_LANGUAGE
from hub.translation_status import BLOCK_KEY, SPACE, needs_translation
from resources.models import KIND_MODELS
from resources.models.translations import TARGET_LANGUAGES, TranslationState, now_iso

BODY = "body"
STRUCT_PARTS = {"quote": ("text", "attribution"), "image": ("alt_text", "caption")}
TAG = re.compile(r"<[^>]+>")
IMPORTER = "import_translations"


def _text(value):
    if hasattr(value, "source"):
        value = value.source
    return BLOCK_KEY.sub("", str(value or ""))


def _same(first, second):
    return SPACE.sub(" ", first).strip() == SPACE.sub(" ", second).strip()


def body_pieces(stream):
    """{piece key: (block, part or None, text)} for each text of a body, in order."""
    pieces = {}
    for block in stream or []:
        parts = STRUCT_PARTS.get(block.block_type)
        if parts is None:
            pieces[block.id] = (block, None, _text(block.value))
        else:
            for part in parts:
                pieces[f"{block.id}/{part}"] = (block, part, _text(block.value.get(part)))
    return pieces


def _max_length(page, name):
    return getattr(page._meta.get_field(f"{name}_{DEFAULT_LANGUAGE}"), "max_length", None)


# -- Export ------------------------------------------------------------------------------------
def resources_to_translate(slugs=None):
    """The live resources, or those with the given English slugs (ValueError naming any that
    is not a live resource)."""
    pages = []
    for model in KIND_MODELS.values():
        queryset = model.objects.live().order_by("path")
        if slugs:
            queryset = queryset.filter(slug_en__in=slugs)
        pages.extend(queryset)
    if slugs:
        unknown = sorted(set(slugs) - {page.slug_en for page in pages})
        if unknown:
            raise ValueError(f"No live resource has the slug {', '.join(unknown)}")
    return sorted(pages, key=lambda page: page.path)


def _units_of(page, language):
    """(unit id, source, current target or None, note) for what `language` lacks."""
    outdated = page.outdated(language)[1]
    wanted = set(page.missing_fields(language)) | set(outdated)
    heading = f"{page.kind_label.capitalize()}: {page.title_en}"
    for name in page.translated_text_fields:
        if name not in wanted:
            continue
        label = str(page.field_label(name)).capitalize()
        current = page.field_in(name, language) if name in outdated else None
        if name != BODY:
            limit = _max_length(page, name)
            note = f"{heading} - {label}" + (f" (at most {limit} characters)" if limit else "")
            yield f"{page.pk}/{name}", _text(page.field_in(name, DEFAULT_LANGUAGE)), current, note
            continue
        existing = body_pieces(current) if current else {}
        for key, (block, part, text) in body_pieces(page.field_in(BODY, DEFAULT_LANGUAGE)).items():
            if not any(character.isalpha() for character in TAG.sub("", text)):
                continue
            kind = block.block.label if part is None else f"{block.block.label}, {part}"
            note = f"{heading} - {label} ({kind})"
            if block.block_type == "paragraph":
                note += ": rich text, keep its tags as they are"
            had = existing.get(key)
            target = had[2] if had and had[0].block_type == block.block_type else None
            yield f"{page.pk}/{BODY}/{key}", text, target, note


def export_units(language, slugs=None):
    """(XLIFF bytes, number of units, number of resources) for `language`."""
    if language not in TARGET_LANGUAGES:
        raise ValueError(f"The language must be one of {', '.join(TARGET_LANGUAGES)}")
    store = xliff.xlifffile(sourcelanguage=DEFAULT_LANGUAGE, targetlanguage=language)
    units = resources = 0
    for page in resources_to_translate(slugs):
        found = False
        for unit_id, source, target, note in _units_of(page, language):
            unit = store.addsourceunit(source, filename=page.slug_en, createifmissing=True)
            unit.setid(unit_id)
            unit.addnote(note, origin="developer")
            if target and not _same(target, source):
                unit.target = target
                unit.markfuzzy(True)  # translated before the English changed: to review
            units, found = units + 1, True
        resources += found
    return bytes(store), units, resources


# -- Import ------------------------------------------------------------------------------------
class ImportResult:
    def __init__(self, language):
        self.language = language
        self.placed = []  # unit ids
        self.unplaced = []  # (unit id, reason)
        self.drafts = []  # pages saved as drafts
        self.published = []  # pages published
        self.kept_as_draft = []  # pages --publish left as drafts: they have other changes


class Unit:
    def __init__(self, unit):
        self.id = unit.getid().split("\x04")[-1]
        self.source = str(unit.source or "")
        self.target = str(unit.target or "").strip()
        self.fuzzy = unit.isfuzzy()


def _parse(data):
    try:
        store = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, AttributeError) as error:
        raise ValueError(f"Not an XLIFF file: {error}") from error
    language = (store.gettargetlanguage() or "").split("-")[0]
    if language not in TARGET_LANGUAGES:
        raise ValueError(
            f"The file's target language ({language or 'none'}) is not one of "
            f"{', '.join(TARGET_LANGUAGES)}"
        )
    return language, [Unit(unit) for unit in store.units]


def _problem(unit, source):
    """Why a unit cannot be placed over `source` (the current English), or None."""
    if source is None or not _same(unit.source, source):
        return "the English text changed since the export: export again"
    if not unit.target:
        return "it has no translation"
    if unit.fuzzy:
        return "its translation is still marked as needing review"
    if _same(unit.target, unit.source) and needs_translation(unit.source):
        return "its translation is the English text"
    if sorted(TAG.findall(unit.target)) != sorted(TAG.findall(unit.source)):
        return "its tags differ from those of the English text: keep them as they are"
    return None


def _place_body(page, draft, language, units, result):
    """Set the draft's body in `language` from the body units, if the body is then whole."""
    english = body_pieces(page.field_in(BODY, DEFAULT_LANGUAGE))
    existing = body_pieces(draft.field_in(BODY, language))
    texts, used = {}, []
    for unit in units:
        key = unit.id.split("/", 2)[2]
        piece = english.get(key)
        reason = _problem(unit, piece[2] if piece else None)
        if reason:
            result.unplaced.append((unit.id, reason))
        else:
            texts[key] = unit.target
            used.append(unit)
    if not used:
        return []
    lacking = []
    for key, (block, _part, text) in english.items():
        had = existing.get(key)
        if key in texts:
            continue
        if had and had[0].block_type == block.block_type and not _same(had[2], text):
            texts[key] = had[2]
        elif not any(character.isalpha() for character in TAG.sub("", text)):
            texts[key] = text
        else:
            lacking.append(f"{page.pk}/{BODY}/{key}")
    if lacking:
        reason = f"the body is written whole: it also needs {', '.join(lacking)}"
        result.unplaced += [(unit.id, reason) for unit in used]
        return []
    raw = []
    for block in page.field_in(BODY, DEFAULT_LANGUAGE):
        parts = STRUCT_PARTS.get(block.block_type)
        if parts is None:
            value = texts[block.id]
            if isinstance(block.block, wagtail_blocks.RichTextBlock):
                value = rich_text.clean(value, tuple(block.block.features))
        else:
            value = dict(block.block.get_prep_value(block.value))
            value.update({part: texts[f"{block.id}/{part}"] for part in parts})
        raw.append({"type": block.block_type, "value": value, "id": block.id})
    setattr(draft, f"{BODY}_{language}", json.dumps(raw))
    return used


def _place_field(page, draft, language, unit, result):
    name = unit.id.split("/", 1)[1]
    if name not in page.translated_text_fields or name == BODY:
        result.unplaced.append((unit.id, "the resource has no such field"))
        return False
    reason = _problem(unit, _text(page.field_in(name, DEFAULT_LANGUAGE)))
    limit = _max_length(page, name)
    if not reason and limit and len(unit.target) > limit:
        reason = f"its translation is longer than the {limit} characters the field holds"
    if reason:
        result.unplaced.append((unit.id, reason))
        return False
    setattr(draft, f"{name}_{language}", unit.target)
    return True


def _resource(page_id):
    page = Page.objects.filter(pk=page_id).first() if page_id.isdigit() else None
    page = page.specific if page is not None else None
    return page if isinstance(page, tuple(KIND_MODELS.values())) else None


def _import_page(page_id, units, language, publish, user, result):
    page = _resource(page_id)
    if page is None:
        result.unplaced += [(unit.id, f"there is no resource {page_id}") for unit in units]
        return
    draft = page.get_latest_revision_as_object()
    placed = []
    body_units = [unit for unit in units if unit.id.startswith(f"{page_id}/{BODY}/")]
    for unit in units:
        if unit not in body_units and _place_field(page, draft, language, unit, result):
            placed.append(unit)
    if body_units:
        placed += _place_body(page, draft, language, body_units, result)
    if not placed:
        return
    draft.translation_status = {
        **(draft.translation_status or {}),
        language: {"state": TranslationState.HUMAN, "set": now_iso(), "by": IMPORTER},
    }
    waiting = page.has_unpublished_changes or not page.live
    try:
        with transaction.atomic():
            revision = draft.save_revision(user=user, log_action=True)
            if publish and not waiting:
                revision.publish(user=user)
    except ValidationError as error:
        reason = f"the resource would not be valid: {'; '.join(error.messages)}"
        result.unplaced += [(unit.id, reason) for unit in placed]
        return
    result.placed += [unit.id for unit in placed]
    if publish and not waiting:
        result.published.append(page)
    else:
        (result.kept_as_draft if publish else result.drafts).append(page)


def import_units(data, publish=False, user=None):
    """Place the translations of an XLIFF file (bytes); ValueError if it is not one."""
    language, units = _parse(data)
    result = ImportResult(language)
    by_page = defaultdict(list)
    for unit in units:
        page_id = unit.id.split("/", 1)[0]
        if "/" not in unit.id:
            result.unplaced.append((unit.id, "its id does not name a resource's field"))
        else:
            by_page[page_id].append(unit)
    for page_id, page_units in by_page.items():
        _import_page(page_id, page_units, language, publish, user, result)
    return result
