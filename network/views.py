"""The directory, National Society pages, vCards, the JSON API and members' self-service."""

import json

import vobject
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_countries.fields import Country
from django_ratelimit.decorators import ratelimit
from nameparser import HumanName
from wagtail.log_actions import LogContext

from hub import phones, restrictions
from hub.json import json_response
from hub.languages import LANGUAGE_CODES, current_language
from hub.page_cache import cached_for_readers
from hub.views import api_rate
from network import directory
from network.auth import LinkError, contact_for_token
from network.forms import ProfileForm
from network.languages import is_spoken_language, language_name, sort_key
from network.models import VISIBILITY_FIELDS, ContactPoint, NationalSociety
from resources.models import KIND_MODELS, Theme


def _page(contacts, filters):
    paginator = Paginator(contacts, filters.page_size)
    return paginator, paginator.get_page(filters.page)


@require_GET
@cached_for_readers
def directory_page(request):
    form = directory.DirectoryForm(request.GET)
    invalid = form.first_error()
    if invalid:
        return TemplateResponse(request, "network/directory.html", {"error": invalid}, status=400)
    filters = form.filters()
    paginator, page = _page(directory.contacts_for(request.user, filters), filters)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "paginator": paginator,
        "contacts": [contact.visible_fields(request.user) for contact in page],
        "societies": societies_by_name(),
        "countries": countries_by_name(),
        "themes": Theme.objects.order_by("name"),
        "languages": spoken_languages(request.user),
        "query_string": params.urlencode(),
    }
    response = TemplateResponse(request, "network/directory.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response


def societies_by_name():
    """Every National Society, in the order of its name as the reader sees it: the name in
    their language, else the English one (SQL would order by the name in their language alone,
    where most are empty)."""
    return sorted(NationalSociety.objects.all(), key=lambda society: sort_key(society.name))


def countries_by_name():
    """(code, name) of the countries that have a National Society, in the order of their name
    in the reader's language, accents aside ("Égypte" between "Équateur" and "Érythrée",
    not after "Zimbabwe")."""
    codes = set(NationalSociety.objects.values_list("country", flat=True))
    named = [(str(code), Country(code).name) for code in codes]
    return sorted(named, key=lambda item: sort_key(item[1]))


def spoken_languages(user):
    """(code, name) of the languages the contact points this viewer sees speak."""
    codes = set()
    for languages in ContactPoint.objects.visible_to(user).values_list("languages", flat=True):
        codes.update(languages or [])
    return sorted(
        ((code, language_name(code)) for code in codes if is_spoken_language(code)),
        key=lambda item: sort_key(item[1]),
    )


@require_GET
@ratelimit(key="ip", rate=api_rate, block=True)
def contacts_api(request):
    form = directory.DirectoryForm(request.GET)
    invalid = form.first_error()
    if invalid:
        return json_response({"error": invalid.message, "parameter": invalid.parameter}, status=400)
    filters = form.filters()
    paginator, page = _page(directory.contacts_for(request.user, filters), filters)
    data = {
        "total": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "results": [directory.as_json(contact.visible_fields(request.user)) for contact in page],
    }
    response = json_response(data)
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response


@require_GET
def contact_vcard(request, pk):
    contact = ContactPoint.objects.filter(pk=pk).select_related("society").first()
    visible = contact.visible_fields(request.user) if contact else None
    if visible is None:
        raise Http404
    card = vobject.vCard()
    card.add("fn").value = visible["name"]
    name = HumanName(visible["name"])  # "Maria de la Cruz": given Maria, family "de la Cruz"
    card.add("n").value = vobject.vcard.Name(
        family=name.last,
        given=name.first,
        additional=name.middle,
        prefix=name.title,
        suffix=name.suffix,
    )
    card.add("org").value = [visible["society"].name]
    if visible["role"]:
        card.add("title").value = visible["role"]
    if visible["email"]:
        card.add("email").value = visible["email"]
    if visible["phone"]:
        tel = card.add("tel")
        tel.value = phones.tel_uri(visible["phone"], visible["society"].country.code)[4:]
        tel.type_param = "WORK"
    for code in visible["languages"]:
        card.add("lang").value = code
    response = HttpResponse(card.serialize(), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.vcf"'
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
@cached_for_readers
def society_page(request, slug):
    society = get_object_or_404(NationalSociety, slug=slug)
    viewer = restrictions.viewer_of(request)
    rules = restrictions.rules()
    resources = []
    for model in KIND_MODELS.values():
        resources.extend(
            page
            for page in model.objects.live().filter(national_society=society)
            if viewer.admits(restrictions.access_for_path(page.path, rules))
        )
    resources.sort(
        key=lambda page: page.publication_date or page.first_published_at.date(), reverse=True
    )
    contacts = ContactPoint.objects.visible_to(request.user).filter(society=society)
    context = {
        "society": society,
        "resources": resources,
        "contacts": [
            contact.visible_fields(request.user)
            for contact in contacts.select_related("society", "photo").prefetch_related("expertise")
        ],
    }
    response = TemplateResponse(request, "network/society_page.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response


# -- Self-service -------------------------------------------------------------------------------
def _own_contact(request):
    return ContactPoint.objects.filter(user=request.user).select_related("society").first()


@login_required
def profile(request):
    contact = _own_contact(request)
    if contact is None:
        return TemplateResponse(request, "network/no_profile.html", {}, status=404)
    form = ProfileForm(request.POST or None, instance=contact, language=current_language())
    if request.method == "POST" and "confirm" in request.POST:
        contact.confirm(user=request.user)
        messages.success(request, _("Thank you: your details are confirmed."))
        return redirect("network:profile")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            contact = form.save()
            contact.save_revision(user=request.user, log_action=True)
            if "save_and_confirm" in request.POST:
                contact.confirm(user=request.user)
        messages.success(request, _("Your profile is saved."))
        return redirect("network:profile")
    return TemplateResponse(request, "network/profile.html", {"form": form, "contact": contact})


@login_required
@require_GET
def my_data(request):
    """Everything the Hub holds about the signed-in member, as JSON."""
    user = request.user
    contact = _own_contact(request)
    data = {
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "contact_point": None,
    }
    if contact:
        data["contact_point"] = {
            "name": contact.name,
            "society": contact.society.slug,
            "role": {
                code: getattr(contact, f"role_{code}")
                for code in LANGUAGE_CODES
                if getattr(contact, f"role_{code}")
            },
            "email": contact.email,
            "phone": contact.phone,
            "languages": contact.languages,
            "expertise": [theme.slug for theme in contact.expertise.all()],
            **{name: getattr(contact, name) for name in VISIBILITY_FIELDS},
            "preferred_language": contact.preferred_language,
            "last_confirmed": contact.last_confirmed.isoformat()
            if contact.last_confirmed
            else None,
            "changes": [
                {"at": revision.created_at.isoformat(), "by": str(revision.user or "")}
                for revision in contact.revisions.order_by("created_at")
            ],
        }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def delete_account(request):
    if request.method == "POST":
        if not request.user.check_password(request.POST.get("password", "")):
            messages.error(request, _("The password is not correct."))
            return TemplateResponse(request, "network/delete_account.html", {}, status=400)
        user = request.user
        with transaction.atomic(), LogContext(user=user):
            ContactPoint.objects.filter(user=user).delete()
            logout(request)
            user.delete()
        messages.success(request, _("Your account and your profile are deleted."))
        return redirect("network:directory")
    return TemplateResponse(request, "network/delete_account.html", {})


@never_cache  # the page shows the contact's own details to the link's holder
def confirm_details(request, token):
    """The link of a reminder email: shows the details and confirms them with one button."""
    try:
        contact = contact_for_token(token)
    except LinkError as error:
        return TemplateResponse(
            request, "network/confirm.html", {"error": error.reason}, status=410
        )
    if request.method == "POST":
        contact.confirm(user=None)
        return TemplateResponse(request, "network/confirm.html", {"done": True})
    return TemplateResponse(
        request,
        "network/confirm.html",
        {"contact": contact, "visible": contact.visible_fields(None, owner=True)},
    )
