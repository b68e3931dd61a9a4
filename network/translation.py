"""Fields of the network app translated with modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from network.models import NationalSociety


@register(NationalSociety)
class NationalSocietyTranslation(TranslationOptions):
    fields = ("name",)
