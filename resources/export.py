"""Export of the library as import records (resources.records): exported, then imported into
an empty hub, they give the same library, names of terms and National Societies included,
slugs in every language as they are written, and the dates it was first and last published.
A bundle (resources.bundle) adds the files of its attachments and cover images."""

from modeltranslation.utils import build_localized_fieldname

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from resources.bodies import stream_blocks
from resources.models import KIND_MODELS, ResourceIndexPage
from resources.records import KIND_FORMS, TAXONOMIES
from resources.slugs import slug_in


def _translated(instance, name):
    values = {}
    for language in LANGUAGE_CODES:
        value = getattr(instance, build_localized_fieldname(name, language))
        if value not in (None, ""):
            values[language] = value
    return values


def live_resources(library=None):
    """Every live resource of the library, in tree order."""
    library = library or ResourceIndexPage.objects.first()
    pages = []
    for model in KIND_MODELS.values():
        queryset = model.objects.live().select_related("national_society")
        if library is not None:
            queryset = queryset.child_of(library)
        pages.extend(queryset.prefetch_related(*TAXONOMIES))
    pages.sort(key=lambda page: page.path)
    return pages


def export_records(library=None):
    """Every live resource as an import record, in tree order."""
    restrictions = view_restrictions()
    return [export_record(page, restrictions) for page in live_resources(library)]


def view_restrictions():
    """Every view restriction as (tree path of its page, its record entry): a few rows."""
    from wagtail.models import PageViewRestriction

    entries = []
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    ):
        entry = {"type": restriction.restriction_type}
        if restriction.restriction_type == restriction.GROUPS:
            entry["groups"] = sorted(group.name for group in restriction.groups.all())
        elif restriction.restriction_type == restriction.PASSWORD:
            entry["password"] = restriction.password
        entries.append((restriction.page.path, entry))
    return entries


def restrictions_over(page, restrictions):
    """The entries of the restrictions on `page` and the pages above it, each once."""
    found = []
    for path, entry in restrictions:
        if page.path.startswith(path) and entry not in found:
            found.append(entry)
    return found


def _bodies(page):
    bodies = {}
    for language in LANGUAGE_CODES:
        blocks = stream_blocks(getattr(page, build_localized_fieldname("body", language)))
        if blocks:
            bodies[language] = blocks
    return bodies


def export_record(page, restrictions=None):
    record = {"kind": page.kind, "slug": page.slug_en}
    record["slugs"] = {
        language: getattr(page, slug_in(language))
        for language in LANGUAGE_CODES
        if language != DEFAULT_LANGUAGE and getattr(page, slug_in(language))
    }
    for name in page.translated_text_fields:  # the kind's own texts come last
        if name not in page.kind_text_fields:
            record[name] = _bodies(page) if name == "body" else _translated(page, name)
    for taxonomy in TAXONOMIES:
        record[taxonomy] = [
            {"slug": term.slug, "name": _translated(term, "name")}
            for term in sorted(getattr(page, taxonomy).all(), key=lambda term: term.slug)
        ]
    record["countries"] = [str(code) for code in page.countries]
    society = page.national_society
    record["national_society"] = (
        {
            "slug": society.slug,
            "name": _translated(society, "name"),
            "country": str(society.country),
            "website": society.website,
            "atn_member": society.atn_member,
        }
        if society
        else None
    )
    record["published"] = page.publication_date.isoformat() if page.publication_date else None
    for name in ("first_published_at", "last_published_at"):
        moment = getattr(page, name)
        record[name] = moment.isoformat() if moment else None
    record["translation_status"] = page.translation_status or {}
    record["translation_state"] = page.translation_state or {}
    if restrictions is None:
        restrictions = view_restrictions()
    record["view_restrictions"] = restrictions_over(page, restrictions)
    for name in KIND_FORMS[page.kind].kind_fields:
        record[name] = getattr(page, name)
    for name in page.kind_text_fields:
        record[name] = _translated(page, name)
    return record
