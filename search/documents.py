"""What is indexed for a resource, per language.

A resource is indexed in every language it has a title in, and in the language of each of its
attachments. Its English row also carries the labels of its taxonomies, countries and National
Society in all six languages, so that a query in French finds an English-only tool tagged
"forced labour" ("travail forcé"). The text of attached PDFs is extracted with pypdf.
"""

import html
import logging
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.html import strip_tags
from django_countries import countries as country_names
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from hub import restrictions
from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES

logger = logging.getLogger(__name__)

FACETS = ("kind", "theme", "exploitation", "audience", "country", "society", "language", "year")


@dataclass
class Document:
    """Everything a backend stores for one resource."""

    page_id: int
    kind: str
    published: object
    titles: dict
    summaries: dict
    urls: dict
    languages: list
    society: dict
    themes: list
    documents: list
    facets: list  # (facet, value)
    texts: dict = field(default_factory=dict)  # language -> {title, summary, body, ...}
    access: str = "public"  # who may find it: hub.restrictions


def stream_text(stream):
    parts = []
    for block in stream or []:
        value = block.value
        if block.block_type == "quote":
            value = f"{value['text']} {value.get('attribution', '')}"
        elif block.block_type == "image":
            value = value.get("caption") or ""
        parts.append(html.unescape(strip_tags(str(value))))
    return "\n".join(part for part in parts if part.strip())


def pdf_text(document):
    """The text of a PDF document, or "" when it is not a PDF or cannot be read."""
    if document.file_extension.lower() != "pdf":
        return ""
    try:
        with document.open_file() as handle:
            reader = PdfReader(handle)
            return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (OSError, PyPdfError, ValueError) as error:
        logger.warning("Could not read the text of document %s: %s", document.pk, error)
        return ""


def names_of(instance):
    return {
        code: instance.field_in("name", code)
        for code in LANGUAGE_CODES
        if instance.field_in("name", code)
    }


def country_labels(codes):
    labels = []
    for code in codes:
        for language in LANGUAGE_CODES:
            with translation.override(language):
                labels.append(str(dict(country_names).get(code, code)))
    return labels


def build(page, attachment_text=True):
    """The Document of a live resource page (without reading attached files if told so)."""
    page_languages = page.available_languages()

    def own(name, code):
        """The field's text in `code`, if it is a translation (not a copy of the English)."""
        return page.field_in(name, code) if page.field_translated(name, code) else None

    titles = {code: own("title", code) for code in LANGUAGE_CODES if own("title", code)}
    summaries = {code: own("summary", code) for code in LANGUAGE_CODES if own("summary", code)}
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            urls[code] = page.get_url()
    themes = list(page.themes.all())
    forms = list(page.exploitation_forms.all())
    audiences = list(page.audiences.all())
    society = page.national_society
    countries = [str(code) for code in page.countries]
    attachments = list(page.resource_attachments.all())

    facets = [("kind", page.kind)]
    facets += [("theme", term.slug) for term in themes]
    facets += [("exploitation", term.slug) for term in forms]
    facets += [("audience", term.slug) for term in audiences]
    facets += [("country", code) for code in countries]
    if society:
        facets.append(("society", society.slug))
    facets += [("language", code) for code in page_languages]
    if page.publication_date:
        facets.append(("year", str(page.publication_date.year)))

    context_parts = []
    for term in themes + forms + audiences:
        context_parts.extend(names_of(term).values())
    if society:
        context_parts.extend(names_of(society).values())
    context_parts.extend(country_labels(countries))

    texts = {}
    for code in LANGUAGE_CODES:
        title = own("title", code)
        if not title:
            continue
        body = [stream_text(own("body", code))]
        for name in page.kind_text_fields:
            body.append(own(name, code) or "")
        texts[code] = {
            "title": title,
            "summary": own("summary", code) or "",
            "body": "\n".join(part for part in body if part),
            "context": "",
            "attachment": "",
        }
    texts[DEFAULT_LANGUAGE]["context"] = " · ".join(dict.fromkeys(context_parts))

    documents = []
    for attachment in attachments:
        text = pdf_text(attachment.document) if attachment_text else ""
        language = attachment.language
        row = texts.setdefault(
            language,
            {
                "title": titles[DEFAULT_LANGUAGE],
                "summary": "",
                "body": "",
                "context": "",
                "attachment": "",
            },
        )
        row["attachment"] = "\n".join(filter(None, [row["attachment"], text]))
        documents.append(
            {
                "title": attachment.document.title,
                "url": attachment.document.url,
                "language": language,
            }
        )

    return Document(
        access=restrictions.access_for(page),
        page_id=page.pk,
        kind=page.kind,
        published=page.publication_date,
        titles=titles,
        summaries=summaries,
        urls=urls,
        languages=page_languages,
        society={"value": society.slug, "names": names_of(society)} if society else {},
        themes=[{"value": term.slug, "names": names_of(term)} for term in themes],
        documents=documents,
        facets=facets,
        texts=texts,
    )


def prefetched(queryset):
    """A queryset of resource pages with everything `build` reads, in a few queries."""
    return queryset.select_related("national_society").prefetch_related(
        "themes", "exploitation_forms", "audiences", "resource_attachments__document"
    )


def live_resources(batch_size=500):
    """Every live resource page, loaded batch by batch with what `build` needs."""
    from resources.models import KIND_MODELS

    for model in KIND_MODELS.values():
        ids = list(model.objects.live().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            yield from prefetched(model.objects.filter(pk__in=ids[start : start + batch_size]))


def count_live_resources():
    from resources.models import KIND_MODELS

    return sum(model.objects.live().count() for model in KIND_MODELS.values())
