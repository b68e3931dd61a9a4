"""The National Societies of the whole Movement, from the reference file
network/data/national_societies.json (IFRC GO; network/data/README.md): a new hub knows them
all from `migrate`. A society the hub already has, by slug or by country, is left as it is
(`update_national_societies` brings those up to date with the file)."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "national_societies.json"


def add_societies(apps, schema_editor):
    NationalSociety = apps.get_model("network", "NationalSociety")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    records = data["societies"] if isinstance(data, dict) else data
    slugs = set(NationalSociety.objects.values_list("slug", flat=True))
    countries = set(NationalSociety.objects.values_list("country", flat=True))
    new = []
    for record in records:
        if record["slug"] in slugs or record["country"] in countries:
            continue
        name = record["name"] if isinstance(record["name"], str) else record["name"]["en"]
        new.append(
            NationalSociety(
                slug=record["slug"],
                name=name,
                name_en=name,
                country=record["country"],
                website=record.get("website", ""),
                atn_member=record.get("atn_member", False),
            )
        )
    NationalSociety.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [("network", "0007_phones_in_international_form")]

    operations = [migrations.RunPython(add_societies, migrations.RunPython.noop)]
