"""Editors create every page type through the admin forms, translations included."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from hub.models import StandardPage
from resources.models import CaseStudyPage, GuidancePage, Theme, ToolPage

LANGUAGES = ["en", "fr", "es", "ar", "hr", "nl"]


def page_form(title, slug, extra=None, body_languages=("en", "fr")):
    data = {
        "title_en": title,
        "slug_en": slug,
        "title_fr": f"{title} (FR)",
        "slug_fr": f"{slug}-fr",
        "summary_en": "A short summary.",
        "summary_fr": "Un court résumé.",
        "resource_attachments": inline_formset([]),
    }
    for language in LANGUAGES:
        blocks = []
        if language in body_languages:
            blocks = [("heading", f"Heading {language}"), ("paragraph", rich_text("<p>Text</p>"))]
        data[f"body_{language}"] = streamfield(blocks)
    lists = {name: value for name, value in (extra or {}).items() if isinstance(value, list)}
    data.update({name: value for name, value in (extra or {}).items() if name not in lists})
    # Multiple-choice fields are posted as repeated keys, not nested ones.
    return {**nested_form_data(data), **lists}


@pytest.fixture
def document(db):
    doc = Document(title="Liste de contrôle")
    doc.file.save("checklist-fr.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    doc.save()
    return doc


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "extra"),
    [
        (GuidancePage, {}),
        (
            ToolPage,
            {"format": "checklist", "how_to_use_en": "Print it.", "how_to_use_fr": "Imprimez-le."},
        ),
        (
            CaseStudyPage,
            {"partners_en": "Ashiana, Hestia", "period_en": "12 months", "people_supported": "50"},
        ),
    ],
    ids=["guidance", "tool", "case_study"],
)
def test_editor_creates_each_resource_kind(client, editor, library, document, model, extra):
    client.force_login(editor)
    theme = Theme.objects.get(slug="identification")
    form_extra = {
        **extra,
        "themes": [str(theme.pk)],
        "countries": ["HR", "NL"],
        "publication_date": "2024-05-01",
        "resource_attachments": inline_formset([{"document": str(document.pk), "language": "fr"}]),
    }
    url = reverse("wagtailadmin_pages:add", args=("resources", model._meta.model_name, library.pk))

    response = client.post(url, page_form("New resource", "new-resource", form_extra))

    assert response.status_code == 302, response.context["form"].errors
    page = model.objects.get(slug_en="new-resource")
    assert not page.live  # editors send drafts through review
    draft = page.get_latest_revision_as_object()
    assert draft.title_fr == "New resource (FR)"
    assert draft.summary_fr == "Un court résumé."
    assert [block.value for block in draft.body_fr][0] == "Heading fr"
    assert [str(code) for code in draft.countries] == ["HR", "NL"]
    assert list(draft.themes.all()) == [theme]
    assert [(a.document, a.language) for a in draft.resource_attachments.all()] == [
        (document, "fr")
    ]
    for name, value in extra.items():
        if name != "people_supported":
            assert getattr(draft, name) == value


@pytest.mark.django_db
def test_editor_creates_a_standard_page(client, editor, home):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("hub", "standardpage", home.pk))
    data = page_form("About the Hub", "about", {"intro_en": "Who we are."})
    response = client.post(url, data)
    assert response.status_code == 302
    assert StandardPage.objects.get(slug_en="about").get_latest_revision_as_object().intro_en == (
        "Who we are."
    )


@pytest.mark.django_db
def test_slug_already_used_in_another_language_is_refused(client, editor, library, resources):
    client.force_login(editor)
    taken = resources["step-integration-pilot-uk"].slug_fr
    url = reverse("wagtailadmin_pages:add", args=("resources", "guidancepage", library.pk))
    data = page_form("Another", "another")
    data["slug_fr"] = taken

    response = client.post(url, data)

    assert response.status_code == 200
    assert "slug_fr" in response.context["form"].errors
    assert not GuidancePage.objects.filter(slug_en="another").exists()
