"""Uploads editors may make: allowed types only, within the size limit, content matching the
file name. Each refusal says why, in the editor's language."""

import filetype
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

# What the content of each allowed extension must be (as filetype reads it).
DOCUMENT_TYPES = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
}


def check_document(upload):
    """Raise ValidationError unless `upload` is an allowed document of an allowed size."""
    limit = settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024
    if upload.size > limit:
        raise forms.ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in DOCUMENT_TYPES:
        raise forms.ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(ext.upper() for ext in DOCUMENT_TYPES)}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in DOCUMENT_TYPES[extension]:
        raise forms.ValidationError(
            _("The content of this file is not a %(type)s document, whatever its name says.")
            % {"type": extension.upper()}
        )


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "size") and getattr(upload, "content_type", None) is not None:
            check_document(upload)
        return upload
