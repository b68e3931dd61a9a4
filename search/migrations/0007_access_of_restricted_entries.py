"""Entries of resources under a view restriction carry its access token (hub.restrictions).

Searches find an entry only when its token admits the viewer, and an entry without one is
public: the entries indexed before tokens existed get theirs here, so that no restricted
resource is found by everyone until the next rebuild.
"""

from django.db import migrations


def _part(restriction, group_ids):
    # As hub.restrictions, when this migration was written.
    if restriction.restriction_type == "login":
        return "login"
    if restriction.restriction_type == "groups":
        return "groups:" + ",".join(str(pk) for pk in sorted(group_ids))
    return "password"


def forward(apps, schema_editor):
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    SearchEntry = apps.get_model("hub_search", "SearchEntry")
    SearchFacet = apps.get_model("hub_search", "SearchFacet")
    rules = []
    for restriction in PageViewRestriction.objects.select_related("page"):
        group_ids = restriction.groups.values_list("pk", flat=True)
        rules.append((restriction.page.path, _part(restriction, group_ids)))
    if not rules:
        return
    tokens = {}
    for path, _part_of_it in rules:
        for entry_id, page_path in SearchEntry.objects.filter(
            page__path__startswith=path
        ).values_list("id", "page__path"):
            parts = sorted({part for rule_path, part in rules if page_path.startswith(rule_path)})
            tokens[entry_id] = "&".join(parts)
    SearchFacet.objects.filter(facet="access", entry_id__in=list(tokens)).delete()
    SearchFacet.objects.bulk_create(
        SearchFacet(entry_id=entry_id, facet="access", value=token)
        for entry_id, token in tokens.items()
    )


def backward(apps, schema_editor):
    apps.get_model("hub_search", "SearchFacet").objects.filter(facet="access").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hub_search", "0006_partition_vectors_by_language"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(forward, backward)]
