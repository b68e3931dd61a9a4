"""Reports > Drafts never published: pages that were created and left.

The page editor autosaves a new page as soon as its title is typed, so a page begun and
abandoned stays in the tree as a draft (and holds its slug: resources.slugs). This report
lists the pages that were never published and not edited for a number of days (30 unless
the editor asks for another), the oldest first, with who created them, so that editors can
finish or delete them (the delete link shows where they may).
"""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from hub.admin_dates import LocalTimeExportMixin
from hub.forms import WholeNumberField

DEFAULT_DAYS = 30


class DraftsFilter(forms.Form):
    days = WholeNumberField(
        _("days"),
        maximum=3650,
        default=DEFAULT_DAYS,
        initial=DEFAULT_DAYS,
        label=_("Not edited for (days)"),
    )


def abandoned_drafts(days=DEFAULT_DAYS, now=None):
    """Pages never published whose last edit is `days` old or more, the oldest first."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        Page.objects.filter(live=False, first_published_at__isnull=True, depth__gt=1)
        .filter(Q(latest_revision_created_at__lte=cutoff) | Q(latest_revision_created_at=None))
        .select_related("owner", "content_type")
        .order_by("latest_revision_created_at", "pk")
    )


class DraftRow:
    def __init__(self, page, user):
        self.page = page
        self.can_delete = page.permissions_for_user(user).can_delete()

    @property
    def title(self):
        return self.page.get_admin_display_title()

    @property
    def kind(self):
        return self.page.specific_class._meta.verbose_name if self.page.specific_class else ""

    @property
    def owner(self):
        owner = self.page.owner
        return (owner.get_full_name() or owner.get_username()) if owner else ""

    @property
    def last_edited(self):
        return self.page.latest_revision_created_at


class DraftsReportView(LocalTimeExportMixin, ReportView):
    page_title = _("Drafts never published")
    header_icon = "doc-empty"
    template_name = "hub/admin/drafts_report.html"
    results_template_name = "hub/admin/drafts_report_results.html"
    index_url_name = "drafts_report"
    index_results_url_name = "drafts_report_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "kind", "owner", "last_edited"]
    export_headings = {
        "title": _("Title"),
        "kind": _("Kind"),
        "owner": _("Created by"),
        "last_edited": _("Last edited"),
    }
    paginate_by = 50

    def get_filter(self):
        return DraftsFilter(self.request.GET or None)

    def get_queryset(self):
        form = self.get_filter()
        self.days = form.cleaned_data["days"] if form.is_valid() else DEFAULT_DAYS
        return abandoned_drafts(self.days)

    def filter_queryset(self, queryset):
        return queryset

    def decorate_paginated_queryset(self, object_list):
        return [DraftRow(page, self.request.user) for page in object_list]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["drafts_filter"] = self.get_filter()
        context["days"] = self.days
        return context


class DraftsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, DraftsReportView.any_permission_required
        )


def admin_urls():
    return [
        path("reports/drafts/", DraftsReportView.as_view(), name="drafts_report"),
        path(
            "reports/drafts/results/",
            DraftsReportView.as_view(results_only=True),
            name="drafts_report_results",
        ),
    ]


def menu_item():
    return DraftsReportMenuItem(
        _("Drafts never published"),
        reverse("drafts_report"),
        name="drafts-never-published",
        icon_name="doc-empty",
        order=1010,
    )
