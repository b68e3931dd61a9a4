"""Admin of the network: National Societies, contact points (with CSV export, history and
invitations), the report of stale profiles and the dashboard figure.

Each admin surface shows a contact point as `visible_fields` allows its viewer: the listing,
its CSV and Excel exports and the chooser list only the profiles the user may see, with only
the fields they may see; exports and views of editors-only data are logged (network.audit).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    RevisionsCompareView,
    SnippetViewSet,
)

from hub.admin_dates import LocalTimeExportMixin
from network import audit, society_admin
from network.forms import ContactPointAdminForm
from network.invitations import InvitationRefused, invite, recipient
from network.models import (
    PRIVATE_FIELDS,
    VISIBILITY_FIELDS,
    VISIBILITY_RANK,
    ContactPoint,
    NationalSociety,
    Visibility,
    months_ago,
)


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


class VisibleContactsMixin:
    """Only the contact points whose profile the user may see (`visible_to`)."""

    def get_object_list(self):
        return ContactPoint.objects.visible_to(self.request.user)

    def get_object(self, pk):
        return ContactPoint.objects.visible_to(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return ContactPoint.objects.visible_to(self.request.user).filter(pk__in=pks)


class ContactChooseView(VisibleContactsMixin, ChooseView):
    pass


class ContactChooseResultsView(VisibleContactsMixin, ChooseResultsView):
    pass


class ContactChosenView(VisibleContactsMixin, SnippetChosenView):
    pass


class ContactChosenMultipleView(VisibleContactsMixin, SnippetChosenMultipleView):
    pass


class ContactChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ContactChooseView
    choose_results_view_class = ContactChooseResultsView
    chosen_view_class = ContactChosenView
    chosen_multiple_view_class = ContactChosenMultipleView


def has_editors_only_data(contact):
    editors = VISIBILITY_RANK[Visibility.EDITORS]
    return VISIBILITY_RANK[contact.profile_visibility] == editors or any(
        getattr(contact, field) and contact.field_rank(field) == editors for field in PRIVATE_FIELDS
    )


class ContactPointIndexView(LocalTimeExportMixin, IndexView):
    def to_row_dict(self, item):
        """A row of an export: only the fields the exporting user may see."""
        row = super().to_row_dict(item)
        visible = item.visible_fields(self.request.user) or {}
        for field in PRIVATE_FIELDS:
            if field in row:
                row[field] = visible.get(field, "")
        return row

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.log_export(self.request, queryset, spreadsheet_format, report="contact-points")
        return super().as_spreadsheet(queryset, spreadsheet_format)


class EditorsOnlyViewLogged:
    """A GET of an admin view that shows a contact's editors-only data leaves a log entry."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if has_editors_only_data(self.object):
            audit.log_editors_only_view(self.object, request.user, view=self.view_name)
        return response


class ContactPointEditView(EditorsOnlyViewLogged, EditView):
    pass


class ContactPointRevisionsCompareView(EditorsOnlyViewLogged, RevisionsCompareView):
    view_name = "revisions_compare"


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
        *VISIBILITY_FIELDS,
        "last_confirmed",
        "slug",
    ]
    export_filename = "contact-points"
    index_view_class = ContactPointIndexView
    edit_view_class = ContactPointEditView
    revisions_compare_view_class = ContactPointRevisionsCompareView
    chooser_viewset_class = ContactChooserViewSet
    edit_handler = ObjectList(ContactPoint.panels, base_form_class=ContactPointAdminForm)

    def get_queryset(self, request):
        return ContactPoint.objects.visible_to(request.user).select_related("society")


register_snippet(NationalSocietyViewSet)
register_snippet(ContactPointViewSet)


@hooks.register("before_delete_snippet")
def refuse_deleting_a_named_society(request, instances):
    """A National Society that resources or contact points name is not deleted: the page
    lists them and offers a replacement (network.society_admin); its own delete and the
    listing's bulk delete alike."""
    if instances and isinstance(instances[0], NationalSociety):
        return society_admin.refusal(request, instances)
    return None


@permission_required("network.change_contactpoint", raise_exception=True)
def invite_view(request, pk):
    """GET: what will be sent, and a button (or why nothing can be); POST: send the invitation."""
    contact = get_object_or_404(ContactPoint, pk=pk)
    if request.method == "POST":
        try:
            invite(contact, by=request.user)
        except InvitationRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Invitation sent to %(name)s.") % {"name": contact})
        return redirect(reverse("wagtailsnippets_network_contactpoint:list"))
    try:
        _user, address = recipient(contact)
        refused = None
    except InvitationRefused as error:
        address, refused = "", str(error)
    return TemplateResponse(
        request,
        "network/admin/invite.html",
        {"contact": contact, "address": address, "refused": refused},
    )


@hooks.register("construct_image_chooser_queryset")
def hide_photos_of_hidden_contacts(images, request):
    """Images used as the photo of a contact this user may not see are not offered (the image
    chooser, and through it the admin API: hub.wagtail_hooks)."""
    hidden = ContactPoint.objects.exclude(
        pk__in=ContactPoint.objects.visible_to(request.user).values("pk")
    ).exclude(photo=None)
    return images.exclude(pk__in=hidden.values("photo_id"))


@hooks.register("register_snippet_listing_buttons")
def invite_button(snippet, user, next_url=None):
    if isinstance(snippet, ContactPoint) and user.has_perm("network.change_contactpoint"):
        yield ListingButton(_("Invite"), reverse("network_invite", args=[snippet.pk]), priority=50)


def stale_since():
    return months_ago(settings.PROFILE_REMINDER_MONTHS)


class StaleProfilesView(LocalTimeExportMixin, ReportView):
    page_title = _("Profiles to confirm")
    header_icon = "user"
    template_name = "network/admin/stale_report.html"
    results_template_name = "network/admin/stale_report_results.html"
    index_url_name = "network_stale_profiles"
    index_results_url_name = "network_stale_profiles_results"
    list_export = ["name", "society", "email", "last_confirmed", "reminder_sent_at"]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.log_export(self.request, queryset, spreadsheet_format, report="stale-profiles")
        return super().as_spreadsheet(queryset, spreadsheet_format)

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
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@hooks.register("register_admin_urls")
def register_network_admin_urls():
    return [
        path("network/invite/<int:pk>/", invite_view, name="network_invite"),
        path(
            "network/societies/<int:pk>/replace/",
            society_admin.replace_view,
            name="network_society_replace",
        ),
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
    actions.register_action("network.invite", _("Invite"), _("Invitation sent"))
    actions.register_action("network.export", _("Export"), _("Exported"))
    actions.register_action(
        "network.view_editors_only", _("View editors-only data"), _("Editors-only data viewed")
    )
    actions.register_action(
        "network.contact_deleted", _("Delete contact point"), _("Contact point deleted")
    )
    actions.register_action(
        society_admin.REPLACED, _("Replace National Society"), _("National Society replaced")
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Account > Two-step verification: enrol an authenticator app (network.two_factor)."""
    return {
        "url": reverse("network:two_factor_enrol"),
        "label": _("Two-step verification"),
        "help_text": _(
            "Set up an authenticator app that gives a code to enter after your password."
        ),
    }
