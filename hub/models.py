"""The home page, simple content pages and the site-wide settings of the Hub.

Resources (guidance, tools, case studies) live in `resources`; this app holds what frames
them: the home page that introduces the Hub, standard pages such as "What is human
trafficking?", and the emergency notice shown on every page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from hub import restrictions
from hub.blocks import BodyBlock
from hub.page_cache import CachedForReaders
from hub.translation_status import TranslatedContentMixin
from hub.versions import VersionToken


class ContentVersion(VersionToken):
    """The site's content version (hub.versions): it changes with every page published,
    unpublished, moved or deleted, the emergency notice, a view restriction, a site, a term,
    a National Society and a contact point (hub.signals). Public pages are cached under it
    (hub.page_cache), and each process keeps the navigation, the notice, the restrictions and
    the library's order for it."""


class HomePage(CachedForReaders, TranslatedContentMixin, Page):
    """The front door: what the Hub is, a way into the library, the latest resources."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    translated_content_fields = ("title", "intro")
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from resources.models import ResourceIndexPage, latest_resources

        context = super().get_context(request, *args, **kwargs)
        context["library"] = ResourceIndexPage.objects.live().first()
        context["latest_resources"] = latest_resources(
            limit=6, viewer=restrictions.viewer_of(request)
        )
        viewer = restrictions.viewer_of(request)
        context["pages"] = [
            page
            for page in StandardPage.objects.live().child_of(self)
            if viewer.admits(restrictions.access_for(page))
        ]
        return context


class StandardPage(CachedForReaders, TranslatedContentMixin, Page):
    """A page of prose, such as "What is human trafficking?" or "About the Hub"."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    translated_content_fields = ("title", "intro", "body")
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="warning")
class EmergencyNotice(BaseSiteSetting):
    """The line on every page that tells a person in danger what to do.

    When the text is empty in the reader's language the translated default is shown, so the
    notice is never missing, whatever editors have translated.
    """

    text = models.CharField(
        _("notice"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to show the default notice in the reader's language."),
    )
    phone_number = models.CharField(
        _("emergency number"),
        max_length=30,
        blank=True,
        default="112",
        help_text=_("Shown next to the notice, as a link that dials it on a phone."),
    )

    panels = [FieldPanel("text"), FieldPanel("phone_number")]

    class Meta:
        verbose_name = _("emergency notice")
