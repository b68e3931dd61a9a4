"""Admin registration of the network's models."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.models import NationalSociety


class NationalSocietyViewSet(SnippetViewSet):
    model = NationalSociety
    icon = "group"
    menu_label = _("National Societies")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "country", "atn_member"]
    list_filter = ["atn_member"]
    search_backend_name = None
    search_fields = ["name_en", "name_fr", "name_es", "name_ar", "name_hr", "name_nl"]


register_snippet(NationalSocietyViewSet)
