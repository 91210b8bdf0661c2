from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def events_for(*targets: models.Model):
    """The timeline of one or more records (e.g. an item and its revisions), oldest first."""
    query = models.Q()
    for target in targets:
        ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
        query |= models.Q(target_type=ct, target_id=str(target.pk))
    return AuditEvent.objects.filter(query).select_related("actor").order_by("created_at", "id")
