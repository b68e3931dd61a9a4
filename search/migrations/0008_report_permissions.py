"""Editors and Moderators view the search statistics (Reports > Popular searches, Searches
with no results); other admin users no longer do."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="hub_search", model="querystat"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_querystat",
        defaults={"name": "Can view query stat"},
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("hub_search", "0007_access_of_restricted_entries"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
