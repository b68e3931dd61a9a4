"""Fields of the network app translated with modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from network.models import ContactPoint, NationalSociety


@register(NationalSociety)
class NationalSocietyTranslation(TranslationOptions):
    fields = ("name",)


@register(ContactPoint)
class ContactPointTranslation(TranslationOptions):
    fields = ("role",)
