"""Uploads editors may make: allowed types only, within the size limit, content matching the
file name, images that can be read to the end. Each refusal says why, once, in the editor's
language.

Every upload form (the add and edit forms, the choosers' upload tabs) states the formats and
the limit under its file field, and its file input carries the limit (`data-max-bytes`) and
Wagtail's message for a file over it (`data-too-large`): the admin's script
(hub/static/hub/admin/uploads.js, hub.wagtail_hooks) refuses such a file as soon as it is
chosen, before anything is sent. Without the script the server refuses it with the same
limit. Wagtail's multiple uploaders check the limit in their own script."""

import os

import filetype
from django import forms
from django.forms.fields import FileField
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageSequence
from wagtail.documents.fields import WagtailDocumentField
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


def extension_of(name):
    return os.path.splitext(name or "")[1][1:].lower()


def formats_and_limit(extensions, limit):
    """The help text of an upload field (Wagtail's own sentence, translated by Wagtail)."""
    return _("Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s.") % {
        "supported_formats": ", ".join(extensions).upper(),
        "max_upload_size": filesizeformat(limit),
    }


def limit_for_the_script(field, limit, message):
    """The limit and its message on the file input, for the admin's script."""
    field.widget.attrs.update({"data-max-bytes": str(limit), "data-too-large": message})


def check_document_type(upload):
    if extension_of(upload.name) not in DOCUMENT_TYPES:
        raise forms.ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(ext.upper() for ext in DOCUMENT_TYPES)}
        )


def check_document(upload):
    """Raise ValidationError unless `upload` is an allowed document whose content matches its
    extension. (Its size is checked by the field: WAGTAILDOCS_MAX_UPLOAD_SIZE.)"""
    check_document_type(upload)
    extension = extension_of(upload.name)
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


class TypedDocumentField(WagtailDocumentField):
    """Wagtail's document field, refusing a file of a type never accepted before its size: an
    editor is not asked to make smaller a file that would be refused anyway."""

    def to_python(self, data):
        upload = FileField.to_python(self, data)
        if upload is not None:
            check_document_type(upload)
        return super().to_python(data)


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailDocumentField):
            field.__class__ = TypedDocumentField
            field.widget.attrs["accept"] = ",".join(f".{ext}" for ext in DOCUMENT_TYPES)
            if field.max_upload_size:
                field.help_text = formats_and_limit(DOCUMENT_TYPES, field.max_upload_size)
                limit_for_the_script(
                    field,
                    field.max_upload_size,
                    field.error_messages["file_too_large_unknown_size"],
                )

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


def not_that_image(extension):
    return forms.ValidationError(
        _("The content of this file is not a %(type)s image, whatever its name says.")
        % {"type": extension.upper()},
        code="not_that_image",
    )


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, with its checks in the order that names the real problem: the
    file's type (a PDF is "not a supported image format", not "a corrupted image"), its size
    (before it is decoded), then its content: not an image of the type its name says, or an
    image Pillow cannot decode to its last frame (a truncated GIF, PNG or JPEG passes
    Wagtail's checks and then fails deep in Pillow, a 500, when Wagtail measures it or makes
    a rendition)."""

    def to_python(self, data):
        upload = FileField.to_python(self, data)
        if upload is None:
            return None
        extension = extension_of(upload.name)
        if extension not in self.allowed_image_extensions:
            raise forms.ValidationError(
                self.error_messages["invalid_image_extension"], code="invalid_image_extension"
            )
        if hasattr(upload, "size"):
            self.check_image_file_size(upload)
        try:
            return super().to_python(data)
        except forms.ValidationError as error:
            if error.code in ("invalid_image", "invalid_image_known_format"):
                raise not_that_image(extension) from error
            raise

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
        # The field Wagtail built (label, help text with formats and limit, widget), checking
        # images in order and to the end.
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField):
            field.__class__ = ReadableImageField
            field.widget.attrs["accept"] = ",".join(
                f".{ext}" for ext in field.allowed_image_extensions
            )
            if field.max_upload_size:
                limit_for_the_script(
                    field,
                    field.max_upload_size,
                    field.error_messages["file_too_large_unknown_size"],
                )
