"""The site's content version (hub.models.ContentVersion) follows every change a public page
shows: pages published, unpublished, moved, created live or deleted, the emergency notice and
help lines,
view restrictions, sites, terms, National Societies and contact points."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move


def content_changed(sender, **kwargs):
    from hub.models import ContentVersion

    if kwargs.get("action", "post_").startswith("post_"):  # m2m: once changed
        ContentVersion.bump()


def page_created(sender, instance, created, **kwargs):
    """A page created live (by code: the admin publishes) is published without the signal."""
    if created and instance.live:
        content_changed(sender)


def connect():
    from wagtail.models import PageViewRestriction, Site

    from hub.models import EmergencyNotice, HelpLine
    from network.models import ContactPoint, NationalSociety
    from resources.models import Audience, ExploitationForm, Theme

    for model in (
        EmergencyNotice,
        HelpLine,
        PageViewRestriction,
        Site,
        Theme,
        ExploitationForm,
        Audience,
        NationalSociety,
        ContactPoint,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed,
                sender=model,
                dispatch_uid=f"hub_content_{signal is post_save}_{model.__name__}",
            )
    for through in (PageViewRestriction.groups.through, ContactPoint.expertise.through):
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"hub_content_{through.__name__}"
        )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"hub_content_page_{id(signal)}")
    for model in get_page_models():
        post_save.connect(
            page_created, sender=model, dispatch_uid=f"hub_content_created_{model.__name__}"
        )
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"hub_content_deleted_{model.__name__}"
        )
