"""Reading the audit trail: a record's timeline, and the audit administrator's view of every event (审计管理员)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from agencies.access import Perm, agency_ids
from agencies.models import Agency
from gongkai import clock

from . import chain
from .models import AuditChainHead, AuditEvent

# Actions that show, export or download personal data (ID numbers, phones, addresses, names): the 审计管理员's
# "个人信息访问" filter. Each app keeps the action codes; the list is here so that one filter finds them all.
PERSONAL_DATA_ACTIONS = (
    "applications.personal_data.viewed",
    "applications.letter.downloaded",
    "oversight.complaint.contact_revealed",
    "oversight.site_error.contact_revealed",
    "oversight.review_case.document_downloaded",
    "agencies.registry.exported",
    "audit.events.exported",
)
PERSONAL_DATA_GROUP = "personal_data"

# The apps whose events appear in the trail (the first segment of every action code).
ACTION_APPS = ("agencies", "accounts", "security", "catalog", "applications", "oversight", "reports", "workdays",
               "casework", "audit")


def events_for(*targets: models.Model):
    """The timeline of one or more records (e.g. an item and its revisions), oldest first."""
    query = models.Q()
    for target in targets:
        ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
        query |= models.Q(target_type=ct, target_id=str(target.pk))
    return AuditEvent.objects.filter(query).select_related("actor").order_by("created_at", "id")


def action_groups() -> list[tuple[str, str]]:
    """(key, Chinese label) of the action groups the audit administrator filters by."""
    groups = [(PERSONAL_DATA_GROUP, "个人信息查看与导出")]
    for label in ACTION_APPS:
        if apps.is_installed(label):
            groups.append((label, apps.get_app_config(label).verbose_name))
    return groups


def target_types() -> list[tuple[str, str]]:
    """("app_label.model", Chinese label) of every kind of record an event may be about."""
    out = []
    for label in ACTION_APPS:
        if not apps.is_installed(label):
            continue
        config = apps.get_app_config(label)
        for model in config.get_models():
            out.append((f"{label}.{model._meta.model_name}", f"{config.verbose_name}：{model._meta.verbose_name}"))
    return out


def auditable_agencies(user) -> models.QuerySet[Agency]:
    return Agency.objects.filter(pk__in=agency_ids(user, Perm.AUDIT_VIEW)).order_by("path")


def visible_events(user) -> models.QuerySet[AuditEvent]:
    """The events the person may read: those of the agencies where they hold AUDIT_VIEW (cascading down the tree),
    and the events of no agency (accounts, the calendar, the chain itself) for an audit administrator of the root."""
    allowed = agency_ids(user, Perm.AUDIT_VIEW)
    query = models.Q(agency_id__in=allowed)
    if Agency.objects.filter(pk__in=allowed, parent__isnull=True).exists():
        query |= models.Q(agency__isnull=True)
    return AuditEvent.objects.filter(query)


@dataclass(frozen=True)
class EventFilter:
    """What the audit administrator asks for; every part optional."""

    date_from: date | None = None
    date_to: date | None = None
    agency: Agency | None = None
    actor: str = ""
    action: str = ""
    group: str = ""
    target_type: str = ""

    def as_data(self) -> dict:
        return {"date_from": self.date_from.isoformat() if self.date_from else "",
                "date_to": self.date_to.isoformat() if self.date_to else "",
                "agency": self.agency.code if self.agency else "", "actor": self.actor, "action": self.action,
                "group": self.group, "target_type": self.target_type}


def filtered_events(user, wanted: EventFilter) -> models.QuerySet[AuditEvent]:
    """The visible events matching `wanted`, newest first (id order: the order of the chain)."""
    events = visible_events(user)
    if wanted.date_from:
        events = events.filter(created_at__gte=clock.at_local(wanted.date_from, 0))
    if wanted.date_to:
        events = events.filter(created_at__lt=clock.at_local(wanted.date_to + timedelta(days=1), 0))
    if wanted.agency is not None:
        # The agency and the agencies below it.
        events = events.filter(agency__path__startswith=wanted.agency.path)
    if wanted.actor:
        events = events.filter(models.Q(actor__username=wanted.actor) | models.Q(actor_name=wanted.actor))
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.group == PERSONAL_DATA_GROUP:
        events = events.filter(action__in=PERSONAL_DATA_ACTIONS)
    elif wanted.group:
        events = events.filter(action__startswith=f"{wanted.group}.")
    if wanted.target_type:
        app_label, _, model = wanted.target_type.partition(".")
        events = events.filter(target_type__app_label=app_label, target_type__model=model)
    return events.order_by("-id")


PAGE_SIZE = 50


def events_page(user, wanted: EventFilter, *, before: int | None = None,
                size: int = PAGE_SIZE) -> tuple[list[AuditEvent], int | None]:
    """One page of events, newest first, by keyset on id (no OFFSET: the trail only grows). Returns the rows and the
    `before` of the next page (None on the last page)."""
    events = filtered_events(user, wanted)
    if before is not None:
        events = events.filter(id__lt=before)
    rows = list(events.select_related("agency", "actor", "target_type")[:size + 1])
    if len(rows) > size:
        return rows[:size], rows[size - 1].pk
    return rows, None


def events_in_chunks(events: models.QuerySet[AuditEvent], chunk: int = 2000):
    """`events` (newest first) in keyset chunks, for exports that must not hold the whole trail in memory."""
    before = None
    while True:
        page = events if before is None else events.filter(id__lt=before)
        rows = list(page.select_related("agency", "actor", "target_type")[:chunk])
        if not rows:
            return
        yield from rows
        before = rows[-1].pk


@dataclass(frozen=True)
class ChainStatus:
    head_ok: bool
    head_message: str
    count: int
    last_verification: AuditEvent | None


def chain_status() -> ChainStatus:
    """A cheap check of the chain's end (the head against its last event, recomputed, and against the number of
    events up to it) and the latest full verification (manage.py verify_audit or the page's button).

    The head is read first: events committed after it have higher ids, so they are not counted against it."""
    head = AuditChainHead.objects.first()
    last = AuditEvent.objects.filter(action="audit.chain.verified").select_related("actor").order_by("-id").first()
    if head is None or head.last_event_id is None:
        count = AuditEvent.objects.count()
        if count:
            return ChainStatus(False, "链头记录缺失。", count, last)
        return ChainStatus(True, "尚无审计记录。", 0, last)
    count = AuditEvent.objects.filter(id__lte=head.last_event_id).count()
    newest = AuditEvent.objects.filter(id=head.last_event_id).values(*chain.CHAIN_FIELDS).first()
    if newest is None:
        return ChainStatus(False, f"链头所指的最后一条记录（编号 {head.last_event_id}）已不存在。", count, last)
    if head.count != count:
        return ChainStatus(False, f"链头记录共 {head.count} 条，现存 {count} 条。", count, last)
    if newest["hash"] != head.last_hash or chain.row_hash(newest) != newest["hash"]:
        return ChainStatus(False, "最后一条记录与链头不符。", count, last)
    return ChainStatus(True, f"链头与最后一条记录一致（共 {count} 条）。", count, last)
