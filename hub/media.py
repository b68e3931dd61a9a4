"""Uploaded files the app serves itself, and to whom.

`MEDIA_ROOT` holds originals (`original_images/`), renditions (`images/`) and documents
(`documents/`), and some of them are private: documents of restricted collections, and the
photos of contact points whose profile not everyone may see (DESIGN.md, Privacy). So nothing
is served from the folder as it is. `/media/` answers only for the file of a rendition
Wagtail made (a `Rendition` row names it), never an original or a document; documents go
through Wagtail's document view, which applies its collection restrictions. An image that is
a contact's photo, in any size, is shown only to viewers who may see a profile using it,
through this route and Wagtail's signed image URLs alike, and never stored by a shared cache.
"""

import re

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotFound
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_file
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images.models import Rendition
from wagtail.images.utils import verify_signature
from wagtail.images.views.serve import ServeView

from network.models import ContactPoint

# A rendition's file: one name in images/, of the characters Django's storage keeps. Anything
# else (another folder, "..", encoded or backslashed separators, NUL, odd Unicode) is refused
# before the database is asked.
RENDITION_PATH = re.compile(r"images/[\w][\w.-]*")

# How long browsers and shared caches may keep an image everyone may see.
PUBLIC_IMAGE_SECONDS = 3600


def not_found():
    response = HttpResponseNotFound(_("Not found"), content_type="text/plain; charset=utf-8")
    # The same answer whatever the reason, and kept by no cache: a member's browser must
    # not remember an anonymous refusal.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def photo_access(request, image_id, is_photo=None):
    """(may see, private) for an image: a contact's photo only to a viewer who may see one of
    the profiles it belongs to (their own included), and then privately."""
    photos = ContactPoint.objects.filter(photo_id=image_id)
    if is_photo is None:
        is_photo = photos.exists()
    if not is_photo:
        return True, False
    user = request.user
    visible = ContactPoint.objects.visible_to(user).filter(photo_id=image_id)
    if user.is_authenticated:
        visible = visible | photos.filter(user=user)
    return visible.exists(), True


def private(response):
    """No shared cache keeps it, and a browser asks again (the view checks the viewer again,
    then answers 304 if the file did not change)."""
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def serve_media(request, path):
    """A rendition's file, if it is one and the viewer may see it; 404 for anything else."""
    if ".." in path or not RENDITION_PATH.fullmatch(path):
        return not_found()
    contact_photo = ContactPoint.objects.filter(photo_id=OuterRef("image_id"))
    found = (
        Rendition.objects.filter(file=path)
        .annotate(is_photo=Exists(contact_photo))
        .values_list("image_id", "is_photo")
        .first()
    )
    if found is None:
        return not_found()
    image_id, is_photo = found
    allowed, is_private = photo_access(request, image_id, is_photo=is_photo)
    if not allowed:
        return not_found()
    try:
        response = serve_file(request, path, document_root=settings.MEDIA_ROOT)
    except Http404:  # a rendition whose file is gone
        return not_found()
    response["Content-Security-Policy"] = "default-src 'none'"
    if is_private:
        return private(response)
    patch_cache_control(response, public=True, max_age=PUBLIC_IMAGE_SECONDS)
    return response


class ImageServeView(ServeView):
    """Wagtail's signed image URLs (any size, the original too), under the same rule for
    contact photos."""

    def get(self, request, signature, image_id, filter_spec, filename=None):
        if not verify_signature(signature.encode(), image_id, filter_spec, key=self.key):
            return not_found()
        allowed, is_private = photo_access(request, image_id)
        if not allowed:
            return not_found()
        response = super().get(request, signature, image_id, filter_spec, filename)
        return private(response) if is_private else response


def attachment_access(request, document_id):
    """(whether the viewer may have it, whether it is private) for a document attached to
    resources: it is theirs when one of those pages admits them, as the page itself would
    (its view restrictions and those above it, a password passed in this session included)."""
    from wagtail.models import Page

    from resources.models import ResourceAttachment

    page_ids = list(
        ResourceAttachment.objects.filter(document_id=document_id).values_list("page_id", flat=True)
    )
    if not page_ids:
        return True, False
    restricted = False
    for page in Page.objects.filter(pk__in=page_ids):
        restrictions = page.get_view_restrictions()
        restricted = restricted or bool(restrictions)
        if all(restriction.accept_request(request) for restriction in restrictions):
            return True, restricted
    return False, True


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (its collection restrictions, always streamed by the app, as
    WAGTAILDOCS_SERVE_METHOD says), the view restrictions of the resources it is attached to,
    and a restricted document is kept by no shared cache."""
    allowed, attached_privately = attachment_access(request, int(document_id))
    if not allowed:
        return not_found()
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code == 200:
        documents = get_document_model().objects
        document = documents.select_related("collection").filter(pk=document_id).first()
        if attached_privately or (
            document is not None and document.collection.get_view_restrictions()
        ):
            private(response)
    return response


def authenticate_with_collection_password(request, restriction_id):
    """Wagtail's form for a document collection shared with a password, with guesses limited
    as for pages (hub.views.authenticate_with_password)."""
    from wagtail.documents.views.serve import authenticate_with_password

    from hub.views import password_guesses_exceeded, password_limited

    if request.method == "POST" and password_guesses_exceeded(request):
        return password_limited(request)
    return authenticate_with_password(request, restriction_id)
