"""Taxonomies that describe resources and drive the search facets.

Each term has a stable slug (used in URLs, the import format and the search API, so it never
changes with a translation) and a name translated into every language of the Hub.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from hub.editing import LanguageModelForm
from hub.translation_status import TranslatedContentMixin


class Term(TranslatedContentMixin, models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    translated_content_fields = ("name",)
    panels = [FieldPanel("name"), FieldPanel("slug")]
    base_form_class = LanguageModelForm

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(Term):
    """What a resource is about: identification, integration, safeguarding..."""

    class Meta(Term.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ExploitationForm(Term):
    """The purpose of exploitation a resource addresses: forced labour, sexual exploitation..."""

    class Meta(Term.Meta):
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")


class Audience(Term):
    """Who a resource is written for: volunteers, managers, survivors..."""

    class Meta(Term.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
