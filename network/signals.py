"""Erasure: a deleted contact point leaves nothing behind, its history included."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete
from wagtail.models import ModelLogEntry

from network.models import ContactPoint


def forget_contact(sender, instance, **kwargs):
    # Revisions go with the contact (a generic relation); the log entries keep its name as
    # their label, so they go too.
    content_type = ContentType.objects.get_for_model(ContactPoint)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(instance.pk)).delete()


def connect():
    post_delete.connect(forget_contact, sender=ContactPoint, dispatch_uid="network_forget_contact")
