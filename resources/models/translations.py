"""What editors and the translation report know of each language of a resource.

Two JSON fields of the resource page hold it:

- `translation_status`, set by editors beside the fields (resources.admin_forms): for each
  language but English, `{"state": "missing|machine|human|reviewed", "set": ISO datetime,
  "by": username}`. It is page content, so a draft or a moderation carries its own.
- `translation_state`, kept by `save()` (not content, never taken from a revision): for each
  language, `{"fields": {field: {"digest", "changed"}}}`, when each field's text last changed
  as published; English also keeps `"history"`, its last changes as `{"at", "fields"}`.

What is shown is what the text says first: a language with no text of its own (empty, or a
copy of the English) is missing whatever its state says. A translated field is outdated since
the first change to its English text after the language was last set (its own text changed,
or an editor set its state or checked it against the English).
"""

import datetime
import hashlib
import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from hub.translation_status import comparable

TARGET_LANGUAGES = [code for code in LANGUAGE_CODES if code != DEFAULT_LANGUAGE]
HISTORY_LIMIT = 50


class TranslationState(models.TextChoices):
    MISSING = "missing", _("Missing")
    MACHINE = "machine", _("Machine translated (needs review)")
    HUMAN = "human", _("Human translated")
    REVIEWED = "reviewed", _("Reviewed")


# Translators: the state of a translation no editor has said anything about yet.
NOT_SET = _("State not set")


def now_iso():
    return timezone.now().isoformat(timespec="microseconds")


def parse(moment):
    return datetime.datetime.fromisoformat(moment) if moment else None


def field_digest(value):
    text = comparable(value)
    return hashlib.sha256(text.encode()).hexdigest()[:16] if text is not None else None


class LanguageStatus:
    """One language of one resource, as the editor's panel and the report show it."""

    def __init__(self, page, language):
        self.language = language
        status = page.translation_status_of(language)
        self.has_text = page.has_translation(language)
        self.state = status.get("state", "") if self.has_text else TranslationState.MISSING
        if self.state == TranslationState.MISSING and self.has_text:
            self.state = ""  # text of its own is not missing: its state is to be set
        self.set_at = parse(status.get("set"))
        self.set_by = status.get("by", "")
        self.missing_fields = page.missing_fields(language)
        self.outdated_since, self.outdated_fields = page.outdated(language)

    @property
    def state_label(self):
        return TranslationState(self.state).label if self.state else NOT_SET

    @property
    def needs_work(self):
        return bool(
            self.missing_fields or self.outdated_since or self.state == TranslationState.MACHINE
        )


class TranslationTracking:
    """The translation bookkeeping of ResourcePage (its fields are declared there)."""

    def translation_status_of(self, language):
        return (self.translation_status or {}).get(language) or {}

    def has_translation(self, language):
        """Whether any translated field has text of its own in `language`."""
        return any(self.field_translated(name, language) for name in self.translated_text_fields)

    def missing_fields(self, language):
        """The fields with English text to translate that `language` shows in English."""
        return [name for name in self.translated_text_fields if self.falls_back(name, language)]

    def missing_translations(self):
        """The languages in which some text is still shown in English."""
        return [code for code in TARGET_LANGUAGES if self.missing_fields(code)]

    def language_statuses(self):
        return [LanguageStatus(self, code) for code in TARGET_LANGUAGES]

    # -- When texts changed -----------------------------------------------------------------
    def _legacy_digest(self, language):
        """The digest of a language's whole text as the first version of the report kept it."""
        values = []
        for field in self.translated_text_fields:
            value = getattr(self, build_localized_fieldname(field, language))
            if hasattr(value, "raw_data"):
                value = [[block["type"], block["value"]] for block in value.raw_data] or None
            values.append(value or None)
        canonical = json.dumps(values, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def tracked_state(self):
        """`translation_state`, with a language still kept the first version's way (one
        digest for all its text) read as every field unchanged since then, if it still is."""
        state = {}
        for language, entry in (self.translation_state or {}).items():
            if "fields" in entry:
                state[language] = entry
                continue
            fields = {}
            if entry.get("digest") == self._legacy_digest(language):
                for name in self.translated_text_fields:
                    digest = field_digest(self.field_in(name, language))
                    if digest:
                        fields[name] = {"digest": digest, "changed": entry["changed"]}
            state[language] = {"fields": fields}
            if language == DEFAULT_LANGUAGE:
                state[language]["history"] = [{"at": entry["changed"], "fields": list(fields)}]
        return state

    def update_translation_state(self):
        """Date each field whose text changed since the last save, in every language."""
        now = now_iso()
        old = self.tracked_state()
        state = {}
        for language in LANGUAGE_CODES:
            before = old.get(language, {}).get("fields", {})
            fields, changed = {}, []
            for name in self.translated_text_fields:
                digest = field_digest(self.field_in(name, language))
                if digest is None:
                    if name in before:
                        changed.append(name)
                elif before.get(name, {}).get("digest") == digest:
                    fields[name] = before[name]
                else:
                    fields[name] = {"digest": digest, "changed": now}
                    changed.append(name)
            entry = {"fields": fields}
            if language == DEFAULT_LANGUAGE:
                history = list(old.get(language, {}).get("history", []))
                if changed:
                    history.append({"at": now, "fields": changed})
                entry["history"] = history[-HISTORY_LIMIT:]
            if fields or language == DEFAULT_LANGUAGE:
                state[language] = entry
        self.translation_state = state

    def outdated(self, language):
        """(since, fields): the first change to the English of a field translated into
        `language` after the language was last set, and those fields; (None, [])."""
        state = self.tracked_state()
        set_at = parse(self.translation_status_of(language).get("set"))
        own = state.get(language, {}).get("fields", {})
        translated = [
            name for name in self.translated_text_fields if self.field_translated(name, language)
        ]
        first = {}
        for entry in state.get(DEFAULT_LANGUAGE, {}).get("history", []):
            at = parse(entry["at"])
            for name in entry["fields"]:
                if name not in translated or name in first:
                    continue
                moments = [parse(own.get(name, {}).get("changed")), set_at]
                last = max(filter(None, moments), default=None)
                if last is None or at > last:
                    first[name] = at
        if not first:
            return None, []
        return min(first.values()), [name for name in translated if name in first]

    def stale_translations(self):
        """Languages with a translated field older than the latest change to its English."""
        return [code for code in TARGET_LANGUAGES if self.outdated(code)[0]]

    def pending_source_changes(self, draft):
        """The fields whose English differs in `draft` (the latest revision) from the page."""
        return [
            name
            for name in self.translated_text_fields
            if comparable(draft.field_in(name, DEFAULT_LANGUAGE))
            != comparable(self.field_in(name, DEFAULT_LANGUAGE))
        ]

    def with_content_json(self, content):
        """A revision's page keeps the bookkeeping the page has now: it says when texts
        changed as published, which no revision knows better."""
        obj = super().with_content_json(content)
        obj.translation_state = self.translation_state
        return obj

    def field_label(self, name):
        return self._meta.get_field(name).verbose_name
