"""Erasure with accountability: a deleted contact point leaves no personal data behind, its
history included, but a deletion entry (who, when, which contact id and National Society)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete
from wagtail.models import ModelLogEntry

from network.audit import log_deletion
from network.models import ContactPoint


def forget_contact(sender, instance, **kwargs):
    # Revisions go with the contact (a generic relation); the log entries keep its name as
    # their label, so they go too, and the deletion entry takes their place.
    content_type = ContentType.objects.get_for_model(ContactPoint)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(instance.pk)).delete()
    log_deletion(instance)


def connect():
    post_delete.connect(forget_contact, sender=ContactPoint, dispatch_uid="network_forget_contact")
