"""The hub's home page as the root of the default site, made when a hub has none (the demo
content, a bundle imported into a new database)."""

from wagtail.models import Page, Site

from hub.models import HomePage


def home_page(fill):
    """The home page, made if missing (`fill(home)` sets its texts and slugs) as the root of
    the default site, in place of Wagtail's "Welcome to your new Wagtail site!"."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(slug="home")
        fill(home)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        old_root = site.root_page.specific
        site.root_page = home
        site.save()
        if not isinstance(old_root, HomePage) and not old_root.get_children().exists():
            old_root.delete()
    return home
