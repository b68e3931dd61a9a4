"""What a bundle carries besides resources and contacts (resources.bundle): every taxonomy
term and every National Society, logos included, so that contacts and resources find them in
a new hub, and those no resource names are not lost on the way.

Imported, a term or National Society the hub lacks is made; one it has (by slug) is left as
the hub has it. Every entry is checked before any is saved: a bad one stops the import.
"""

from modeltranslation.utils import build_localized_fieldname

from hub.languages import LANGUAGE_CODES
from hub.records import RecordError
from network.models import NationalSociety
from resources.bundle_files import FILES, image_entry
from resources.record_moves import FileSpec
from resources.records import TAXONOMIES, SocietyRecordForm, TermRecordForm


def _names(instance):
    return {
        language: value
        for language in LANGUAGE_CODES
        if (value := getattr(instance, build_localized_fieldname("name", language)))
    }


def catalogue_entries(files):
    """{"terms": {taxonomy: [{slug, name}]}, "societies": [...]}; `files` collects logos."""
    terms = {
        taxonomy: [
            {"slug": term.slug, "name": _names(term)} for term in model.objects.order_by("slug")
        ]
        for taxonomy, model in TAXONOMIES.items()
    }
    societies = []
    for society in NationalSociety.objects.select_related("logo").order_by("slug"):
        entry = {
            "slug": society.slug,
            "name": _names(society),
            "country": str(society.country),
            "website": society.website,
            "atn_member": society.atn_member,
        }
        if society.logo is not None:
            files[FILES + society.logo.file.name] = society.logo.file.name
            entry["logo"] = image_entry(society.logo)
        societies.append(entry)
    return {"terms": terms, "societies": societies}


def _checked(form_class, entry, path):
    if not isinstance(entry, dict):
        raise RecordError(f"{path} must be an object")
    fields = {key: value for key, value in entry.items() if key != "logo"}
    form = form_class(fields, within=path)
    if not form.is_valid():
        raise RecordError(f"{path}: " + "; ".join(form.messages()))
    return form.cleaned_data


def restore_catalogue(site, bundle):
    """Make the terms and National Societies of `site` the hub lacks; (terms, societies)
    made. RecordError, before any is saved, if an entry is bad."""
    terms = site.get("terms") or {}
    societies = site.get("societies") or []
    if not isinstance(terms, dict) or not isinstance(societies, list):
        raise RecordError('site.json: "terms" must be an object and "societies" a list')
    new_terms = []
    for taxonomy, entries in terms.items():
        if taxonomy not in TAXONOMIES or not isinstance(entries, list):
            raise RecordError(f'site.json: unknown taxonomy "{taxonomy}"')
        model = TAXONOMIES[taxonomy]
        known = set(model.objects.values_list("slug", flat=True))
        for position, entry in enumerate(entries, start=1):
            cleaned = _checked(TermRecordForm, entry, f"terms.{taxonomy}[{position}]")
            if cleaned["slug"] not in known:
                term = model(slug=cleaned["slug"])
                for language, name in cleaned["name"].items():
                    setattr(term, build_localized_fieldname("name", language), name)
                new_terms.append(term)
                known.add(term.slug)
    new_societies = []
    known = set(NationalSociety.objects.values_list("slug", flat=True))
    for position, entry in enumerate(societies, start=1):
        cleaned = _checked(SocietyRecordForm, entry, f"societies[{position}]")
        logo = entry.get("logo")
        if logo is not None and not (isinstance(logo, dict) and bundle.has(logo.get("file"))):
            raise RecordError(f"societies[{position}].logo: the bundle has no such file")
        if cleaned["slug"] in known:
            continue
        society = NationalSociety(
            slug=cleaned["slug"],
            country=cleaned["country"],
            website=cleaned["website"],
            atn_member=cleaned["atn_member"],
        )
        for language, name in cleaned["name"].items():
            setattr(society, build_localized_fieldname("name", language), name)
        new_societies.append((society, logo))
        known.add(society.slug)
    for term in new_terms:
        term.save()
    for society, logo in new_societies:
        if logo:
            spec = FileSpec(file=logo["file"], title=str(logo.get("title") or society.slug))
            society.logo = bundle.image(spec)
        society.save()
    return len(new_terms), len(new_societies)
