"""Writing audit events. Call `record()` inside the same transaction as the change it describes."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai import clock

from .models import AuditEvent


def record(
    target: models.Model,
    action: str,
    *,
    actor,
    agency=None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event about `target`. `actor` is the acting user, or None for the system (sweeps, imports)."""
    if agency is None:
        # An agency's own events belong to it; everything else to the agency it sits in (when it has one).
        agency = target if target._meta.label == "agencies.Agency" else getattr(target, "agency", None)
    return AuditEvent.objects.create(
        created_at=at or clock.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=(actor.display_name if actor is not None and actor.is_authenticated else "系统"),
        agency=agency,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        comment=comment,
        data=data or {},
    )
