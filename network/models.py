"""The National Societies of the network.

Resources point to the National Society that produced them, so readers can see where a
practice comes from and find its people; the directory of contact points builds on it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel

from hub.translation_status import TranslatedContentMixin


class NationalSociety(TranslatedContentMixin, models.Model):
    """A Red Cross or Red Crescent National Society, named in every language of the Hub."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    atn_member = models.BooleanField(
        _("ATN member"),
        default=False,
        help_text=_("Member of the European Action for Trafficked Persons Network."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    translated_content_fields = ("name",)
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("atn_member"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = _("National Society")
        verbose_name_plural = _("National Societies")
        ordering = ["name"]

    def __str__(self):
        return self.name
