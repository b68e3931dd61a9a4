"""Admin of the network: National Societies, contact points (with CSV export, history and
invitations), the report of stale profiles and the dashboard figure."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.invitations import invite
from network.models import ContactPoint, NationalSociety


class NationalSocietyViewSet(SnippetViewSet):
    model = NationalSociety
    icon = "group"
    menu_label = _("National Societies")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "country", "atn_member"]
    list_filter = ["atn_member"]
    search_backend_name = None
    search_fields = ["name_en", "name_fr", "name_es", "name_ar", "name_hr", "name_nl"]


class ContactPointViewSet(SnippetViewSet):
    model = ContactPoint
    icon = "user"
    menu_label = _("Contact points")
    menu_order = 301
    add_to_admin_menu = True
    list_display = ["name", "society", "profile_visibility", "last_confirmed"]
    list_filter = ["society", "profile_visibility"]
    search_backend_name = None
    search_fields = ["name", "email", "role_en"]
    list_export = [
        "name",
        "society",
        "role",
        "email",
        "phone",
        "languages",
        "profile_visibility",
        "email_visibility",
        "phone_visibility",
        "last_confirmed",
    ]
    export_filename = "contact-points"


register_snippet(NationalSocietyViewSet)
register_snippet(ContactPointViewSet)


@permission_required("network.change_contactpoint", raise_exception=True)
def invite_view(request, pk):
    """GET: what will be sent, and a button; POST: send the invitation."""
    contact = get_object_or_404(ContactPoint, pk=pk)
    if request.method == "POST":
        if not (contact.email or contact.user_id):
            messages.error(
                request, _("%(name)s has no email address to invite.") % {"name": contact}
            )
        else:
            invite(contact)
            messages.success(request, _("Invitation sent to %(name)s.") % {"name": contact})
        return redirect(reverse("wagtailsnippets_network_contactpoint:list"))
    address = contact.email or (contact.user.email if contact.user_id else "")
    return TemplateResponse(
        request, "network/admin/invite.html", {"contact": contact, "address": address}
    )


@hooks.register("register_snippet_listing_buttons")
def invite_button(snippet, user, next_url=None):
    if isinstance(snippet, ContactPoint) and user.has_perm("network.change_contactpoint"):
        yield ListingButton(_("Invite"), reverse("network_invite", args=[snippet.pk]), priority=50)


def stale_since():
    return timezone.now() - timedelta(days=round(settings.PROFILE_REMINDER_MONTHS * 30.44))


class StaleProfilesView(ReportView):
    page_title = _("Profiles to confirm")
    header_icon = "user"
    template_name = "network/admin/stale_report.html"
    results_template_name = "network/admin/stale_report_results.html"
    index_url_name = "network_stale_profiles"
    index_results_url_name = "network_stale_profiles_results"
    list_export = ["name", "society", "email", "last_confirmed", "reminder_sent_at"]

    def get_queryset(self):
        return (
            (
                ContactPoint.objects.filter(last_confirmed__lt=stale_since())
                | ContactPoint.objects.filter(last_confirmed__isnull=True)
            )
            .select_related("society")
            .order_by("last_confirmed", "name")
        )

    def filter_queryset(self, queryset):
        return queryset

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("network.change_contactpoint"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@hooks.register("register_admin_urls")
def register_network_admin_urls():
    return [
        path("network/invite/<int:pk>/", invite_view, name="network_invite"),
        path("reports/stale-profiles/", StaleProfilesView.as_view(), name="network_stale_profiles"),
        path(
            "reports/stale-profiles/results/",
            StaleProfilesView.as_view(results_only=True),
            name="network_stale_profiles_results",
        ),
    ]


class StaleMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("network.change_contactpoint")


@hooks.register("register_reports_menu_item")
def register_stale_profiles_menu_item():
    return StaleMenuItem(
        _("Profiles to confirm"), reverse("network_stale_profiles"), icon_name="user", order=1030
    )


class ConfirmedShare(Component):
    """Dashboard figure: the share of profiles confirmed in the last 12 months."""

    order = 90
    template_name = "network/admin/confirmed_share.html"

    def get_context_data(self, parent_context=None):
        total = ContactPoint.objects.count()
        confirmed = ContactPoint.objects.filter(last_confirmed__gte=stale_since()).count()
        return {
            "total": total,
            "confirmed": confirmed,
            "share": round(100 * confirmed / total) if total else 0,
            "months": settings.PROFILE_REMINDER_MONTHS,
        }


@hooks.register("construct_homepage_panels")
def add_confirmed_share(request, panels):
    if request.user.has_perm("network.view_contactpoint"):
        panels.append(ConfirmedShare())


@hooks.register("register_log_actions")
def register_network_actions(actions):
    actions.register_action("network.confirm", _("Confirm details"), _("Details confirmed"))
    actions.register_action("network.link_account", _("Link account"), _("Linked to an account"))
