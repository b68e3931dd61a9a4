"""The translation report: what to translate next.

For each resource it lists the languages it is missing and the translations that are older
than the latest change to the English source (from `ResourcePage.translation_state`), most
work first, so editors see where their time goes furthest.
"""

from django import forms
from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from resources.models import KIND_MODELS

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class TranslationRow:
    def __init__(self, page):
        self.page = page
        self.missing = page.missing_translations()
        self.stale = page.stale_translations()

    @property
    def missing_names(self):
        return ", ".join(LANGUAGE_NAMES[code] for code in self.missing)

    @property
    def stale_names(self):
        return ", ".join(LANGUAGE_NAMES[code] for code in self.stale)

    @property
    def title(self):
        return self.page.title

    @property
    def kind(self):
        return self.page.kind_label


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
    list_export = ["title", "kind", "missing_names", "stale_names"]
    export_headings = {
        "title": _("Title"),
        "kind": _("Kind"),
        "missing_names": _("Not translated into"),
        "stale_names": _("Older than the English text"),
    }
    paginate_by = 50

    def get_queryset(self):
        language = self.request.GET.get("language") or None
        rows = []
        for model in KIND_MODELS.values():
            for page in model.objects.all().order_by("pk"):
                row = TranslationRow(page)
                if language and language not in row.missing + row.stale:
                    continue
                if row.missing or row.stale:
                    rows.append(row)
        rows.sort(key=lambda row: (-(len(row.missing) + len(row.stale)), row.title.casefold()))
        return rows

    def filter_queryset(self, queryset):
        return queryset

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["language_filter"] = LanguageFilter(self.request.GET or None)
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
