"""Deleting a National Society that resources or contact points name.

Deleting it would take the National Society off every resource that credits it (their field
is emptied, the live pages changed without a word) and is impossible while contact points
belong to it. The admin's delete (a snippet's own, or the listing's bulk delete) refuses
instead: it lists those resources and contact points, each a link to its edit form, and
offers to move them to another National Society, then delete this one. A resource names a
society in its page or in one of its revisions (a draft not yet published, or an earlier
version a revert would bring back).

Moving them rewrites each resource's page and revisions and each contact point's row and
revisions (so that no revision names a society that no longer exists, and a revert still
works), logs the change in each one's history, and indexes the live resources again.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from network.models import ContactPoint, NationalSociety

REPLACED = "network.society_replaced"


def resources_naming(society):
    """The resource pages (specific) whose page or one of whose revisions names `society` (a
    draft, or an earlier version a revert would bring back: as network.societies.in_use,
    which keeps update_national_societies from deleting it)."""
    from resources.models import KIND_MODELS

    ids = set()
    for model in KIND_MODELS.values():
        ids.update(model.objects.filter(national_society=society).values_list("pk", flat=True))
    revisions = Revision.page_revisions.filter(content__national_society=society.pk)
    ids.update(int(pk) for pk in revisions.values_list("object_id", flat=True).distinct())
    return list(Page.objects.filter(pk__in=ids).order_by("title").specific())


def usage(society, viewer=None):
    """What names `society`; the contact points by name only where `viewer` may see them
    (ContactPoint.visible_to), the others counted."""
    contacts = society.contact_points.order_by("name")
    shown = contacts if viewer is None else contacts.visible_to(viewer)
    return {
        "society": society,
        "resources": resources_naming(society),
        "contacts": list(shown),
        "hidden_contacts": contacts.count() - shown.count(),
    }


def is_named(found):
    return bool(found["resources"] or found["contacts"] or found["hidden_contacts"])


class ReplacementForm(forms.Form):
    replacement = forms.ModelChoiceField(
        label=_("National Society that replaces it"), queryset=NationalSociety.objects.none()
    )

    def __init__(self, society, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = NationalSociety.objects.exclude(pk=society.pk)


def refusal(request, societies):
    """The page that refuses to delete `societies` when one of them is named, or None."""
    named = [found for society in societies if is_named(found := usage(society, request.user))]
    if not named:
        return None
    single = named[0]["society"] if len(societies) == 1 else None
    return TemplateResponse(
        request,
        "network/admin/society_in_use.html",
        {
            "named": named,
            "form": ReplacementForm(single) if single else None,
            "society": single,
        },
    )


def _rewrite_revisions(revisions, key, old, new):
    for revision in revisions:
        if revision.content.get(key) == old.pk:
            revision.content[key] = new.pk
            revision.save(update_fields=["content"])


@transaction.atomic
def replace(old, new, user):
    """Move what names `old` to `new`, delete `old`; the number of resources and contacts."""
    from search import tasks

    found = usage(old)
    details = {"from": old.name, "from_id": old.pk, "to": new.name, "to_id": new.pk}
    for page in found["resources"]:
        type(page).objects.filter(pk=page.pk, national_society=old).update(national_society=new)
        _rewrite_revisions(
            Revision.page_revisions.filter(object_id=str(page.pk)), "national_society", old, new
        )
        log(page, REPLACED, user=user, data=details)
    for contact in found["contacts"]:
        ContactPoint.objects.filter(pk=contact.pk).update(society=new)
        _rewrite_revisions(contact.revisions.all(), "society", old, new)
        log(contact, REPLACED, user=user, data=details)
    old.delete()
    live = [page.pk for page in found["resources"] if page.live]
    if live:
        tasks.enqueue(tasks.index_pages, live)
    return len(found["resources"]), len(found["contacts"])


def replace_view(request, pk):
    """POST: move the resources and contact points of a National Society to the one chosen,
    and delete it."""
    society = get_object_or_404(NationalSociety, pk=pk)
    if not request.user.has_perm("network.delete_nationalsociety"):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("wagtailsnippets_network_nationalsociety:delete", pk)
    form = ReplacementForm(society, request.POST)
    if not form.is_valid():
        response = refusal(request, [society])
        if response is None:  # nothing names it any more: Wagtail's own delete
            return redirect("wagtailsnippets_network_nationalsociety:delete", pk)
        response.context_data["form"] = form
        return response
    new = form.cleaned_data["replacement"]
    old_name = society.name
    resources, contacts = replace(society, new, request.user)
    messages.success(
        request,
        ngettext(
            "%(old)s deleted; %(count)d resource or contact point now names %(new)s.",
            "%(old)s deleted; %(count)d resources and contact points now name %(new)s.",
            resources + contacts,
        )
        % {"old": old_name, "new": new.name, "count": resources + contacts},
    )
    return redirect("wagtailsnippets_network_nationalsociety:list")
