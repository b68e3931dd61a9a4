"""Each language of a resource carries a state editors set beside the fields and see in the
report, and an "outdated since" date when its English changed after it was last set."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time
from wagtail.models import WorkflowState

from resources.models import ToolPage
from tests.resources.test_translation_truth import ENGLISH_BODY, report_rows, tool_form

FRENCH_BODY = [("heading", "Qui appeler"), ("paragraph", "<p>Appelez la ligne d'aide.</p>")]
FRENCH = {
    "title_fr": "Carte d'orientation sûre",
    "summary_fr": "Une carte à remettre.",
    "how_to_use_fr": "Gardez-la à l'accueil.",
}


def french_body():
    from wagtail.test.utils.form_data import rich_text

    return [FRENCH_BODY[0], ("paragraph", rich_text(FRENCH_BODY[1][1]))]


def form(states=None, checked=(), **texts):
    data = tool_form({"en": ENGLISH_BODY, "fr": french_body()}, **{**FRENCH, **texts})
    for code, state in (states or {}).items():
        data[f"translation_status_{code}"] = state
    for code in checked:
        data[f"translation_checked_{code}"] = "on"
    return data


@pytest.fixture
def tool(client, moderator, library):
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:add", args=("resources", "toolpage", library.pk))
    with freeze_time("2026-03-02 09:00"):
        response = client.post(url, {**form({"fr": "machine"}), "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors
    return ToolPage.objects.get(slug_en="safe-referral-card")


def edit(client, page, data, action="action-publish"):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(url, {**data, action: action} if action else data)
    assert "/login/" not in response.get("Location", "")
    return response


def edit_at(client, user, moment, page, data):
    """Edit and publish at a moment (signed in then: the session has an idle timeout)."""
    with freeze_time(moment):
        client.force_login(user)
        return edit(client, page, data)


def cell(row, code):
    return dict((status.language, text) for status, text in row.cells)[code]


@pytest.mark.django_db
def test_editors_set_the_state_and_see_it_beside_the_fields_and_in_the_report(
    client, tool, editor, moderator
):
    page = tool
    assert page.translation_status["fr"]["state"] == "machine"
    assert page.translation_status["fr"]["by"] == "moderator"

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert '<option value="machine" selected>Machine translated (needs review)</option>' in html
    rows, response = report_rows(client)
    row = rows["safe-referral-card"]
    assert row.needs_review == ["fr"]
    assert cell(row, "fr").startswith("Machine translated (needs review)")
    assert cell(row, "es") == "Missing"
    assert "Machine translated (needs review)" in response.content.decode()

    # A reviewer checks it: the state is set, the report no longer asks for a review.
    client.force_login(moderator)
    assert edit(client, page, form({"fr": "reviewed"})).status_code == 302
    client.force_login(editor)
    row = report_rows(client)[0]["safe-referral-card"]
    assert cell(row, "fr") == "Reviewed"
    assert row.needs_review == []


@pytest.mark.django_db
def test_a_state_that_contradicts_the_text_is_refused(client, tool, moderator):
    client.force_login(moderator)
    # Spanish has no text of its own: it cannot be human translated.
    response = edit(client, tool, form({"fr": "machine", "es": "human"}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "There is no Spanish text of its own" in errors["translation_status_es"][0]
    # The copied English is not a translation either.
    response = edit(
        client,
        tool,
        form({"fr": "machine", "ar": "human"}, how_to_use_ar="Keep it at the front desk."),
    )
    assert "translation_status_ar" in response.context["form"].errors
    # French has text of its own: it is not missing.
    response = edit(client, tool, form({"fr": "missing"}))
    assert (
        "The French text is not missing"
        in response.context["form"].errors["translation_status_fr"][0]
    )


@pytest.mark.django_db
def test_outdated_since_the_english_changed(client, tool, editor, moderator):
    data = form({"fr": "machine"}, how_to_use_en="Keep it at the front desk, in view.")
    assert edit_at(client, moderator, "2026-04-15 10:00", tool, data).status_code == 302

    client.force_login(editor)
    rows, response = report_rows(client)
    row = rows["safe-referral-card"]
    assert row.stale == ["fr"]
    assert cell(row, "fr") == (
        "Machine translated (needs review); outdated since April 15, 2026: how to use it"
    )
    html = client.get(reverse("wagtailadmin_pages:edit", args=(tool.pk,))).content.decode()
    assert "Outdated since April 15, 2026" in html

    # A second change does not move the date: the French is outdated since the first.
    data = form({"fr": "machine"}, how_to_use_en="Keep it at the desk, in view.")
    assert edit_at(client, moderator, "2026-05-20 10:00", tool, data).status_code == 302
    tool.refresh_from_db()
    assert tool.outdated("fr") == (
        datetime.datetime(2026, 4, 15, 10, tzinfo=datetime.UTC),
        ["how_to_use"],
    )

    # Checked against the current English: no longer outdated.
    data = form({"fr": "machine"}, checked=["fr"], how_to_use_en="Keep it at the desk, in view.")
    assert edit_at(client, moderator, "2026-05-21 10:00", tool, data).status_code == 302
    tool.refresh_from_db()
    assert tool.outdated("fr") == (None, [])

    # Or its own text updated: only the fields whose English changed are outdated.
    desk = "Keep it at the desk, in view."
    data = form({"fr": "machine"}, summary_en="A card to hand over, folded.", how_to_use_en=desk)
    assert edit_at(client, moderator, "2026-06-01 10:00", tool, data).status_code == 302
    tool.refresh_from_db()
    assert tool.outdated("fr")[1] == ["summary"]
    data = form(
        {"fr": "machine"},
        summary_en="A card to hand over, folded.",
        summary_fr="Une carte à remettre, pliée.",
        how_to_use_en=desk,
    )
    assert edit_at(client, moderator, "2026-06-02 10:00", tool, data).status_code == 302
    tool.refresh_from_db()
    assert tool.stale_translations() == []


@pytest.mark.django_db
def test_english_changes_in_a_draft_or_in_moderation_show_as_pending(client, tool, editor):
    client.force_login(editor)
    data = form({"fr": "machine"}, summary_en="A card to hand over, now in colour.")
    assert edit(client, tool, data, action=None).status_code == 302  # a draft

    rows, response = report_rows(client)
    row = rows["safe-referral-card"]
    assert row.pending == "In a draft: summary"
    assert "In a draft: summary" in response.content.decode()
    tool.refresh_from_db()
    assert tool.summary_en == "A card to hand over."  # the live text is unchanged
    assert tool.stale_translations() == []

    assert edit(client, tool, data, action="action-submit").status_code == 302
    assert WorkflowState.objects.get(object_id=str(tool.pk)).status == "in_progress"
    row = report_rows(client)[0]["safe-referral-card"]
    assert row.pending == "In moderation: summary"
    content = b"".join(
        client.get(reverse("translation_report"), {"export": "csv"}).streaming_content
    ).decode()
    assert "In moderation: summary" in content
