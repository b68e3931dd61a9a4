"""Editing in six languages: the admin's forms and previews know which language each text is in.

Every field modeltranslation adds per language (`title_ar`, `body_fr`...) carries its language
in the editing forms, whatever the admin's own language: plain inputs and textareas get
`lang` and `dir` themselves; a widget that builds its editor in the browser (a StreamField
and the rich text inside it, a rich text field) is wrapped in an element that carries them,
so the editor it builds inherits them. An editor working in English types Arabic right to
left, and a screen reader reads each field in its language.

Pages are previewed in each language (Wagtail's preview modes): the preview is the page as a
reader of `/<lang>/` sees it (its `lang` and `dir`, the fallback notice where a text is not
translated). The preview is framed by the admin's preview panel, so its answer lets the
Hub's own pages frame it (`frame-ancestors 'self'`); every other page keeps `'none'`.
"""

from csp.constants import SELF
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, current_language


def direction(language):
    return "rtl" if language in settings.LANGUAGES_BIDI else "ltr"


def field_language(model, name):
    """The language of a model's field when modeltranslation made it (`title_ar`: "ar")."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field.language if isinstance(field, TranslationField) else None


def in_language(html, language):
    """Rendered widget HTML inside an element that gives it its language and direction."""
    return format_html(
        '<div class="hub-field-language" lang="{}" dir="{}">{}</div>',
        language,
        direction(language),
        html,
    )


def _wrapped(render, language):
    def render_in_language(*args, **kwargs):
        return in_language(render(*args, **kwargs), language)

    return render_in_language


def mark_language(widget, language):
    """Give a form field's widget (a copy of its own, per form) its language."""
    attrs = {"lang": language, "dir": direction(language)}
    if isinstance(widget, forms.TextInput | forms.Textarea) and not isinstance(
        widget, forms.HiddenInput
    ):
        widget.attrs.update(attrs)
        return
    # A StreamField or rich text editor is built in the browser next to the element its
    # widget renders: wrapped, everything it builds inherits the language and direction.
    # A StreamField's widget renders through `render_with_errors` (Wagtail's own extension),
    # with errors or without: that one method is wrapped where it exists.
    if hasattr(widget, "render_with_errors"):
        widget.render_with_errors = _wrapped(widget.render_with_errors, language)
    else:
        widget.render = _wrapped(widget.render, language)


class LanguageFieldsMixin:
    """A model form whose per-language fields carry their language (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            language = field_language(self._meta.model, name)
            if language:
                mark_language(field.widget, language)


class LanguagePageForm(LanguageFieldsMixin, WagtailAdminPageForm):
    """The base form of the Hub's pages (modeltranslation and resources.slugs build on it)."""


class LanguageModelForm(LanguageFieldsMixin, WagtailAdminModelForm):
    """The base form of translated snippets and settings."""


class EditedInEveryLanguage:
    """A page type edited in every language: language-marked form fields and one preview mode
    per language, the admin's own language first chosen."""

    base_form_class = LanguagePageForm

    @property
    def preview_modes(self):
        return list(settings.LANGUAGES)

    @property
    def default_preview_mode(self):
        language = current_language()
        return language if language in LANGUAGE_CODES else DEFAULT_LANGUAGE

    def preview_language(self, mode_name):
        """The language a preview mode shows; no mode (or an unknown one) is the default."""
        return mode_name if mode_name in LANGUAGE_CODES else self.default_preview_mode

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        # The fake request Wagtail builds goes to the page's address in the preview's language
        # (/ar/library/...), so that every middleware treats it as a reader's request there.
        if preview_mode and preview_mode not in LANGUAGE_CODES:
            message = _("There is no preview mode “%(mode)s”: choose one of %(modes)s.") % {
                "mode": preview_mode,
                "modes": ", ".join(LANGUAGE_CODES),
            }
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        language = self.preview_language(preview_mode)
        with translation.override(language):
            return super().make_preview_request(original_request, language, extra_request_attrs)

    def serve_preview(self, request, mode_name):
        language = self.preview_language(mode_name)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()  # in the preview's language, not the admin's
        # The admin's preview panel frames the preview: only the Hub itself may.
        response._csp_replace = {"frame-ancestors": [SELF]}
        return response
