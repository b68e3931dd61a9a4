"""A working hub from `migrate` alone, without demo content: the home page (the default site's
root, in place of Wagtail's "Welcome to your new Wagtail site!"), the library under it, the
"Library review" workflow on the library (a moderator approves what an editor submits), and
what the Editors and Moderators groups need besides pages, images and documents (Wagtail's
own initial data): the taxonomies, editors' picks and the emergency notice.

A data migration rather than a post_migrate handler, because it runs once: a page, the
workflow or a permission an administrator removes later is not put back at the next deploy,
and `flush` (after the tests' transactional tests) or `restore` find nothing re-created
under them. A hub that has these already (load_demo_content made them before this
migration) keeps its own.

The pages' translated columns (title_fr, slug_fr, url_path_fr...) are in no migration:
wagtail-modeltranslation's `migrate` adds them to wagtailcore_page after the migrations have
run. This migration adds the missing ones first, as that command does (a nullable column for
each translation field of Page), and fills them with SQL, since the historical Page has no
such fields. A url_path is wagtail-modeltranslation's: the parent's in that language (the
root's is empty) plus the slug and "/".
"""

from django.db import migrations
from django.utils import timezone

HOME = {
    "title": {
        "en": "Anti-trafficking Hub",
        "fr": "Plateforme de lutte contre la traite",
        "es": "Plataforma contra la trata",
        "ar": "منصة مكافحة الاتجار بالبشر",
        "hr": "Platforma za suzbijanje trgovanja ljudima",
        "nl": "Platform tegen mensenhandel",
    },
    "slug": {
        "en": "home",
        "fr": "plateforme-de-lutte-contre-la-traite",
        "es": "plataforma-contra-la-trata",
        "ar": "منصة-مكافحة-الاتجار-بالبشر",
        "hr": "platforma-za-suzbijanje-trgovanja-ljudima",
        "nl": "platform-tegen-mensenhandel",
    },
    "intro": {
        "en": "The Red Cross Red Crescent knowledge hub on human trafficking. Find guidance, "
        "tools and case studies, and connect with a network that promotes best practice and "
        "a consistent global approach to human trafficking.",
        "fr": "La plateforme de connaissances de la Croix-Rouge et du Croissant-Rouge sur la "
        "traite des êtres humains. Retrouvez des lignes directrices, des outils et des études "
        "de cas, et rejoignez un réseau qui promeut les bonnes pratiques et une approche "
        "mondiale cohérente de la lutte contre la traite.",
        "es": "La plataforma de conocimiento de la Cruz Roja y la Media Luna Roja sobre la "
        "trata de personas. Encuentre orientaciones, herramientas y estudios de caso, y "
        "conecte con una red que promueve las buenas prácticas y un enfoque global coherente "
        "frente a la trata.",
        "ar": "منصة المعرفة التابعة للصليب الأحمر والهلال الأحمر بشأن الاتجار بالبشر. "
        "اطّلعوا على الإرشادات والأدوات ودراسات الحالة، وتواصلوا مع شبكة تعزّز الممارسات "
        "الفضلى ونهجاً عالمياً متّسقاً في التصدي للاتجار بالبشر.",
        "hr": "Platforma znanja Crvenog križa i Crvenog polumjeseca o trgovanju ljudima. Ovdje "
        "možete pronaći smjernice, alate i studije slučaja te se povezati s mrežom koja "
        "promiče dobru praksu i dosljedan globalni pristup suzbijanju trgovanja ljudima.",
        "nl": "Het kennisplatform van het Rode Kruis en de Rode Halve Maan over mensenhandel. "
        "Vind richtlijnen, hulpmiddelen en praktijkvoorbeelden, en sluit aan bij een netwerk "
        "dat goede praktijken en een consistente wereldwijde aanpak van mensenhandel "
        "bevordert.",
    },
}

LIBRARY = {
    "title": {
        "en": "Library",
        "fr": "Bibliothèque",
        "es": "Biblioteca",
        "ar": "المكتبة",
        "hr": "Knjižnica",
        "nl": "Bibliotheek",
    },
    "slug": {
        "en": "library",
        "fr": "bibliotheque",
        "es": "biblioteca",
        "ar": "المكتبة",
        "hr": "knjiznica",
        "nl": "bibliotheek",
    },
    "intro": {
        "en": "Guidance, tools and case studies from National Societies across Europe.",
        "fr": "Orientations, outils et études de cas des Sociétés nationales de toute l'Europe.",
        "es": "Orientaciones, herramientas y estudios de caso de Sociedades Nacionales de toda "
        "Europa.",
        "ar": "إرشادات وأدوات ودراسات حالة من الجمعيات الوطنية في جميع أنحاء أوروبا.",
        "hr": "Smjernice, alati i studije slučaja nacionalnih društava iz cijele Europe.",
        "nl": "Richtlijnen, hulpmiddelen en casestudy's van nationale verenigingen in heel "
        "Europa.",
    },
}

WORKFLOW = "Library review"
TASK = "Moderator review"
GROUPS = ["Editors", "Moderators"]

# (app label, model, verbose name) -> the actions both groups get.
PERMISSIONS = {
    ("resources", "theme", "theme"): ["add", "change", "delete", "view"],
    ("resources", "exploitationform", "form of exploitation"): ["add", "change", "delete", "view"],
    ("resources", "audience", "audience"): ["add", "change", "delete", "view"],
    ("wagtailsearchpromotions", "searchpromotion", "search promotion"): [
        "add",
        "change",
        "delete",
        "view",
    ],
    ("hub", "emergencynotice", "emergency notice"): ["change", "view"],
}

STEP = 4  # Wagtail's tree paths: 4 base-36 digits a level
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def child_path(parent_path, last_child_path):
    """The tree path of a new last child (treebeard's, as Wagtail configures it)."""
    if last_child_path is None:
        return parent_path + "0001"
    number = int(last_child_path[-STEP:], 36) + 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return last_child_path[:-STEP] + digits.rjust(STEP, "0")


def page_columns(connection):
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, "wagtailcore_page")
    return {column.name for column in table}


def add_page_translation_columns(schema_editor):
    """The translated columns of wagtailcore_page, as wagtail-modeltranslation's migrate adds
    them (modeltranslation's sync_translation_fields): those of the running Page model."""
    from modeltranslation.translator import translator
    from wagtail.models import Page as RunningPage

    connection = schema_editor.connection
    quote = connection.ops.quote_name
    existing = page_columns(connection)
    for fields in translator.get_options_for_model(RunningPage).local_fields.values():
        for field in sorted(fields, key=lambda field: field.column):
            if field.column in existing:
                continue
            statement = (
                f"ALTER TABLE {quote('wagtailcore_page')} ADD COLUMN {quote(field.column)} "
                f"{field.db_type(connection=connection)}"
            )
            if not field.null:
                statement += " NOT NULL"
            schema_editor.execute(statement)


def set_page_translations(schema_editor, page, texts, parent_paths):
    """Write the page's translated title, slug and url_path; returns its url_paths."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    existing = page_columns(connection)
    url_paths = {
        language: parent_paths.get(language, "") + slug + "/"
        for language, slug in texts["slug"].items()
    }
    values = {}
    for language in texts["title"]:
        values[f"title_{language}"] = texts["title"][language]
        values[f"slug_{language}"] = texts["slug"][language]
        values[f"url_path_{language}"] = url_paths[language]
    values = {column: value for column, value in values.items() if column in existing}
    assignments = ", ".join(f"{quote(column)} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote('wagtailcore_page')} SET {assignments} WHERE {quote('id')} = %s",  # noqa: S608
            [*values.values(), page.pk],
        )
    return url_paths


def url_paths_of(schema_editor, page):
    """A page's url_path in each language, as wagtail-modeltranslation reads it: its own in
    that language, else its English one, else its url_path."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    languages = [language for language in LIBRARY["title"] if f"url_path_{language}" in page_columns(connection)]
    columns = ", ".join(quote(f"url_path_{language}") for language in languages)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote('wagtailcore_page')} WHERE {quote('id')} = %s",  # noqa: S608
            [page.pk],
        )
        values = dict(zip(languages, cursor.fetchone()))
    return {
        language: values[language] or values.get("en") or page.url_path for language in languages
    }


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def new_page(apps, model, parent, texts, **fields):
    Page = apps.get_model("wagtailcore", "Page")
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = last.order_by("-path").values_list("path", flat=True).first()
    now = timezone.now()
    translated = {}
    for language, text in texts["intro"].items():
        translated[f"intro_{language}"] = text
    page = model.objects.create(
        title=texts["title"]["en"],
        draft_title=texts["title"]["en"],
        slug=texts["slug"]["en"],
        content_type=content_type(apps, model._meta.app_label, model._meta.model_name),
        path=child_path(parent.path, last),
        depth=parent.depth + 1,
        numchild=0,
        locale_id=parent.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        intro=texts["intro"]["en"],
        **translated,
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(
        numchild=Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
    )
    return page


def home_page(apps, schema_editor):
    HomePage = apps.get_model("hub", "HomePage")
    home = HomePage.objects.first()
    if home is not None:
        return home
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    root = Page.objects.filter(depth=1).order_by("path").first()
    bodies = {f"body_{language}": [] for language in HOME["title"]}
    home = new_page(apps, HomePage, root, HOME, body=[], show_in_menus=False, **bodies)
    url_paths = set_page_translations(schema_editor, home, HOME, {})
    Page.objects.filter(pk=home.pk).update(url_path=url_paths["en"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True)
        return home
    # The home page takes the place of Wagtail's "Welcome to your new Wagtail site!" (a plain
    # page without children, the root of this site alone); a site whose root is anything
    # else was set up by someone, and keeps it.
    old_root = Page.objects.filter(pk=site.root_page_id).first()
    plain_page = content_type(apps, "wagtailcore", "page")
    welcome = (
        old_root is not None
        and old_root.content_type_id == plain_page.pk
        and old_root.depth == 2
        and not Page.objects.filter(path__startswith=old_root.path, depth__gt=2).exists()
        and Site.objects.filter(root_page_id=old_root.pk).count() == 1
    )
    if welcome or old_root is None:
        site.root_page_id = home.pk
        site.save()
    if welcome:
        old_root.delete()
        Page.objects.filter(pk=root.pk).update(
            numchild=Page.objects.filter(path__startswith=root.path, depth=2).count()
        )
    return home


def library_page(apps, schema_editor, home):
    ResourceIndexPage = apps.get_model("resources", "ResourceIndexPage")
    library = ResourceIndexPage.objects.first()
    if library is not None:
        return library
    Page = apps.get_model("wagtailcore", "Page")
    library = new_page(apps, ResourceIndexPage, home, LIBRARY, show_in_menus=True)
    url_paths = set_page_translations(schema_editor, library, LIBRARY, url_paths_of(schema_editor, home))
    Page.objects.filter(pk=library.pk).update(url_path=url_paths["en"])
    return library


def groups(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in GROUPS:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            admin = content_type(apps, "wagtailadmin", "admin")
            access, _created = Permission.objects.get_or_create(
                content_type=admin, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
            )
            group.permissions.add(access)
        found.append(group)
    return found


def library_workflow(apps, library, moderators):
    """The library's own workflow: an editor submits, a moderator approves, which publishes."""
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    if WorkflowPage.objects.filter(page_id=library.pk).exists():
        return
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.create(
            name=TASK,
            active=True,
            content_type=content_type(apps, "wagtailcore", "groupapprovaltask"),
        )
        task.groups.add(moderators)
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    WorkflowPage.objects.create(page_id=library.pk, workflow=workflow)


def grant(apps, found_groups):
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for (app_label, model, verbose_name), actions in PERMISSIONS.items():
        model_type = content_type(apps, app_label, model)
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=model_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            permissions.append(permission)
    for group in found_groups:
        group.permissions.add(*permissions)


def build(apps, schema_editor):
    add_page_translation_columns(schema_editor)
    home = home_page(apps, schema_editor)
    library = library_page(apps, schema_editor, home)
    editors, moderators = groups(apps)
    library_workflow(apps, library, moderators)
    grant(apps, [editors, moderators])


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0004_help_lines"),
        ("resources", "0002_casestudypage_contact_point_and_more"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
