"""The admin report that tells editors what to translate next."""

import pytest
from django.urls import reverse

from resources.models import GuidancePage


@pytest.mark.django_db
def test_report_lists_missing_languages(client, editor):
    client.force_login(editor)
    response = client.get(reverse("translation_report"))
    assert response.status_code == 200
    html = response.content.decode()
    # The ATN guidance has its body in English and French only.
    assert "Action to assist and protect trafficked persons" in html
    rows = {row.page.slug_en: row for row in response.context["object_list"]}
    guidance = rows["action-to-assist-and-protect-trafficked-persons"]
    assert guidance.missing == ["es", "ar", "hr", "nl"]
    assert guidance.stale == []


@pytest.mark.django_db
def test_translation_older_than_the_english_text_is_flagged(client, editor):
    page = GuidancePage.objects.get(slug_en="action-to-assist-and-protect-trafficked-persons")
    page.summary_en = page.summary_en + " Updated in 2026."
    page.save_revision().publish()

    client.force_login(editor)
    response = client.get(reverse("translation_report"))
    rows = {row.page.slug_en: row for row in response.context["object_list"]}
    # Every language with text of its own (here the titles and summaries) is now behind.
    assert rows["action-to-assist-and-protect-trafficked-persons"].stale == [
        "fr",
        "es",
        "ar",
        "hr",
        "nl",
    ]
    assert "outdated since" in response.content.decode()

    # Once the French text is updated, it is no longer flagged.
    page.refresh_from_db()
    page.summary_fr = page.summary_fr + " Mis à jour en 2026."
    page.save_revision().publish()
    response = client.get(reverse("translation_report"))
    rows = {row.page.slug_en: row for row in response.context["object_list"]}
    assert "fr" not in rows["action-to-assist-and-protect-trafficked-persons"].stale
    assert "es" in rows["action-to-assist-and-protect-trafficked-persons"].stale


@pytest.mark.django_db
def test_report_filters_by_language(client, editor):
    client.force_login(editor)
    response = client.get(reverse("translation_report"), {"language": "nl"})
    slugs = {row.page.slug_en for row in response.context["object_list"]}
    # Only the awareness guidance has a Dutch body.
    assert "raising-awareness-of-trafficking-risks-in-transit" not in slugs
    assert "step-integration-pilot-uk" in slugs


@pytest.mark.django_db
def test_a_language_the_filter_does_not_offer_is_an_error_and_filters_nothing(client, editor):
    client.force_login(editor)
    everything = client.get(reverse("translation_report")).context["object_list"]
    response = client.get(reverse("translation_report"), {"language": "xx"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert "Every resource is translated into every language" not in html
    assert len(response.context["object_list"]) == len(everything) > 0


@pytest.mark.django_db
def test_report_exports_csv(client, editor):
    client.force_login(editor)
    response = client.get(reverse("translation_report"), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0] == (
        "Title,Kind,Not translated into,Older than the English text,"
        "Français,Español,العربية,Hrvatski,Nederlands,English changes not yet published"
    )


@pytest.mark.django_db
def test_report_is_for_editors_only(client, django_user_model):
    member = django_user_model.objects.create_user("member", "m@example.org", "x")
    client.force_login(member)
    assert client.get(reverse("translation_report")).status_code in (302, 403)
