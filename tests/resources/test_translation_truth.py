"""A translation is text of its own: a copy of the English, or nothing, is shown as English.

Readers get the English with the notice and `lang="en"` for every translated field of every
resource kind; "available in", the search index and the translation report agree.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.models import KIND_MODELS, GuidancePage, ToolPage
from search.documents import build

LANGUAGES = ["en", "fr", "es", "ar", "hr", "nl"]
NOTICE = 'class="notice" role="note"'
ENGLISH_BODY = [("heading", "Who to call"), ("paragraph", rich_text("<p>Call the helpline.</p>"))]


def tool_form(bodies, **texts):
    data = {
        "title_en": "Safe referral card",
        "slug_en": "safe-referral-card",
        "summary_en": "A card to hand over.",
        "format": "checklist",
        "how_to_use_en": "Keep it at the front desk.",
        "resource_attachments": inline_formset([]),
        **texts,
    }
    for language in LANGUAGES:
        data[f"body_{language}"] = streamfield(bodies.get(language, []))
    return nested_form_data(data)


def page_html(client, page, language):
    with translation.override(language):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def lang_of(html, text):
    """The language an element holding `text` in the page's article is declared in."""
    soup = BeautifulSoup(html, "html.parser")
    node = soup.find("article").find(string=lambda string: string and text in string)
    assert node is not None, f"{text!r} is not on the page"
    element = node.parent
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang") if element is not None else soup.html.get("lang")


def report_rows(client):
    response = client.get(reverse("translation_report"))
    assert response.status_code == 200
    return {row.page.slug_en: row for row in response.context["object_list"]}, response


@pytest.mark.django_db
def test_copy_content_from_english_then_publish_is_still_missing(
    client, moderator, editor, library
):
    client.force_login(moderator)
    add_url = reverse("wagtailadmin_pages:add", args=("resources", "toolpage", library.pk))
    arabic = {"title_ar": "بطاقة الإحالة الآمنة", "summary_ar": "بطاقة تسلم للشخص."}
    data = tool_form({"en": ENGLISH_BODY}, **arabic)
    assert client.post(add_url, {**data, "action-publish": "publish"}).status_code == 302
    page = ToolPage.objects.get(slug_en="safe-referral-card")

    # "Copy content from en" into the Arabic body and "How to use it", then publish.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = tool_form(
        {"en": ENGLISH_BODY, "ar": ENGLISH_BODY},
        how_to_use_ar="Keep it at the front desk.",
        **arabic,
    )
    response = client.post(edit_url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_ar.raw_data[0]["value"] == "Who to call"  # the copy is stored

    client.force_login(editor)
    rows, response = report_rows(client)
    row = rows["safe-referral-card"]
    assert "ar" in row.missing
    assert "shown in English: body, how to use it" in response.content.decode()

    html = page_html(client, page, "ar")
    assert NOTICE in html
    assert lang_of(html, "Call the helpline.") == "en"
    assert lang_of(html, "Keep it at the front desk.") == "en"
    assert lang_of(html, "بطاقة الإحالة الآمنة") == "ar"
    facts = BeautifulSoup(html, "html.parser").find("aside", class_="facts")
    assert [span["lang"] for span in facts.find("dl").find_all("dd")[-1].find_all("span")] == ["en"]
    assert "ar" not in page.available_languages()
    document = build(page, attachment_text=False)
    assert "ar" not in document.languages
    assert ("language", "ar") not in document.facets


def resource_with_all_but(model, library, missing, copied):
    """A resource with every translated field in English and French, but `missing` in
    French (left empty, or the English copied)."""
    page = model(title="English title of the resource", slug="every-field")
    page.title_fr = "Titre français de la ressource"
    for name in model.translated_text_fields:
        if name == "title":
            continue
        english = f"English {name} text"
        french = f"Texte {name} en français"
        if name == "body":
            english = json.dumps([{"type": "paragraph", "value": f"<p>{english}</p>"}])
            french = json.dumps([{"type": "paragraph", "value": f"<p>{french}</p>"}])
        setattr(page, f"{name}_en", english)
        setattr(page, f"{name}_fr", french)
    english_value = getattr(page, f"{missing}_en")
    if missing == "body":
        english_value = json.dumps([dict(block) for block in page.body_en.raw_data])
    setattr(page, f"{missing}_fr", english_value if copied else None)
    if missing == "body" and not copied:
        page.body_fr = "[]"
    library.add_child(instance=page)
    page.save_revision().publish()
    return page


FIELDS = [
    (kind, name) for kind, model in KIND_MODELS.items() for name in model.translated_text_fields
]


@pytest.mark.django_db
@pytest.mark.parametrize("copied", [False, True], ids=["empty", "copied"])
@pytest.mark.parametrize(("kind", "missing"), FIELDS, ids=[f"{k}-{n}" for k, n in FIELDS])
def test_every_translated_field_falls_back_with_the_notice(client, library, kind, missing, copied):
    model = KIND_MODELS[kind]
    page = resource_with_all_but(model, library, missing, copied)
    html = page_html(client, page, "fr")
    assert NOTICE in html
    for name in model.translated_text_fields:
        if name == "title":
            english, french = "English title of the resource", "Titre français de la ressource"
        else:
            english, french = f"English {name} text", f"Texte {name} en français"
        if name == missing:
            assert lang_of(html, english) == "en", name
        else:
            assert lang_of(html, french) == "fr", name
    # The English page has no notice.
    assert NOTICE not in page_html(client, page, "en")


@pytest.mark.django_db
def test_a_resource_without_a_body_is_not_missing_english(client, editor, library):
    page = GuidancePage(title="A guidance without body", slug="no-body", summary="Short.")
    page.title_fr, page.summary_fr = "Une orientation sans corps", "Court."
    library.add_child(instance=page)
    page.save_revision().publish()

    assert page.available_languages() == ["en", "fr"]
    html = page_html(client, page, "en")
    assert NOTICE not in html
    facts = BeautifulSoup(html, "html.parser").find("aside", class_="facts")
    assert [span["lang"] for span in facts.find("dl").find_all("dd")[-1].find_all("span")] == [
        "en",
        "fr",
    ]
    assert NOTICE not in page_html(client, page, "fr")

    client.force_login(editor)
    rows, _response = report_rows(client)
    row = rows["no-body"]
    assert "en" not in row.missing
    assert "fr" not in row.missing
    assert row.missing == ["es", "ar", "hr", "nl"]
