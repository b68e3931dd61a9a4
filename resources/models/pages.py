"""The resource page types and the library page that lists them.

Guidance, tools and case studies share one abstract base, so that every resource carries the
same descriptive fields (taxonomies, countries, National Society, attachments) and the
search index and import format can treat them alike; each kind adds only what is its own.
"""

import datetime
from array import array

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property, classproperty
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from hub import restrictions
from hub.blocks import BodyBlock
from hub.editing import EditedInEveryLanguage
from hub.languages import LANGUAGE_CODES, current_language
from hub.page_cache import CachedForReaders
from hub.translation_status import TranslatedContentMixin, translated_fields
from resources.admin_forms import ResourcePageForm, TranslationStatusPanel
from resources.models.translations import TranslationTracking

LANGUAGE_CHOICES = settings.LANGUAGES
LIBRARY_PAGE_SIZE = 12


class ResourceIndexPage(EditedInEveryLanguage, CachedForReaders, TranslatedContentMixin, Page):
    """The library: every guidance, tool and case study lives under it."""

    intro = models.TextField(_("introduction"), blank=True)

    translated_content_fields = ("title", "intro")
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["resources.GuidancePage", "resources.ToolPage", "resources.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        """The library's resources, browsed as an empty search (search.filters_ui)."""
        from search.filters_ui import browse_context

        context = super().get_context(request, *args, **kwargs)
        context.update(browse_context(request, LIBRARY_PAGE_SIZE))
        return context

    def serve(self, request, *args, **kwargs):
        from django.utils.cache import add_never_cache_headers

        from search.backends.base import SearchUnavailable

        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("error"):
            response.status_code = 400  # never kept by the page cache, which keeps 200s
        elif context.get("unavailable"):
            response.status_code = 503
            response["Retry-After"] = str(SearchUnavailable.retry_after)
            add_never_cache_headers(response)
        return response


LISTING_CACHE_SECONDS = 3600


class ResourceListing:
    """The live resources under a library, newest first, loaded a page at a time (the home
    page's latest resources; the library page itself browses the search index).

    The ids in order come from the cache (or one query sorted by the database), then one
    query a kind loads the requested page: neither the number of queries nor the time
    depends on the size of the library. Resources under a view restriction are listed only
    to viewers it admits (hub.restrictions).
    """

    def __init__(self, library=None, viewer=restrictions.ANONYMOUS):
        self.library = library
        self.viewer = viewer

    def _pages(self):
        """The live resources as pages (one table for the three kinds)."""
        kinds = ContentType.objects.get_for_models(*KIND_MODELS.values()).values()
        pages = Page.objects.live().filter(content_type__in=list(kinds))
        if self.library is not None:
            pages = pages.child_of(self.library)
        return pages

    def _keys(self):
        """(date, id, tree path) of every live resource, newest first (undated ones last), in
        one query that reads the page table once and each kind's table for its dates."""
        dates = [F(f"{model._meta.model_name}__publication_date") for model in KIND_MODELS.values()]
        return (
            self._pages()
            .annotate(date=Coalesce(*dates, Value(datetime.date.min)))
            .order_by("-date", "-id")
            .values_list("date", "id", "path")
        )

    def _every_id(self):
        """The ids of the live resources, newest first, and the access tokens of those under
        a view restriction. Their order changes only when a resource is published,
        unpublished, moved or deleted, and restrictions change, which changes the content
        version (hub.models.ContentVersion): kept in the cache under it, the list costs one
        query instead of a sort of the whole library."""
        from hub.models import ContentVersion

        token = ContentVersion.current()
        library = self.library.pk if self.library is not None else "all"
        key = f"hub-listing:{library}:{token}"
        kept = cache.get(key) if token is not None else None
        if kept is None:
            rules = restrictions.rules()
            ids, restricted = array("q"), {}
            for _date, pk, path in self._keys():
                ids.append(pk)
                access = restrictions.access_for_path(path, rules)
                if access != restrictions.PUBLIC:
                    restricted[pk] = access
            kept = (ids, restricted)
            if token is not None:
                cache.set(key, kept, LISTING_CACHE_SECONDS)
        return kept

    @cached_property
    def _ids(self):
        """The ids of the live resources this viewer may see, newest first."""
        ids, restricted = self._every_id()
        hidden = {pk for pk, access in restricted.items() if not self.viewer.admits(access)}
        if not hidden:
            return ids
        return array("q", (pk for pk in ids if pk not in hidden))

    def __len__(self):
        return len(self._ids)

    def count(self):
        return len(self)

    def __getitem__(self, index):
        keys = list(self._ids[index] if isinstance(index, slice) else [self._ids[index]])
        if not keys:
            return []
        wanted = set(keys)
        loaded = {}
        # One query a kind (even one with nothing on this page) and one for the attachments,
        # so that every page of the listing costs the same.
        for model in KIND_MODELS.values():
            queryset = model.objects.filter(pk__in=wanted).select_related("national_society")
            loaded.update((resource.pk, resource) for resource in queryset)
        languages = {pk: set() for pk in wanted}
        for page_id, language in ResourceAttachment.objects.filter(page_id__in=wanted).values_list(
            "page_id", "language"
        ):
            languages[page_id].add(language)
        resources = []
        for pk in keys:
            if pk in loaded:
                loaded[pk].known_attachment_languages = languages[pk]
                resources.append(loaded[pk])
        return resources if isinstance(index, slice) else resources[0]


def latest_resources(limit=6, viewer=restrictions.ANONYMOUS):
    return ResourceListing(viewer=viewer)[:limit]


class ResourcePage(
    TranslationTracking, EditedInEveryLanguage, CachedForReaders, TranslatedContentMixin, Page
):
    """What every resource has: a summary, a body, its taxonomies, origin and attachments."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences shown in lists and search.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("When the resource itself was published (not when it was added to the Hub)."),
    )
    themes = ParentalManyToManyField("resources.Theme", blank=True, verbose_name=_("themes"))
    exploitation_forms = ParentalManyToManyField(
        "resources.ExploitationForm", blank=True, verbose_name=_("forms of exploitation")
    )
    audiences = ParentalManyToManyField(
        "resources.Audience", blank=True, verbose_name=_("audiences")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    national_society = models.ForeignKey(
        "network.NationalSociety",
        verbose_name=_("National Society"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_point = models.ForeignKey(
        "network.ContactPoint",
        verbose_name=_("contact point to ask"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_('Shown as "Ask about this resource", only to those its owner allows.'),
    )
    translation_state = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="When each field's text last changed (resources.models.translations).",
    )
    translation_status = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Each language's state as editors set it (resources.models.translations).",
    )

    kind = ""
    # What every resource has, and a translation needs to be complete; each kind adds its own.
    translated_content_fields = ("title", "summary", "body")
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    base_form_class = ResourcePageForm
    common_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("resource_attachments", label=_("Attachments")),
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("national_society"),
                FieldPanel("contact_point"),
                FieldPanel("countries"),
                FieldPanel("themes"),
                FieldPanel("exploitation_forms"),
                FieldPanel("audiences"),
            ],
            heading=_("Description"),
        ),
    ]
    content_panels = common_panels + [TranslationStatusPanel()]

    class Meta:
        abstract = True

    @classproperty
    def translated_text_fields(cls):
        """Every translated text of the kind (resources/translation.py), the title first, as
        the translation report (a change dates its language), the import and the index read it."""
        return ("title", *translated_fields(cls))

    @classproperty
    def kind_text_fields(cls):
        """The translated texts the kind adds to those of every resource."""
        common = ResourcePage.translated_content_fields
        return tuple(name for name in cls.translated_text_fields if name not in common)

    # -- Languages --------------------------------------------------------------------------
    # Set by listings that load the attachment languages of many resources in one query.
    known_attachment_languages = None

    def attachment_languages(self):
        if self.known_attachment_languages is not None:
            return self.known_attachment_languages
        return {attachment.language for attachment in self.resource_attachments.all()}

    def available_languages(self):
        """Languages a reader can use this resource in: translated text or an attachment."""
        attachments = self.attachment_languages()
        return [
            code for code in LANGUAGE_CODES if code in attachments or self.is_translated_into(code)
        ]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & {
            build_localized_fieldname(field, language)
            for field in self.translated_text_fields
            for language in LANGUAGE_CODES
        }:
            self.update_translation_state()
            if update_fields is not None:
                kwargs["update_fields"] = list(update_fields) + ["translation_state"]
        return super().save(*args, **kwargs)

    # -- Display ----------------------------------------------------------------------------
    @property
    def kind_label(self):
        return self._meta.verbose_name

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The reader's language first, then the others in the editors' order.
        reader = current_language()
        attachments = list(self.resource_attachments.select_related("document"))
        context["attachments"] = sorted(attachments, key=lambda item: item.language != reader)
        contact = self.contact_point
        context["contact"] = contact.visible_fields(request.user) if contact else None
        return context


class GuidancePage(ResourcePage):
    """Guidance: recommendations and policy for National Societies, such as the ATN guide."""

    kind = "guidance"

    class Meta:
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")


class ToolPage(ResourcePage):
    """A tool people use in their work: a checklist, a template, a leaflet, a training module."""

    class Format(models.TextChoices):
        CHECKLIST = "checklist", _("Checklist")
        TEMPLATE = "template", _("Template")
        LEAFLET = "leaflet", _("Leaflet")
        TRAINING_MODULE = "training_module", _("Training module")
        VIDEO = "video", _("Video")
        GUIDE = "guide", _("Practical guide")

    format = models.CharField(
        _("format"), max_length=30, choices=Format.choices, default=Format.CHECKLIST
    )
    how_to_use = models.TextField(_("how to use it"), blank=True)

    kind = "tool"

    content_panels = ResourcePage.common_panels + [
        FieldPanel("format"),
        FieldPanel("how_to_use"),
        TranslationStatusPanel(),
    ]

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")


class CaseStudyPage(ResourcePage):
    """A practice from a National Society, told so that others can learn from it."""

    partners = models.TextField(_("partners"), blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True)
    people_supported = models.PositiveIntegerField(_("people supported"), null=True, blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)

    kind = "case_study"

    content_panels = ResourcePage.common_panels + [
        MultiFieldPanel(
            [
                FieldPanel("partners"),
                FieldPanel("period"),
                FieldPanel("people_supported"),
                FieldPanel("outcomes"),
                FieldPanel("lessons_learned"),
            ],
            heading=_("The practice"),
        ),
        TranslationStatusPanel(),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")


class ResourceAttachment(Orderable):
    """A downloadable file of a resource, in one language.

    The language is recorded so that readers see which language they will get before they
    download, and so that a resource counts as available in the language of its files.
    """

    page = ParentalKey("wagtailcore.Page", related_name="resource_attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)

    panels = [FieldPanel("document"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def file_format(self):
        return self.document.file_extension.upper()


KIND_MODELS = {"guidance": GuidancePage, "tool": ToolPage, "case_study": CaseStudyPage}
