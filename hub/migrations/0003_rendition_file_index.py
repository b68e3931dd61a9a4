"""An index on the file name of Wagtail's renditions: /media/ looks every image up by it
(hub.media), and Wagtail itself indexes renditions only by image and filter."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0002_content_version"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS hub_rendition_file ON wagtailimages_rendition (file)",
            "DROP INDEX IF EXISTS hub_rendition_file",
        ),
    ]
