"""wagtail-modeltranslation's "Copy content from" buttons, kept to what they can copy.

The library puts the buttons on every nested panel of the page editor: on each language's
StreamField (`body_fr`: copy the English body into it) but also on the attachments panel,
which is no field of any language; there it asked its view to render a field named
`_attachments`, and the view answered 500 (`KeyError: '_attachments'`).

Here the buttons stay on the per-language StreamFields only (`copy_buttons_css`), and the
view's address answers first through `copy_translation_content`, which hands the request on
to the library's view only for two languages of one StreamField of a page the user may edit;
anything else is a 400 that says what is wrong (or 403, 405).
"""

import json

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_modeltranslation.wagtail_hooks import return_translation_target_field_rendered_html

from hub.editing import field_language, in_language
from hub.languages import LANGUAGE_CODES


def _stream_of(model, name):
    """The StreamField a per-language field name stands for (`body_fr`: body), or None."""
    if not name or not field_language(model, name):
        return None
    field = model._meta.get_field(name)
    return field.translated_field.name if isinstance(field, StreamField) else None


def _serialized_stream(data, origin):
    """Whether the StreamField's inputs came as the library's script sends them: a JSON list
    of {"name", "value"} objects, its block count among them."""
    try:
        fields = json.loads(data or "")
    except ValueError:
        return False
    if not isinstance(fields, list) or not all(
        isinstance(field, dict) and isinstance(field.get("name"), str) and "value" in field
        for field in fields
    ):
        return False
    return f"{origin}-count" in {field["name"] for field in fields}


def copy_translation_content(request, page_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        return JsonResponse({"error": _("You may not edit this page.")}, status=403)
    model = type(page)
    origin = request.POST.get("origin_field_name", "")
    target = request.POST.get("target_field_name", "")
    stream = _stream_of(model, target)
    if (
        request.headers.get("X-Requested-With") != "XMLHttpRequest"
        or stream is None
        or _stream_of(model, origin) != stream
        or not _serialized_stream(request.POST.get("serializedOriginField"), origin)
    ):
        message = _("Only the content of one language of a StreamField can be copied into another.")
        return JsonResponse({"error": message}, status=400)
    response = return_translation_target_field_rendered_html(request, page_id)
    # The copy replaces the field's editor: it keeps its language (hub.editing).
    rendered = mark_safe(json.loads(response.content))  # noqa: S308 - the widget's own HTML
    copied = in_language(rendered, field_language(model, target))
    return HttpResponse(json.dumps(copied), content_type="application/json")


def admin_urls():
    """Before the library's own (hub.wagtail_hooks registers them first): the same address."""
    return [
        re_path(
            r"pages/(?P<page_id>\d+)/edit/copy_translation_content/$",
            copy_translation_content,
            name="copy_translation_content",
        )
    ]


def copy_buttons_css():
    """Hide the buttons the library adds to nested panels that are no per-language field."""
    panels = "".join(f':not([id$="_{code}-section"])' for code in LANGUAGE_CODES)
    rule = f"section.w-panel--nested{panels} > .w-panel__header > .translation-field-copy-wrapper"
    return mark_safe(f"<style>{rule} {{ display: none; }}</style>")  # noqa: S308 - the Hub's codes
