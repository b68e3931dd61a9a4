"""Fields of the library translated with modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from resources.models import (
    Audience,
    CaseStudyPage,
    ExploitationForm,
    GuidancePage,
    ResourceIndexPage,
    Theme,
    ToolPage,
)


@register(ResourceIndexPage)
class ResourceIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(GuidancePage)
class GuidancePageTranslation(TranslationOptions):
    fields = ("summary", "body")


@register(ToolPage)
class ToolPageTranslation(TranslationOptions):
    fields = ("summary", "body", "how_to_use")


@register(CaseStudyPage)
class CaseStudyPageTranslation(TranslationOptions):
    fields = ("summary", "body", "partners", "period", "outcomes", "lessons_learned")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(ExploitationForm)
class ExploitationFormTranslation(TranslationOptions):
    fields = ("name",)


@register(Audience)
class AudienceTranslation(TranslationOptions):
    fields = ("name",)
