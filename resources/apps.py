from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        # wagtail-modeltranslation patched the page models in its own ready() (it comes first
        # in INSTALLED_APPS); swap its sibling-loading slug check for indexed queries on every
        # page type of the Hub and its "Copy" form, and its routing on the library, whose
        # children number in the thousands (resources.slugs).
        from wagtail.models import get_page_models
        from wagtail_modeltranslation.patch_wagtailadmin_forms import PatchedCopyForm

        from hub.editing import EditedInEveryLanguage
        from resources import slugs
        from resources.models import ResourceIndexPage

        ResourceIndexPage.route = slugs.route_child_by_slug
        PatchedCopyForm.clean = slugs.clean_copy_form
        for model in get_page_models():
            if issubclass(model, EditedInEveryLanguage):
                model.clean = slugs.clean_page
                model.base_form_class = slugs.page_form_class(model.base_form_class)
