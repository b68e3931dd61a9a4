"""The translation panel of the resource editor: each language's state, beside the fields.

For each language but English, editors choose its state (missing, machine translated, human
translated, reviewed) and can say they checked it against the current English text; beside
it they see what the text itself says: the fields still shown in English, and since when the
English changed after the language was last set. The state is saved with the page (drafts
and moderation included) in `translation_status` (resources.models.translations).
"""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from hub.editing import LanguagePageForm
from resources.models.translations import (
    NOT_SET,
    TARGET_LANGUAGES,
    LanguageStatus,
    TranslationState,
    now_iso,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)
STATE_CHOICES = [("", NOT_SET), *TranslationState.choices]
WORDS = (TranslationState.MACHINE, TranslationState.HUMAN, TranslationState.REVIEWED)


def state_field(code):
    return f"translation_status_{code}"


def checked_field(code):
    return f"translation_checked_{code}"


def _declared_fields():
    fields = {}
    for code in TARGET_LANGUAGES:
        fields[state_field(code)] = forms.ChoiceField(
            label=LANGUAGE_NAMES[code], choices=STATE_CHOICES, required=False
        )
        fields[checked_field(code)] = forms.BooleanField(
            label=_("Checked against the current English text"), required=False
        )
    return fields


class BaseResourcePageForm(LanguagePageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in TARGET_LANGUAGES:
            if state_field(code) in self.fields:
                stored = self.instance.translation_status_of(code).get("state", "")
                self.fields[state_field(code)].initial = stored

    def _touched(self, code):
        """Whether this submission changes the language's state or any of its texts."""
        suffix = f"_{code}"
        return any(name == state_field(code) or name.endswith(suffix) for name in self.changed_data)

    def _post_clean(self):
        super()._post_clean()  # the page now holds the submitted texts
        if state_field(TARGET_LANGUAGES[0]) not in self.fields:
            return
        page = self.instance
        statuses = dict(page.translation_status or {})
        user = getattr(self, "for_user", None)
        for code in TARGET_LANGUAGES:
            state = self.cleaned_data.get(state_field(code), "")
            checked = self.cleaned_data.get(checked_field(code), False)
            has_text = page.has_translation(code)
            name = translation.get_language_info(code)["name_translated"]
            if self._touched(code) and state == TranslationState.MISSING and has_text:
                self.add_error(
                    state_field(code),
                    _(
                        "The %(language)s text is not missing: say how it was translated, "
                        "or remove it."
                    )
                    % {"language": name},
                )
                continue
            if self._touched(code) and state in WORDS and not has_text:
                self.add_error(
                    state_field(code),
                    _(
                        "There is no %(language)s text of its own (a copy of the English is "
                        "not a translation): it is missing."
                    )
                    % {"language": name},
                )
                continue
            previous = statuses.get(code, {})
            if state != previous.get("state", "") or (checked and state):
                if state:
                    statuses[code] = {
                        "state": state,
                        "set": now_iso(),
                        "by": user.get_username() if user else "",
                    }
                else:
                    statuses.pop(code, None)
        page.translation_status = statuses


ResourcePageForm = type("ResourcePageForm", (BaseResourcePageForm,), _declared_fields())


class TranslationStatusPanel(Panel):
    """Each language's state to set, and what its text says, in one table."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Translations"))
        super().__init__(*args, **kwargs)

    def get_form_options(self):
        names = []
        for code in TARGET_LANGUAGES:
            names += [state_field(code), checked_field(code)]
        return {"fields": names}

    class BoundPanel(Panel.BoundPanel):
        template_name = "resources/admin/translation_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            rows = []
            for code in TARGET_LANGUAGES:
                status = LanguageStatus(self.instance, code)
                rows.append(
                    {
                        "code": code,
                        "name": LANGUAGE_NAMES[code],
                        "status": status,
                        "missing": [self.instance.field_label(f) for f in status.missing_fields],
                        "outdated": [self.instance.field_label(f) for f in status.outdated_fields],
                        "state": self.form[state_field(code)],
                        "checked": self.form[checked_field(code)],
                    }
                )
            context["rows"] = rows
            return context
