"""Both imports name a National Society as people write it: its English name, its slug, its
country's ISO code or English name, or a name in another language; a value that names none,
or several, is reported with its record."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from network.factories import NationalSocietyFactory
from network.models import ContactPoint
from resources.factories import resource_record
from resources.models import GuidancePage
from tests.resources.test_import import run_import


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("Italian Red Cross", "italian-red-cross"),
        ("  italian red CROSS ", "italian-red-cross"),
        ("italian-red-cross", "italian-red-cross"),
        ("IT", "italian-red-cross"),
        ("it", "italian-red-cross"),
        ("Italy", "italian-red-cross"),
        ("Netherlands", "netherlands-red-cross"),
        ("The Netherlands Red Cross", "netherlands-red-cross"),  # as IFRC GO writes it
        ("Russian Federation", "russian-red-cross-society"),
        ("Croix-Rouge française", "french-red-cross"),
        ("Hrvatski Crveni križ", "croatian-red-cross"),
    ],
)
def test_a_resource_names_its_national_society_as_people_write_it(tmp_path, value, slug):
    ok, out, err = run_import(tmp_path, [resource_record(1, national_society=value)])

    assert ok, err
    assert GuidancePage.objects.get(slug_en="resource-1-en").national_society.slug == slug


@pytest.mark.django_db
def test_an_unknown_or_ambiguous_national_society_is_reported_with_its_record(tmp_path):
    NationalSocietyFactory(slug="croce-rossa-sud", name_en="Croce Rossa Sud", country="IT")
    records = [
        resource_record(1, national_society="Atlantis Red Cross"),
        resource_record(2, national_society="Italy"),
        resource_record(3, national_society="IT"),
        resource_record(4, national_society=12),
        resource_record(5, national_society="Italian Red Cross"),
    ]

    ok, out, err = run_import(tmp_path, records)

    assert not ok
    assert "1 created, 0 updated, 0 unchanged, 4 failed" in err
    assert (
        'Record 1 (Resource 1 (en)): "national_society": unknown National Society '
        '"Atlantis Red Cross" (give its slug, its English name or its country)'
    ) in err
    for position, value in ((2, "Italy"), (3, "IT")):
        assert (
            f'Record {position} (Resource {position} (en)): "national_society": "{value}" names '
            "2 National Societies (croce-rossa-sud, italian-red-cross): give the slug of one"
        ) in err
    assert (
        'Record 4 (Resource 4 (en)): "national_society" must be the slug, English name or '
        "country of a National Society, or an object"
    ) in err
    assert GuidancePage.objects.get(slug_en="resource-5-en").national_society.name == (
        "Italian Red Cross"
    )


@pytest.mark.django_db
def test_a_contact_names_its_national_society_as_people_write_it(tmp_path):
    records = [
        {"name": "Ana Horvat", "society": "Croatia", "email": "ana@example.org"},
        {"name": "Lucia Rossi", "society": "Italian Red Cross", "email": "lucia@example.org"},
        {"name": "Jan de Vries", "society": "NL", "email": "jan@example.org"},
        {"name": "Nobody", "society": "Atlantis", "email": "nobody@example.org"},
    ]
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError, match="3 created, 0 updated, 0 unchanged, 1 failed"):
        call_command("import_contacts", str(path), stdout=io.StringIO(), stderr=err)

    societies = dict(ContactPoint.objects.values_list("name", "society__slug"))
    assert societies["Ana Horvat"] == "croatian-red-cross"
    assert societies["Lucia Rossi"] == "italian-red-cross"
    assert societies["Jan de Vries"] == "netherlands-red-cross"
    assert (
        'Record 4 (Nobody): "society": unknown National Society "Atlantis" (give its slug, '
        "its English name or its country)"
    ) in err.getvalue()
