"""Keep the search index in step with the library: publish, unpublish, move and delete.

Index updates run after the transaction commits, so a rolled-back publish never reaches the
index; a failing backend (Elasticsearch down) is logged and never blocks the editor, and
`rebuild_search_index` repairs any drift.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import service

logger = logging.getLogger(__name__)


def _is_resource(page):
    from resources.models import KIND_MODELS

    return isinstance(page, tuple(KIND_MODELS.values()))


def _safely(action, description):
    def run():
        try:
            action()
        except Exception:  # noqa: BLE001 - the index is repaired by a rebuild; log and go on
            logger.exception(
                "Search index update failed (%s); run rebuild_search_index", description
            )

    transaction.on_commit(run)


def _library_changed():
    """The library changed (in this transaction): a new index version, which searches and
    the library's listings (resources.models.ResourceListing) follow, whatever the backend
    and whether or not its update succeeds."""
    from search.models import IndexVersion

    IndexVersion.bump()


def on_publish(sender, instance, **kwargs):
    _library_changed()  # any page: public pages are cached under the version (hub.page_cache)
    if _is_resource(instance):
        page_id = instance.pk
        _safely(
            lambda: service.index_pages([Page.objects.get(pk=page_id).specific]),
            f"publish {page_id}",
        )


def on_unpublish(sender, instance, **kwargs):
    _library_changed()
    if _is_resource(instance):
        _safely(lambda: service.remove_pages([instance.pk]), f"unpublish {instance.pk}")


def on_page_created(sender, instance, created, **kwargs):
    """A page created live (by code: the admin publishes) is published without the signal."""
    if created and instance.live:
        _library_changed()


def on_delete(sender, instance, **kwargs):
    if _is_resource(instance):
        _library_changed()
        _safely(lambda: service.remove_pages([instance.pk]), f"delete {instance.pk}")


def on_move(sender, instance, **kwargs):
    """A moved resource, or a moved library, changes addresses: re-index what moved."""
    page_ids = [instance.pk, *Page.objects.descendant_of(instance).values_list("pk", flat=True)]
    _library_changed()

    def reindex():
        pages = [page.specific for page in Page.objects.filter(pk__in=page_ids).specific()]
        resources = [page for page in pages if _is_resource(page)]
        if resources:
            service.index_pages(resources)

    _safely(reindex, f"move {instance.pk}")


def on_vocabulary_change(sender, **kwargs):
    """A term, a National Society, an editor's pick, the emergency notice, a page's view
    restriction, a site or a contact point changed: searches show new labels and picks, and
    pages the notice, the restriction, the navigation and the directory, at once. (The texts of
    the resources tagged with a renamed term, which carry its name for cross-language
    matching, follow at their next publish or index rebuild.)"""
    from search.models import IndexVersion

    IndexVersion.bump()


def connect():
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import PageViewRestriction, Site

    from hub.models import EmergencyNotice
    from network.models import ContactPoint, NationalSociety
    from resources.models import KIND_MODELS, Audience, ExploitationForm, Theme

    for model in (
        Theme,
        ExploitationForm,
        Audience,
        NationalSociety,
        SearchPromotion,
        EmergencyNotice,
        PageViewRestriction,
        Site,
        ContactPoint,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                on_vocabulary_change,
                sender=model,
                dispatch_uid=f"hub_search_vocabulary_{signal is post_save}_{model.__name__}",
            )

    m2m_changed.connect(
        on_vocabulary_change,
        sender=ContactPoint.expertise.through,
        dispatch_uid="hub_search_vocabulary_contact_expertise",
    )
    page_published.connect(on_publish, dispatch_uid="hub_search_publish")
    page_unpublished.connect(on_unpublish, dispatch_uid="hub_search_unpublish")
    post_page_move.connect(on_move, dispatch_uid="hub_search_move")
    for model in get_page_models():
        post_save.connect(
            on_page_created, sender=model, dispatch_uid=f"hub_search_created_{model.__name__}"
        )
    for model in KIND_MODELS.values():
        post_delete.connect(
            on_delete, sender=model, dispatch_uid=f"hub_search_delete_{model.__name__}"
        )
