"""Contact points get a slug, the stable identifier the import matches on; emails that two
contact points share are refused before they can be made unique (0005)."""

from django.db import migrations, models
from django.db.models.functions import Lower
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    ContactPoint = apps.get_model("network", "ContactPoint")
    taken = set()
    for contact in ContactPoint.objects.order_by("pk"):
        base = slugify(contact.name)[:90] or "contact"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        contact.slug = slug
        contact.save(update_fields=["slug"])


def refuse_shared_emails(apps, schema_editor):
    ContactPoint = apps.get_model("network", "ContactPoint")
    shared = (
        ContactPoint.objects.exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
        .annotate(count=models.Count("pk"))
        .filter(count__gt=1)
    )
    problems = []
    for row in shared:
        ids = ContactPoint.objects.filter(email__iexact=row["address"]).order_by("pk")
        problems.append(", ".join(str(pk) for pk in ids.values_list("pk", flat=True)))
    if problems:
        raise RuntimeError(
            "Contact points that share an email address (ids: "
            + "; ".join(problems)
            + "). Give each its own address, or clear one, in the admin, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0003_editor_permissions")]

    operations = [
        migrations.AddField(
            model_name="contactpoint",
            name="slug",
            field=models.SlugField(blank=True, default="", max_length=100, db_index=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.RunPython(refuse_shared_emails, migrations.RunPython.noop),
    ]
