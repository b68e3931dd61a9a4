"""The home page, simple content pages and the site-wide settings of the Hub.

Resources (guidance, tools, case studies) live in `resources`; this app holds what frames
them: the home page that introduces the Hub, standard pages such as "What is human
trafficking?", and the emergency notice shown on every page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from hub import restrictions
from hub.blocks import BodyBlock
from hub.editing import EditedInEveryLanguage, LanguageModelForm
from hub.page_cache import CachedForReaders
from hub.translation_status import TranslatedContentMixin
from hub.versions import VersionToken


class ContentVersion(VersionToken):
    """The site's content version (hub.versions): it changes with every page published,
    unpublished, moved or deleted, the emergency notice, a view restriction, a site, a term,
    a National Society and a contact point (hub.signals). Public pages are cached under it
    (hub.page_cache), and each process keeps the navigation, the notice, the restrictions and
    the library's order for it."""


class HomePage(EditedInEveryLanguage, CachedForReaders, TranslatedContentMixin, Page):
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


class StandardPage(EditedInEveryLanguage, CachedForReaders, TranslatedContentMixin, Page):
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
        help_text=_(
            "Shown next to the notice, as a link that dials it on a phone. Leave empty when"
            " readers are in several countries: the notice links to the help lines."
        ),
    )

    panels = [FieldPanel("text"), FieldPanel("phone_number")]
    base_form_class = LanguageModelForm

    class Meta:
        verbose_name = _("emergency notice")


class HelpLine(models.Model):
    """A number to call (or an address to write to) for help, shown on the "Get help now" page
    that the emergency notice links to: emergency numbers first, then help lines."""

    EMERGENCY, HELP_LINE = "emergency", "help"
    KINDS = [(EMERGENCY, _("Emergency number")), (HELP_LINE, _("Help line"))]

    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=EMERGENCY)
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty for a number of a whole region.")
    )
    area = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_('Where the number works when it is not one country, e.g. "European Union".'),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Who answers, when not the emergency services."),
    )
    purpose = models.CharField(_("what it is for"), max_length=255)
    phone_number = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("kind"),
        FieldPanel("country"),
        FieldPanel("area"),
        FieldPanel("name"),
        FieldPanel("purpose"),
        FieldPanel("phone_number"),
        FieldPanel("email"),
        FieldPanel("sort_order"),
    ]
    base_form_class = LanguageModelForm

    class Meta:
        ordering = ["kind", "sort_order", "pk"]
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")

    def __str__(self):
        return f"{self.place}: {self.phone_number or self.email}"

    @property
    def place(self):
        return self.country.name if self.country else self.area

    def clean(self):
        from django.core.exceptions import ValidationError

        from hub import phones

        errors = {}
        if not self.phone_number and not self.email:
            errors["phone_number"] = _("Give a phone number, an email address or both.")
        elif self.phone_number and not phones.is_valid(self.phone_number, self.country.code):
            errors["phone_number"] = _(
                "This is not a number that can be dialled: write it as on a phone, with its"
                " country code (+44...) when it is not a short number."
            )
        if not self.country and not self.area:
            errors["area"] = _("Choose a country or name the region.")
        if errors:
            raise ValidationError(errors)

    def phone_display(self):
        from hub import phones

        return phones.display(self.phone_number, self.country.code)

    def tel_uri(self):
        from hub import phones

        return phones.tel_uri(self.phone_number, self.country.code)
