from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        # wagtail-modeltranslation patched the page models in its own ready() (it comes first
        # in INSTALLED_APPS); swap its sibling-loading slug check and routing for indexed
        # queries on the library, whose children number in the thousands (resources.slugs).
        from resources import slugs
        from resources.models import KIND_MODELS, ResourceIndexPage

        ResourceIndexPage.route = slugs.route_child_by_slug
        for model in KIND_MODELS.values():
            model.clean = slugs.clean_resource
            model.base_form_class = slugs.resource_form_class(model.base_form_class)
