"""The admin's image library narrowed like its chooser: an image hidden from a user's chooser
(a contact's photo whose profile they may not see: network.wagtail_hooks) is neither listed
nor opened for them in Images. Wagtail offers a hook for the chooser only, so these views
take the places of its own in hub.urls."""

from django.http import Http404
from wagtail import hooks
from wagtail.images.views import images


def _narrowed(queryset, request):
    for hook in hooks.get_hooks("construct_image_chooser_queryset"):
        queryset = hook(queryset, request)
    return queryset


class ImageIndexView(images.IndexView):
    def get_base_queryset(self):
        return _narrowed(super().get_base_queryset(), self.request)


class ImageEditView(images.EditView):
    def get_object(self, queryset=None):
        image = super().get_object(queryset)
        if not _narrowed(type(image).objects.filter(pk=image.pk), self.request).exists():
            raise Http404
        return image
