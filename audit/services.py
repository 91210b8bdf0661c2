"""Writing audit events. Call `record()` inside the same transaction as the change it describes."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from agencies.access import Perm, agency_ids
from gongkai import clock
from gongkai.errors import DomainError, PermissionDenied

from . import chain, exports, hooks, selectors
from .models import AuditChainHead, AuditEvent

HEAD_ID = 1


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
    """Append one event about `target`. `actor` is the acting user, or None for the system (sweeps, imports).

    The event is chained to the previous one (audit/chain.py). The chain head row is locked for the rest of the
    caller's transaction: two transactions never chain to the same predecessor (on PostgreSQL the row lock; SQLite
    runs every transaction IMMEDIATE, see gongkai/settings.py, so writers are serialised already). The price is that
    transactions writing audit events commit one after the other.
    """
    if agency is None:
        # An agency's own events belong to it; everything else to the agency it sits in (when it has one).
        agency = target if target._meta.label == "agencies.Agency" else getattr(target, "agency", None)
    authenticated = actor is not None and actor.is_authenticated
    target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    event = AuditEvent(
        created_at=at or clock.now(),
        actor=actor if authenticated else None,
        actor_name=actor.display_name if authenticated else "系统",
        agency=agency,
        action=action,
        target_type=target_type,
        target_id=str(target.pk),
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        comment=comment,
        data=chain.normalised_data(data),
    )
    with transaction.atomic():
        head = _locked_head()
        event.prev_hash = head.last_hash
        event.hash = chain.event_hash(
            created_at=event.created_at, actor_id=event.actor_id, actor_name=event.actor_name,
            agency_id=event.agency_id, action=event.action,
            target_type=f"{target_type.app_label}.{target_type.model}", target_id=event.target_id,
            from_state=event.from_state, to_state=event.to_state, comment=event.comment, data=event.data,
            prev_hash=event.prev_hash)
        event.save(force_insert=True)
        head.count += 1
        head.last_event_id = event.pk
        head.last_hash = event.hash
        head.updated_at = clock.now()
        head.save(update_fields=["count", "last_event_id", "last_hash", "updated_at"])
    hooks.run(event, target)
    return event


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the end of the transaction (created on first use: an empty chain, or a test
    database flushed between tests)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=HEAD_ID, defaults={"count": 0, "last_hash": chain.GENESIS})
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)
    return head


def read_chain_head() -> chain.Head | None:
    head = AuditChainHead.objects.filter(pk=HEAD_ID).values("count", "last_event_id", "last_hash").first()
    return chain.Head(**head) if head else None


def verify_chain(*, acting_user) -> chain.Verification:
    """Walk the whole hash chain (bounded memory) and record the result as an event on the chain head: the audit
    administrator's page shows the latest one. `acting_user` None: the system (manage.py verify_audit)."""
    if acting_user is not None and not agency_ids(acting_user, Perm.AUDIT_VIEW):
        raise PermissionDenied("您没有校验审计记录的权限。")
    result = chain.walk(AuditEvent.objects.all(), read_chain_head)
    with transaction.atomic():
        head = _locked_head()
        record(head, "audit.chain.verified", actor=acting_user, comment=result.summary[:200],
               to_state="intact" if result.intact else "broken", data=result.as_data())
    return result


# The largest export in one file: beyond it the administrator narrows the date range (a year of a county's events
# is well below it).
EXPORT_LIMIT = 100_000


class ExportTooLarge(DomainError):
    status = 400
    default_code = "audit_export_too_large"


def export_events(wanted, *, acting_user):
    """The events the audit administrator filtered, as an XLSX (a temporary file, rewound) and its file name. The
    export is itself an audit event, in the filtered agency (else the administrator's own)."""
    agencies = selectors.auditable_agencies(acting_user)
    if not agencies.exists():
        raise PermissionDenied("您没有导出审计记录的权限。")
    events = selectors.filtered_events(acting_user, wanted)
    total = events.count()
    if total > EXPORT_LIMIT:
        raise ExportTooLarge(f"筛选结果共 {total} 条，超过单次导出上限 {EXPORT_LIMIT} 条，请缩小日期范围或增加筛选条件。")
    today = clock.today()
    title = f"审计记录（{today.isoformat()} 导出，共 {total} 条）"
    output, rows = exports.events_workbook(selectors.events_in_chunks(events), title)
    with transaction.atomic():
        head = _locked_head()
        record(head, "audit.events.exported", actor=acting_user, agency=wanted.agency or agencies.first(),
               comment=f"导出审计记录 {rows} 条", data={"filters": wanted.as_data(), "rows": rows})
    return output, f"审计记录_{today:%Y%m%d}.xlsx"
