"""Wagtail's admin API (/admin/api/main/images/, /documents/) answers with what the user's
choosers would show them: the images and documents they may choose, as narrowed by every app's
chooser hooks (contact photos, for one: network.wagtail_hooks). Out of the box it lists every
image and document to any admin user. Help lines are snippets under Settings; Reports >
Drafts never published is hub.drafts; "Copy content from" is kept to the per-language
StreamFields by hub.translation_copy. Every admin page loads the script that refuses a file
over the upload limit before it is sent (hub.uploads). The workflow's history and messages say
"changes requested" (hub.workflow_wording)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub import drafts, translation_copy, workflow_wording
from hub.models import HelpLine


def narrowed(objects, request, hook_name):
    """`objects` as every app's chooser hook `hook_name` narrows them for this request."""
    for hook in hooks.get_hooks(hook_name):
        objects = hook(objects, request)
    return objects


def choosable(model, request, hook_name):
    objects = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        request.user, ["choose"]
    )
    return narrowed(objects, request, hook_name)


class ChoosableImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        images = choosable(self.model, self.request, "construct_image_chooser_queryset")
        return super().get_queryset().filter(pk__in=images.values("pk"))


class ChoosableDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        documents = choosable(self.model, self.request, "construct_document_chooser_queryset")
        return super().get_queryset().filter(pk__in=documents.values("pk"))


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own endpoints
def restrict_admin_api(router):
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)


@hooks.register("insert_global_admin_js")
def upload_limit_script():
    return format_html('<script src="{}" defer></script>', static("hub/admin/uploads.js"))


@hooks.register("register_log_actions", order=100)  # after Wagtail's own, which it replaces
def workflow_log_wording(actions):
    workflow_wording.register_log_wording(actions)


@hooks.register("after_edit_page")
def workflow_action_message(request, page):
    workflow_wording.workflow_action_message(request, page)


class HelpLineViewSet(SnippetViewSet):
    """Settings > Help lines: the numbers on the "Get help now" page."""

    model = HelpLine
    icon = "warning"
    add_to_settings_menu = True
    menu_label = _("Help lines")
    list_display = ["place", "purpose", "phone_number", "email", "kind"]
    list_filter = ["kind"]
    search_fields = ["area", "name", "purpose", "phone_number"]


register_snippet(HelpLineViewSet)


# "Copy content from" (wagtail-modeltranslation) only where there is a language to copy from:
# its view's address answers through hub.translation_copy first (a lower order comes first).
@hooks.register("register_admin_urls", order=-1)
def register_translation_copy_urls():
    return translation_copy.admin_urls()


@hooks.register("insert_global_admin_css")
def hide_copy_buttons_outside_languages():
    return translation_copy.copy_buttons_css()


@hooks.register("register_admin_urls")
def register_drafts_report_urls():
    return drafts.admin_urls()


@hooks.register("register_reports_menu_item")
def register_drafts_report_menu_item():
    return drafts.menu_item()
