"""Contact points' phone numbers in international form, as ContactPoint.clean now stores them:
"+44 20 7877 5027" for a British Red Cross contact's "0207 877 5027". Numbers phonenumbers
cannot read stay as they are."""

from django.db import migrations


def international(apps, schema_editor):
    from hub import phones

    ContactPoint = apps.get_model("network", "ContactPoint")
    for contact in ContactPoint.objects.exclude(phone="").select_related("society"):
        shown = phones.display(contact.phone, contact.society.country.code or None)
        if shown != contact.phone:
            ContactPoint.objects.filter(pk=contact.pk).update(phone=shown)


class Migration(migrations.Migration):
    dependencies = [("network", "0006_website_http_or_https")]

    operations = [migrations.RunPython(international, migrations.RunPython.noop)]
