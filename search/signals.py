"""Keep the search index in step with the library: publish, unpublish, move and delete, and
the view restrictions above each resource (its access token, hub.restrictions).

Each change queues an index task (search.tasks) once the transaction commits, so a rolled-back
publish never reaches the index and the editor never waits for it where a worker runs the
tasks (TASKS_BACKEND=database); a failing backend (Elasticsearch down) is logged and never
blocks the editor, and `rebuild_search_index` repairs any drift. (Should a restriction's change
miss the index, the service checks every hit against the page tree as it is:
search.service.search.)
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import tasks


def _is_resource(page):
    from resources.models import KIND_MODELS

    return isinstance(page, tuple(KIND_MODELS.values()))


def _library_changed():
    """The library changed (in this transaction): a new index version, which cached searches
    follow, whatever the backend and whether or not its update succeeds."""
    from search.models import IndexVersion

    IndexVersion.bump()


def on_change(sender, instance, bulk=False, **kwargs):
    """A resource was published, unpublished or deleted: the index task reads it as it is
    then (indexed if live, removed if not or gone). `bulk`: one of many pages an import
    publishes and indexes itself, a batch at a time (resources.importer)."""
    if _is_resource(instance) and not bulk:
        _library_changed()
        tasks.enqueue(tasks.index_pages, [instance.pk])


def on_move(sender, instance, **kwargs):
    """A moved resource, or a moved library, changes addresses: re-index what moved."""
    page_ids = [instance.pk, *Page.objects.descendant_of(instance).values_list("pk", flat=True)]
    _library_changed()
    tasks.enqueue(tasks.index_pages, page_ids)


def on_vocabulary_change(sender, **kwargs):
    """A term, a National Society, an editor's pick or a site changed: searches show new
    labels and picks at once. (The texts of the resources tagged with a renamed term, which
    carry its name for cross-language matching, follow at their next publish or index
    rebuild.)"""
    from search.models import IndexVersion

    IndexVersion.bump()


def on_restriction_change(sender, instance, action=None, **kwargs):
    """A view restriction was added, changed (its kind, its groups) or removed: the resources
    at and under its page get their access token as it is now, after the commit."""
    if action is not None and not action.startswith("post_"):
        return
    _library_changed()
    try:
        path = instance.page.path
    except Page.DoesNotExist:  # the page went with its restriction: nothing to update
        return
    tasks.enqueue(tasks.update_access_under, path)


def connect():
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import PageViewRestriction, Site

    from network.models import NationalSociety
    from resources.models import KIND_MODELS, Audience, ExploitationForm, Theme

    for model in (PageViewRestriction,):
        for signal in (post_save, post_delete):
            signal.connect(
                on_restriction_change,
                sender=model,
                dispatch_uid=f"hub_search_restriction_{signal is post_save}",
            )
    m2m_changed.connect(
        on_restriction_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="hub_search_restriction_groups",
    )
    for model in (Theme, ExploitationForm, Audience, NationalSociety, SearchPromotion, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                on_vocabulary_change,
                sender=model,
                dispatch_uid=f"hub_search_vocabulary_{signal is post_save}_{model.__name__}",
            )

    page_published.connect(on_change, dispatch_uid="hub_search_publish")
    page_unpublished.connect(on_change, dispatch_uid="hub_search_unpublish")
    post_page_move.connect(on_move, dispatch_uid="hub_search_move")
    for model in KIND_MODELS.values():
        post_delete.connect(
            on_change, sender=model, dispatch_uid=f"hub_search_delete_{model.__name__}"
        )
