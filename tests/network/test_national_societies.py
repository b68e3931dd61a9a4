"""The National Societies of the whole Movement: the reference file (network/data), which
migration network 0008 loads and `update_national_societies` keeps the hub in line with."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_countries import countries

from network.factories import NationalSocietyFactory
from network.models import NationalSociety
from network.societies import DATA_FILE

DEMO = Path(__file__).resolve().parents[2] / "hub" / "demo" / "content.json"


def reference():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def update(tmp_path=None, records=None, *args):
    """(ok, stdout, stderr) of update_national_societies, on `records` or the Hub's file."""
    options = list(args)
    if records is not None:
        path = tmp_path / "societies.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        options += ["--file", str(path)]
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("update_national_societies", *options, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def state():
    return sorted(
        NationalSociety.objects.values_list(
            "slug", "name_en", "name_fr", "country", "website", "atn_member"
        )
    )


def test_the_reference_file_names_each_national_society_once_with_its_source():
    data = reference()
    assert "IFRC GO" in data["source"] and "MIT" in data["licence"]
    records = data["societies"]
    assert 190 <= len(records) <= 195
    assert len({record["slug"] for record in records}) == len(records)
    assert len({record["country"] for record in records}) == len(records)
    for record in records:
        assert record["country"] in countries, record
        assert set(record) <= {"slug", "name", "country", "website", "atn_member"}
        assert record["name"] == record["name"].strip() and not record["name"].startswith("The ")
        assert record.get("website", "https://").startswith(("http://", "https://")), record


@pytest.mark.django_db
def test_a_new_hub_knows_the_whole_movement_once():
    records = reference()["societies"]
    stored = {society.slug: society for society in NationalSociety.objects.all()}
    assert len(stored) == len(records)
    for record in records:
        society = stored[record["slug"]]
        assert (society.name_en, str(society.country)) == (record["name"], record["country"])
        assert society.website == record.get("website", "")
    members = NationalSociety.objects.filter(atn_member=True)
    assert sorted(str(society.country) for society in members) == ["FR", "GB", "HR", "NL"]
    italy = stored["italian-red-cross"]
    assert (italy.name_en, italy.website) == ("Italian Red Cross", "http://www.cri.it/")


def test_the_demo_names_the_reference_files_national_societies():
    by_slug = {record["slug"]: record for record in reference()["societies"]}
    for entry in json.loads(DEMO.read_text(encoding="utf-8"))["national_societies"]:
        record = by_slug[entry["slug"]]
        assert entry["name"]["en"] == record["name"]
        assert (entry["country"], entry["website"]) == (record["country"], record["website"])
        assert entry["atn_member"] == record.get("atn_member", False)


@pytest.mark.django_db
def test_the_hub_as_loaded_is_the_reference_file():
    ok, out, _err = update()
    assert ok
    assert f"0 created, 0 updated, {len(reference()['societies'])} unchanged" in out


@pytest.mark.django_db
def test_update_creates_and_updates_and_a_second_run_changes_nothing(tmp_path):
    NationalSociety.objects.filter(slug="italian-red-cross").delete()
    records = [
        {"slug": "italian-red-cross", "name": "Italian Red Cross", "country": "IT"},
        {
            "slug": "croatian-red-cross",
            "name": "Croatian Red Cross",
            "country": "HR",
            "website": "https://www.hck.hr/en",
        },
        {"slug": "french-red-cross", "name": "French Red Cross", "country": "FR"},
    ]

    ok, out, err = update(tmp_path, records)

    assert ok, err
    assert "1 created, 1 updated, 1 unchanged" in out
    assert "Not in the file, left as they are (" in out and "british-red-cross" in out
    croatia = NationalSociety.objects.get(slug="croatian-red-cross")
    assert croatia.website == "https://www.hck.hr/en"
    # What the record leaves out stays: the names in other languages, the ATN membership.
    assert croatia.name_fr == "Croix-Rouge croate" and croatia.atn_member
    assert NationalSociety.objects.get(slug="italian-red-cross").name == "Italian Red Cross"
    assert update(tmp_path, records)[1].count("0 created, 0 updated, 3 unchanged") == 1


@pytest.mark.django_db
def test_a_bad_record_is_named_and_nothing_changes(tmp_path):
    before = state()
    records = [
        {
            "slug": "croatian-red-cross",
            "name": "Croatian Red Cross",
            "country": "HR",
            "website": "https://changed.example.org",
        },
        {"slug": "atlantis-red-cross", "name": "Atlantis Red Cross", "country": "ZZ"},
        {
            "slug": "old-red-cross",
            "name": "Old Red Cross",
            "country": "AT",
            "website": "ftp://old.example.org",
        },
        {
            "slug": "maybe-red-cross",
            "name": "Maybe Red Cross",
            "country": "BE",
            "atn_member": "yes",
        },
        {"slug": "croatian-red-cross", "name": "Twice", "country": "SI"},
        {"name": "Nameless slug", "country": "SK"},
        {"slug": "second-croatian", "name": "Second Croatian Red Cross", "country": "HR"},
    ]

    ok, _out, err = update(tmp_path, records, "--delete-missing")

    assert not ok
    assert "nothing was changed" in err
    assert 'Record 2 (atlantis-red-cross): unknown country "ZZ" in "country"' in err
    assert "Record 3 (old-red-cross): \"website\" 'ftp://old.example.org'" in err
    assert "Record 4 (maybe-red-cross): \"atn_member\" must be true or false, not 'yes'" in err
    assert "Record 5 (croatian-red-cross): the same National Society as record 1" in err
    assert 'Record 6 (Nameless slug): "slug" is required' in err
    assert "Record 7 (second-croatian): the same country as record 1" in err
    assert state() == before


@pytest.mark.django_db
def test_deleting_what_the_file_lacks_never_deletes_a_society_in_use(tmp_path, resources):
    # British and Croatian resources, a British contact point; a draft names the Netherlands.
    draft = resources["action-to-assist-and-protect-trafficked-persons"]
    draft.national_society = NationalSociety.objects.get(slug="netherlands-red-cross")
    draft.save_revision()
    records = [{"slug": "french-red-cross", "name": "French Red Cross", "country": "FR"}]

    ok, out, err = update(tmp_path, records, "--delete-missing")

    assert ok, err
    assert 'Kept "british-red-cross", not in the file: it is in use.' in out
    assert sorted(NationalSociety.objects.values_list("slug", flat=True)) == [
        "british-red-cross",
        "croatian-red-cross",
        "french-red-cross",
        "netherlands-red-cross",
    ]
    deleted = len(reference()["societies"]) - 4
    assert f"0 created, 0 updated, 1 unchanged, {deleted} deleted, 3 kept (in use)" in out


@pytest.mark.django_db
def test_the_hubs_society_of_a_country_keeps_its_slug(tmp_path):
    NationalSociety.objects.filter(slug="italian-red-cross").update(slug="cri")

    ok, out, err = update()

    assert ok, err
    assert 'Italian Red Cross: kept the slug "cri" of the hub\'s National Society in IT' in out
    assert f"0 created, 0 updated, {len(reference()['societies'])} unchanged" in out
    assert NationalSociety.objects.filter(country="IT").count() == 1
    assert NationalSociety.objects.get(country="IT").slug == "cri"


@pytest.mark.django_db
def test_a_country_with_two_societies_is_not_guessed(tmp_path):
    NationalSociety.objects.filter(slug="italian-red-cross").update(slug="cri")
    NationalSocietyFactory(slug="croce-rossa", name="Croce Rossa", country="IT")
    records = [{"slug": "italian-red-cross", "name": "Italian Red Cross", "country": "IT"}]

    ok, out, err = update(tmp_path, records)

    assert ok, err
    assert "1 created" in out
    assert NationalSociety.objects.filter(country="IT").count() == 3
