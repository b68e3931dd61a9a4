"""Contact points: the languages they speak as ISO 639 codes, and when each was created.

Languages were Django's codes, some with a region or script ("pt-br", "zh-hans", "sr-latn"):
each becomes the ISO 639 language it names ("pt", "zh", "sr"), once. Profiles made before
this get the date of their first revision as their creation date, or none (then reminders
treat them as they did before).
"""

import django.utils.timezone
from django.db import migrations, models


def iso_languages(codes):
    from network.languages import canonical

    languages = []
    for code in codes or []:
        language = canonical(str(code)) or canonical(str(code).split("-")[0])
        if language and language not in languages:
            languages.append(language)
    return languages


def forwards(apps, schema_editor):
    ContactPoint = apps.get_model("network", "ContactPoint")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="network", model="contactpoint").first()
    first_revisions = {}
    if content_type is not None:
        for object_id, created_at in (
            Revision.objects.filter(base_content_type=content_type)
            .order_by("created_at")
            .values_list("object_id", "created_at")
        ):
            first_revisions.setdefault(object_id, created_at)
    for contact in ContactPoint.objects.only("pk", "languages").iterator():
        languages = iso_languages(contact.languages)
        ContactPoint.objects.filter(pk=contact.pk).update(
            languages=languages, created_at=first_revisions.get(str(contact.pk))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0008_national_societies"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactpoint",
            name="created_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="created"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contactpoint",
            name="created_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                null=True,
                verbose_name="created",
            ),
        ),
        migrations.AlterField(
            model_name="contactpoint",
            name="languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="ISO 639 codes, e.g. ti, prs.",
                verbose_name="languages spoken",
            ),
        ),
    ]
