"""The translation report: what to translate next.

For each resource it lists each language's state (resources.models.translations): missing
or partly shown in English, machine translated and waiting for review, outdated since the
English changed; and English changes waiting in a draft or a moderation. Most work first,
so editors see where their time goes furthest.
"""

from django import forms
from django.conf import settings
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.models import Revision, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from resources.models import KIND_MODELS
from resources.models.translations import TARGET_LANGUAGES, TranslationState

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class TranslationRow:
    """A resource in the report: each language's state, and English changes not yet live."""

    def __init__(self, page, draft=None, moderated=False):
        self.page = page
        self.languages = page.language_statuses()
        self.missing = [status.language for status in self.languages if status.missing_fields]
        self.stale = [status.language for status in self.languages if status.outdated_since]
        self.needs_review = [
            status.language
            for status in self.languages
            if status.state == TranslationState.MACHINE and status.has_text
        ]
        self.pending_fields = page.pending_source_changes(draft) if draft is not None else []
        self.pending_moderated = moderated
        self.pending_since = draft.latest_revision_created_at if self.pending_fields else None

    @property
    def work(self):
        return len(self.missing) + len(self.stale) + len(self.needs_review) + bool(self.pending)

    def needs_work_in(self, language):
        return language in self.missing + self.stale + self.needs_review

    @property
    def missing_names(self):
        return ", ".join(LANGUAGE_NAMES[code] for code in self.missing)

    @property
    def stale_names(self):
        return ", ".join(LANGUAGE_NAMES[code] for code in self.stale)

    @property
    def pending(self):
        """English changes in a draft or a moderation, not yet live."""
        if not self.pending_fields:
            return ""
        fields = ", ".join(str(self.page.field_label(name)) for name in self.pending_fields)
        if self.pending_moderated:
            return _("In moderation: %(fields)s") % {"fields": fields}
        return _("In a draft: %(fields)s") % {"fields": fields}

    def cell(self, status):
        """A language's state in words, as the table and the exports show it."""
        parts = [str(status.state_label)]
        if status.missing_fields and status.has_text:
            names = ", ".join(str(self.page.field_label(name)) for name in status.missing_fields)
            parts.append(_("shown in English: %(fields)s") % {"fields": names})
        if status.outdated_since:
            date = formats.date_format(status.outdated_since, "DATE_FORMAT")
            names = ", ".join(str(self.page.field_label(name)) for name in status.outdated_fields)
            parts.append(_("outdated since %(date)s: %(fields)s") % {"date": date, "fields": names})
        return "; ".join(parts)

    @property
    def cells(self):
        return [(status, self.cell(status)) for status in self.languages]

    def __getattr__(self, name):
        if name.startswith("state_"):  # the export's language columns
            for status in self.__dict__.get("languages", []):
                if name == f"state_{status.language}":
                    return self.cell(status)
        raise AttributeError(name)

    @property
    def title(self):
        return self.page.title

    @property
    def kind(self):
        return self.page.kind_label


def drafts_of(pages):
    """{page id: (latest revision as a page, in moderation)} for the pages with changes not
    yet live: two queries, however many pages."""
    pending = [page for page in pages if page.has_unpublished_changes and page.latest_revision_id]
    if not pending:
        return {}
    revisions = Revision.objects.in_bulk([page.latest_revision_id for page in pending])
    moderated = set(
        WorkflowState.objects.active()
        .filter(
            base_content_type=pending[0].get_base_content_type(),
            object_id__in=[str(page.pk) for page in pending],
        )
        .values_list("object_id", flat=True)
    )
    drafts = {}
    for page in pending:
        revision = revisions.get(page.latest_revision_id)
        if revision is not None:
            draft = page.with_content_json(revision.content)
            draft.latest_revision_created_at = revision.created_at
            drafts[page.pk] = (draft, str(page.pk) in moderated)
    return drafts


class LanguageFilter(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages"))]
        + [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE],
    )


class TranslationReportView(ReportView):
    page_title = _("Translation coverage")
    header_icon = "globe"
    template_name = "resources/admin/translation_report.html"
    results_template_name = "resources/admin/translation_report_results.html"
    index_url_name = "translation_report"
    index_results_url_name = "translation_report_results"
    # For those who may write pages, as the page listings it mirrors.
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = [
        "title",
        "kind",
        "missing_names",
        "stale_names",
        *(f"state_{code}" for code in TARGET_LANGUAGES),
        "pending",
    ]
    export_headings = {
        "title": _("Title"),
        "kind": _("Kind"),
        "missing_names": _("Not translated into"),
        "stale_names": _("Older than the English text"),
        **{f"state_{code}": LANGUAGE_NAMES[code] for code in TARGET_LANGUAGES},
        "pending": _("English changes not yet published"),
    }
    paginate_by = 50

    def get_queryset(self):
        # A language the filter does not offer is its form's error, and filters nothing.
        chosen = LanguageFilter(self.request.GET or None)
        language = (chosen.cleaned_data.get("language") or None) if chosen.is_valid() else None
        rows = []
        for model in KIND_MODELS.values():
            pages = list(model.objects.all().order_by("pk"))
            drafts = drafts_of(pages)
            for page in pages:
                row = TranslationRow(page, *drafts.get(page.pk, (None, False)))
                if language and not row.needs_work_in(language):
                    continue
                if row.work:
                    rows.append(row)
        rows.sort(key=lambda row: (-row.work, row.title.casefold()))
        return rows

    def filter_queryset(self, queryset):
        return queryset

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["language_filter"] = LanguageFilter(self.request.GET or None)
        context["language_columns"] = [(code, LANGUAGE_NAMES[code]) for code in TARGET_LANGUAGES]
        return context


class TranslationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, TranslationReportView.any_permission_required
        )


def admin_urls():
    return [
        path(
            "reports/translations/",
            TranslationReportView.as_view(),
            name="translation_report",
        ),
        path(
            "reports/translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="translation_report_results",
        ),
    ]


def menu_item():
    return TranslationReportMenuItem(
        _("Translation coverage"),
        reverse("translation_report"),
        name="translation-coverage",
        icon_name="globe",
        order=1000,
    )
