"""export_translations / import_translations: XLIFF for translators, out and back in."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from translate.storage import xliff

from resources.models import GuidancePage, ToolPage

LEAFLET = "what-is-human-trafficking-leaflet"  # body in en and es, "how to use it" in en
GUIDANCE = "action-to-assist-and-protect-trafficked-persons"  # body in en and fr
NOTICE = 'class="notice" role="note"'


def export(tmp_path, language="nl", resources=None):
    output = tmp_path / f"{language}.xlf"
    args = ["export_translations", "--language", language, "--output", str(output)]
    if resources:
        args += ["--resources", resources]
    out = StringIO()
    call_command(*args, stdout=out)
    return output, out.getvalue()


def units_of(path):
    store = xliff.xlifffile.parsefile(str(path))
    return store, {unit.getid().split("\x04")[-1]: unit for unit in store.units}


def translate(source):
    """A Dutch stand-in for a translator's work: the text changed, the tags kept."""
    return re.sub(r"^((?:<[^>]+>)*)", lambda match: match.group(1) + "NL ", source, count=1)


def fill(path, skip=()):
    store, units = units_of(path)
    for unit_id, unit in units.items():
        if unit_id not in skip:
            unit.target = translate(unit.source)
    path.write_bytes(bytes(store))
    return units


def run_import(path, *flags):
    out, err = StringIO(), StringIO()
    call_command("import_translations", str(path), *flags, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def page_html(client, page, language):
    with translation.override(language):
        url = page.get_url()
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_export_lists_each_missing_field_with_its_english_source(tmp_path, resources):
    leaflet = resources[LEAFLET]
    path, said = export(tmp_path, "nl", f"{LEAFLET},{GUIDANCE}")
    assert said.startswith(f"Wrote {len(units_of(path)[1])} units from 2 resources")
    store, units = units_of(path)
    assert store.gettargetlanguage() == "nl"
    assert store.getsourcelanguage() == "en"
    leaflet_units = [unit_id for unit_id in units if unit_id.startswith(f"{leaflet.pk}/")]
    # Title and summary are in Dutch already; the body is one unit per block, then how to use it.
    blocks = [block for block in leaflet.body_en if block.block_type in ("heading", "paragraph")]
    assert leaflet_units == [f"{leaflet.pk}/body/{block.id}" for block in blocks] + [
        f"{leaflet.pk}/how_to_use"
    ]
    assert units[f"{leaflet.pk}/how_to_use"].source == leaflet.how_to_use_en
    first = units[f"{leaflet.pk}/body/{blocks[0].id}"]
    assert "data-block-key" not in first.source
    assert "Tool: What is human trafficking?" in first.getnotes()
    assert not any(unit.target for unit in units.values())


@pytest.mark.django_db
def test_round_trip_to_drafts_then_published(tmp_path, client, editor, resources):
    leaflet = resources[LEAFLET]
    path, _said = export(tmp_path, "nl", LEAFLET)
    units = fill(path)

    said, errors = run_import(path)
    assert said.startswith(f"Placed {len(units)} units: 0 resources published, 1 saved as drafts")
    assert errors == ""
    leaflet.refresh_from_db()
    assert leaflet.has_unpublished_changes
    assert not leaflet.body_nl  # the live page is unchanged
    draft = leaflet.get_latest_revision_as_object()
    assert draft.how_to_use_nl == translate(leaflet.how_to_use_en)
    assert [block.id for block in draft.body_nl] == [block.id for block in leaflet.body_en]
    assert draft.translation_status["nl"]["state"] == "human"
    assert NOTICE in page_html(client, leaflet, "nl")

    # A moderator publishes the draft: Dutch is complete, and the report says so.
    draft.save_revision().publish()
    leaflet.refresh_from_db()
    html = page_html(client, leaflet, "nl")
    assert NOTICE not in html
    assert "NL " in html
    assert "nl" in leaflet.available_languages()
    client.force_login(editor)
    rows = {
        row.page.slug_en: row
        for row in client.get(reverse("translation_report")).context["object_list"]
    }
    assert LEAFLET not in rows or "nl" not in rows[LEAFLET].missing
    status = dict((s.language, s) for s in leaflet.language_statuses())["nl"]
    assert status.state_label == "Human translated"
    # Nothing is left to translate into Dutch.
    _path, said = export(tmp_path, "nl", LEAFLET)
    assert said.startswith("Wrote 0 units from 0 resources")


@pytest.mark.django_db
def test_publish_publishes_what_has_no_other_change_waiting(tmp_path, client, resources):
    guidance, leaflet = resources[GUIDANCE], resources[LEAFLET]
    # The leaflet has an English change waiting in a draft: it stays a draft.
    leaflet.summary_en = "A summary being rewritten."
    leaflet.save_revision()
    path, _said = export(tmp_path, "hr", f"{GUIDANCE},{LEAFLET}")
    fill(path)

    said, errors = run_import(path, "--publish")
    assert "1 resources published, 1 saved as drafts" in said
    assert f"Kept as a draft, not published: {LEAFLET}" in said
    guidance.refresh_from_db()
    assert guidance.body_hr and not guidance.has_unpublished_changes
    assert guidance.translation_status["hr"]["state"] == "human"
    assert NOTICE not in page_html(client, guidance, "hr")
    leaflet.refresh_from_db()
    assert leaflet.has_unpublished_changes
    assert leaflet.get_latest_revision_as_object().summary_en == "A summary being rewritten."


@pytest.mark.django_db
def test_units_that_cannot_be_placed_are_named_and_the_rest_placed(tmp_path, resources):
    guidance = resources[GUIDANCE]
    path, _said = export(tmp_path, "nl", GUIDANCE)
    store, units = units_of(path)
    body_ids = [unit_id for unit_id in units if "/body/" in unit_id]
    for unit in units.values():
        unit.target = translate(unit.source)
    units[body_ids[1]].target = ""  # one block left untranslated: the body cannot be whole
    stray = store.addsourceunit("Gone", filename="gone", createifmissing=True)
    stray.setid("999999/title")
    stray.target = "Weg"
    bad_tags = units[body_ids[2]]
    bad_tags.target = "NL zonder tags"
    path.write_bytes(bytes(store))

    with pytest.raises(CommandError) as raised:
        run_import(path)
    message = str(raised.value)
    assert "999999/title" in message
    assert body_ids[1] in message and body_ids[2] in message
    guidance.refresh_from_db()
    assert not guidance.has_unpublished_changes  # nothing placed: no draft either
    assert "units could not be placed" in message


@pytest.mark.django_db
def test_an_english_change_after_the_export_is_not_overwritten(tmp_path, resources):
    leaflet = resources[LEAFLET]
    path, _said = export(tmp_path, "nl", LEAFLET)
    fill(path)
    leaflet.how_to_use_en = "Give it to anyone who asks."
    leaflet.save_revision().publish()

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=f"{leaflet.pk}/how_to_use"):
        call_command("import_translations", str(path), stdout=out, stderr=err)
    assert "the English text changed since the export" in err.getvalue()
    assert "Placed" in out.getvalue()  # the body was placed all the same
    draft = ToolPage.objects.get(pk=leaflet.pk).get_latest_revision_as_object()
    assert draft.body_nl and not draft.how_to_use_nl


@pytest.mark.django_db
def test_outdated_fields_are_exported_with_their_translation_to_review(tmp_path, resources):
    guidance = resources[GUIDANCE]
    guidance.summary_en = guidance.summary_en + " Updated in 2026."
    guidance.save_revision().publish()
    guidance = GuidancePage.objects.get(pk=guidance.pk)

    path, _said = export(tmp_path, "fr", GUIDANCE)
    _store, units = units_of(path)
    summary = units[f"{guidance.pk}/summary"]
    assert summary.source == guidance.summary_en
    assert summary.target == guidance.summary_fr
    assert summary.isfuzzy()
    assert f"{guidance.pk}/title" not in units

    # Sent back unreviewed, it is not placed: it is still the old translation.
    with pytest.raises(CommandError, match="summary"):
        run_import(path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--language", "en"], "The language must be one of fr, es, ar, hr, nl"),
        (["--language", "xx"], "The language must be one of"),
        (["--language", "nl", "--resources", "no-such-thing"], "no-such-thing"),
    ],
)
def test_export_refuses_bad_input(tmp_path, resources, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_translations", *args, "--output", str(tmp_path / "out.xlf"))


@pytest.mark.django_db
def test_import_refuses_what_is_not_xliff(tmp_path, resources):
    path = tmp_path / "notes.xlf"
    path.write_text("not xml at all")
    with pytest.raises(CommandError, match="Not an XLIFF file"):
        run_import(path)
    with pytest.raises(CommandError, match="Could not read"):
        run_import(tmp_path / "missing.xlf")
    english = tmp_path / "en.xlf"
    english.write_bytes(bytes(xliff.xlifffile(sourcelanguage="en", targetlanguage="en")))
    with pytest.raises(CommandError, match="target language"):
        run_import(english)
