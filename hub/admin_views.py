"""The admin's image library narrowed like its chooser: an image hidden from a user's chooser
(a contact's photo whose profile they may not see: network.wagtail_hooks) is neither listed
nor opened for them in Images. Wagtail offers a hook for the chooser only, so these views
take the places of its own in hub.urls."""

from django.http import Http404
from wagtail.images.views import images

from hub.wagtail_hooks import narrowed

HOOK = "construct_image_chooser_queryset"


class ImageIndexView(images.IndexView):
    def get_base_queryset(self):
        return narrowed(super().get_base_queryset(), self.request, HOOK)


class ImageEditView(images.EditView):
    def get_object(self, queryset=None):
        image = super().get_object(queryset)
        if not narrowed(type(image).objects.filter(pk=image.pk), self.request, HOOK).exists():
            raise Http404
        return image
