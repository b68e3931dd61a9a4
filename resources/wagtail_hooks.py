"""Admin registration of the library: taxonomy snippets and the translation report."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.languages import LANGUAGE_CODES
from resources import reports
from resources.models import Audience, ExploitationForm, Theme


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug"]
    search_backend_name = None
    search_fields = [f"name_{code}" for code in LANGUAGE_CODES] + ["slug"]


class ThemeViewSet(TermViewSet):
    model = Theme
    icon = "tag"


class ExploitationFormViewSet(TermViewSet):
    model = ExploitationForm
    icon = "tag"


class AudienceViewSet(TermViewSet):
    model = Audience
    icon = "group"


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomies")
    menu_icon = "tag"
    menu_order = 310
    items = (ThemeViewSet, ExploitationFormViewSet, AudienceViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return reports.admin_urls()


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return reports.menu_item()
