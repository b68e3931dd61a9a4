"""Fields of the hub app translated with modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from hub.models import EmergencyNotice, HelpLine, HomePage, StandardPage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(EmergencyNotice)
class EmergencyNoticeTranslation(TranslationOptions):
    fields = ("text",)


@register(HelpLine)
class HelpLineTranslation(TranslationOptions):
    fields = ("area", "name", "purpose")
