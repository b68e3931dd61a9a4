"""National Societies' websites are http or https addresses; a stored address of another
scheme (javascript:, data:, ftp:...) was a live link on the society's public page and is
emptied."""

import django.core.validators
from django.db import migrations, models

WEB_SCHEMES = ("http://", "https://")


def empty_other_schemes(apps, schema_editor):
    NationalSociety = apps.get_model("network", "NationalSociety")
    for society in NationalSociety.objects.exclude(website=""):
        if not society.website.strip().lower().startswith(WEB_SCHEMES):
            society.website = ""
            society.save(update_fields=["website"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_contactpoint_unique_slug_and_email"),
    ]

    operations = [
        migrations.AlterField(
            model_name="nationalsociety",
            name="website",
            field=models.URLField(
                blank=True,
                validators=[
                    django.core.validators.URLValidator(
                        message="Enter a web address starting with http:// or https://.",
                        schemes=["http", "https"],
                    )
                ],
                verbose_name="website",
            ),
        ),
        migrations.RunPython(empty_other_schemes, migrations.RunPython.noop),
    ]
