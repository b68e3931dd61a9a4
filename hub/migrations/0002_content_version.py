"""The site's content version (hub.versions): pages are cached under it from the start."""

import uuid
from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("hub", "ContentVersion").objects.create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ('hub', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(default=uuid.uuid4)),
                ('changed_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
