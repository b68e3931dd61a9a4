"""import_resources and export_resources, with the JSON format of DESIGN.md."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation
from wagtail.models import Page, Revision

from network.models import ContactPoint, NationalSociety
from resources.factories import resource_record
from resources.models import KIND_MODELS, GuidancePage, Theme, ToolPage


def run_import(tmp_path, records, name="records.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_resources", str(path), "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def export():
    out = io.StringIO()
    call_command("export_resources", stdout=out)
    return json.loads(out.getvalue())


def all_resources():
    return [page for model in KIND_MODELS.values() for page in model.objects.all()]


@pytest.mark.django_db
def test_good_file_creates_published_pages(client, tmp_path):
    records = [
        resource_record(1),
        resource_record(2, kind="tool", languages=("en",)),
        resource_record(3, kind="case_study", people_supported=12, partners={"en": "Hestia"}),
    ]
    records[0]["national_society"] = "Croix-Rouge française"  # a name in any language
    records[1]["themes"] = ["brand-new-theme"]

    ok, out, err = run_import(tmp_path, records)

    assert ok, err
    assert "3 created, 0 updated, 0 unchanged, 0 failed" in out
    guidance = GuidancePage.objects.get(slug_en="resource-1-en")
    assert guidance.live and not guidance.has_unpublished_changes
    assert guidance.title_fr == "Resource 1 (fr)"
    assert guidance.national_society.slug == "french-red-cross"
    assert guidance.live_revision is not None
    assert [str(code) for code in guidance.countries] == ["FR"]
    assert Theme.objects.get(slug="brand-new-theme").name_en == "Brand new theme"
    for page in [guidance, ToolPage.objects.get(slug_en="resource-2-en")]:
        for language in ("en", "fr"):
            with translation.override(language):
                response = client.get(page.get_url())
            assert response.status_code == 200
            assert page.title_en in response.content.decode() or page.title_fr in (
                response.content.decode()
            )


@pytest.mark.django_db
def test_untranslated_fields_stay_empty(tmp_path):
    ok, _out, err = run_import(tmp_path, [resource_record(5, languages=("en",))])
    assert ok, err
    page = GuidancePage.objects.get(slug_en="resource-5-en")
    assert page.title_fr is None and page.summary_fr is None
    assert len(page.body_fr) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title_fr, summary_fr FROM wagtailcore_page p "
            "JOIN resources_guidancepage g ON g.page_ptr_id = p.id WHERE p.id = %s",
            [page.pk],
        )
        assert cursor.fetchone() == (None, None)
    assert "None" not in json.dumps(export())


@pytest.mark.django_db
def test_bad_records_are_reported_and_the_rest_imported(tmp_path):
    records = [
        resource_record(1),
        {"kind": "poster", "title": {"en": "A poster"}},
        resource_record(3, countries=["XX"]),
        {"kind": "guidance", "title": {"fr": "Sans anglais"}},
        resource_record(5, published="20/01/2020"),
        resource_record(6, national_society="Unknown Society"),
        "not an object",
        resource_record(8, title={"en": "Resource 1 (en)"}),  # same slug as record 1
        resource_record(9, kind="tool", format="poster"),
        resource_record(10, summary={"de": "Deutsch"}),
        resource_record(11),
    ]
    before = Page.objects.count()

    ok, out, err = run_import(tmp_path, records)

    assert not ok
    assert "2 created, 0 updated, 0 unchanged, 9 failed" in err
    assert 'Record 2 (A poster): "kind" must be one of guidance, tool, case_study' in err
    assert 'Record 3 (Resource 3 (en)): unknown country "XX"' in err
    assert 'Record 4 (): "title" needs an English ("en") text' in err
    assert 'Record 5 (Resource 5 (en)): "published" must be a date as YYYY-MM-DD' in err
    assert (
        'Record 6 (Resource 6 (en)): "national_society": unknown National Society '
        '"Unknown Society" (give its slug, its English name or its country)'
    ) in err
    assert "Record 7 (): a record must be a JSON object" in err
    assert "Record 8 (Resource 1 (en)): the same resource as record 1" in err
    assert 'Record 9 (Resource 9 (en)): "format" must be one of' in err
    assert 'Record 10 (Resource 10 (en)): unknown language "de" in "summary"' in err
    assert Page.objects.count() == before + 2
    assert GuidancePage.objects.filter(slug_en__in=["resource-1-en", "resource-11-en"]).count() == 2


@pytest.mark.django_db
def test_a_national_society_is_named_by_slug_name_or_country_in_any_case(tmp_path):
    named = ["CROATIAN-RED-CROSS", "croix-rouge française", "gb", "Netherlands Red Cross"]
    records = [resource_record(n, national_society=name) for n, name in enumerate(named, 1)]
    ok, _out, err = run_import(tmp_path, records)
    assert ok, err
    societies = [
        GuidancePage.objects.get(slug_en=f"resource-{n}-en").national_society.slug
        for n in range(1, 5)
    ]
    assert societies == [
        "croatian-red-cross",
        "french-red-cross",
        "british-red-cross",
        "netherlands-red-cross",
    ]


@pytest.mark.django_db
def test_the_fields_of_another_kind_are_refused_naming_the_kinds_that_take_them(tmp_path):
    records = [
        resource_record(1, how_to_use={"en": "Tick each box."}, colour="red"),
        resource_record(2, kind="tool", people_supported=3, lessons_learned={"en": "Listen."}),
        resource_record(3, kind="case_study", people_supported=-1, period={"en": "x" * 101}),
    ]
    ok, _out, err = run_import(tmp_path, records)
    assert not ok
    assert "0 created, 0 updated, 0 unchanged, 3 failed" in err
    assert 'Record 1 (Resource 1 (en)): unknown field "colour" for a guidance record' in err
    assert '"how_to_use" is only for tools, not for a guidance' in err
    assert '"people_supported" is only for case studies, not for a tool' in err
    assert '"lessons_learned" is only for case studies, not for a tool' in err
    assert 'Record 3 (Resource 3 (en)): "people_supported" must be a whole number' in err
    assert '"period.en" is longer than 100 characters' in err


@pytest.mark.django_db
def test_unreadable_files_are_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"kind": "guidance",', encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("import_resources", str(path), "--no-progress")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_resources", str(tmp_path / "missing.json"), "--no-progress")
    path.write_text('{"kind": "guidance"}', encoding="utf-8")
    with pytest.raises(CommandError, match="must hold a JSON list"):
        call_command("import_resources", str(path), "--no-progress")


@pytest.mark.django_db
def test_importing_twice_changes_nothing(tmp_path):
    records = [resource_record(n, kind=kind) for n, kind in enumerate(KIND_MODELS, start=1)]
    assert run_import(tmp_path, records)[0]
    revisions, pages = Revision.objects.count(), Page.objects.count()
    first_export = export()

    ok, out, _err = run_import(tmp_path, records)

    assert ok
    assert "0 created, 0 updated, 3 unchanged, 0 failed" in out
    assert Revision.objects.count() == revisions
    assert Page.objects.count() == pages
    assert export() == first_export


@pytest.mark.django_db
def test_changed_record_updates_the_page_with_a_new_revision(tmp_path):
    assert run_import(tmp_path, [resource_record(1)])[0]
    page = GuidancePage.objects.get(slug_en="resource-1-en")
    revisions = page.revisions.count()

    changed = resource_record(1, slug="resource-1-en", summary={"en": "New summary"})
    ok, out, _err = run_import(tmp_path, [changed])

    assert ok and "0 created, 1 updated" in out
    page.refresh_from_db()
    assert page.summary_en == "New summary"
    assert page.summary_fr is None
    assert page.revisions.count() == revisions + 1
    assert page.live_revision == page.latest_revision
    assert page.get_latest_revision_as_object().summary_en == "New summary"


@pytest.mark.django_db
def test_export_then_import_into_an_empty_hub_gives_the_same_library(tmp_path):
    exported = export()
    assert {record["slug"] for record in exported} >= {
        "action-to-assist-and-protect-trafficked-persons",
        "step-integration-pilot-uk",
    }
    for page in all_resources():
        page.delete()
    ContactPoint.objects.all().delete()
    NationalSociety.objects.all().delete()
    assert export() == []

    ok, out, err = run_import(tmp_path, exported)

    assert ok, err
    assert f"{len(exported)} created" in out
    assert export() == exported


@pytest.mark.django_db
def test_export_writes_to_a_file(tmp_path):
    target = tmp_path / "library.json"
    call_command("export_resources", "--output", str(target), stderr=io.StringIO())
    records = json.loads(target.read_text(encoding="utf-8"))
    case_study = next(r for r in records if r["slug"] == "step-integration-pilot-uk")
    assert case_study["kind"] == "case_study"
    assert case_study["people_supported"] == 50
    assert case_study["national_society"]["slug"] == "british-red-cross"
    assert set(case_study["title"]) == {"en", "fr", "es", "ar", "hr", "nl"}
    assert set(case_study["body"]) == {"en", "fr"}
