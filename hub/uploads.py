"""Uploads editors may make: allowed types only, within the size limit, content matching the
file name, images that can be read to the end. Each refusal says why, once, in the editor's
language."""

import filetype
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageSequence
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

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
    check_document_type(upload)


def check_document_type(upload):
    """Raise ValidationError unless `upload` is an allowed type whose content matches its
    name (whatever its size: a bundle brings files another hub accepted)."""
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

    def _post_clean(self):
        # Wagtail's Document.clean checks the extension again, of the file the document keeps
        # when the upload was refused (none: 'File extension "" is not allowed'). A refused
        # file keeps its one message.
        refusal = list(self.errors.get("file", []))
        super()._post_clean()
        if refusal:
            self.errors["file"] = self.error_class(refusal)


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, also refusing an image Pillow cannot decode to its last frame: a
    truncated GIF, PNG or JPEG passes Wagtail's checks and then fails deep in Pillow (an
    OSError, a 500) when Wagtail measures it or makes a rendition."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)  # within the pixel limit: safe to decode
            source = f.image.f
            source.seek(0)
            with PILImage.open(source) as picture:
                for frame in ImageSequence.Iterator(picture):
                    frame.load()
            source.seek(0)
        except forms.ValidationError:
            raise
        except Exception as error:  # Pillow: OSError, SyntaxError, EOFError, ValueError...
            raise forms.ValidationError(
                _(
                    "This image is damaged or incomplete and cannot be read. Save it again "
                    "from an image editor and upload that copy."
                ),
                code="unreadable_image",
            ) from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field Wagtail built (label, widget, limits), checking images to the end.
        if isinstance(self.fields.get("file"), WagtailImageField):
            self.fields["file"].__class__ = ReadableImageField
