"""Writes shared by every register: open a case, move it through its workflow, run its clock, set service levels,
recompute due dates after a calendar change.

Every function here runs inside one transaction with its audit event (`audit.services.record`); registers call them
from their own service functions, which add the register's rules (what a decision must contain, which fields change).
"""

from collections.abc import Callable

from django.db import models, transaction

from agencies.access import Perm, require
from agencies.models import Agency
from agencies.sequences import next_number
from audit.services import record
from workdays.errors import CalendarNotLoaded

from .clocks import ClockRule, Unit
from .errors import CaseError
from .models import Case, ServiceLevel
from .workflow import lock_for_update, refresh_caller

# --- clocks -----------------------------------------------------------------------------------------------------

def rule_for(register: str, agency: Agency | None, default: ClockRule) -> ClockRule:
    """The period a new case of `register` gets in `agency`: the agency's service level, else the platform's, else
    the register's default."""
    levels = {lvl.agency_id: lvl for lvl in ServiceLevel.objects.filter(register=register).filter(
        models.Q(agency__isnull=True) | models.Q(agency=agency))}
    level = levels.get(agency.pk if agency else None) or levels.get(None)
    return default.with_length(level.length, level.unit) if level else default


def start_clock(case: Case, start, rule: ClockRule, *, due_field: str = "") -> None:
    """Start (or restart) the case's clock on `start` with `rule`; the caller saves.

    Beyond the loaded calendar (a case arriving in late December before next year's arrangement is loaded) the case
    keeps an empty due date with the reason (期限待定), filled in by the recomputer when the year is loaded: a
    complaint, a review case or a suggestion that has arrived is always recorded, never refused for that.

    `due_field` names a field of the register that keeps this clock's due date for the record (a suggestion's 办理期限
    and 复文公开期限): it is kept equal to due_on whenever the clock is recomputed."""
    case.clock_start = start
    case.clock_rule = {**rule.as_dict(), **({"due_field": due_field} if due_field else {})}
    try:
        due = rule.due(start)
    except CalendarNotLoaded as exc:
        case.due_on = None
        case.due_explanation = f"期限待定：{exc.message}"[:300]
        _copy_due_on(case)
        return
    case.due_on = due.date
    case.due_explanation = due.explanation[:300]
    _copy_due_on(case)


def _copy_due_on(case: Case) -> list[str]:
    """Copy the running clock's due date to the register's field named when it started; that field's name, if any."""
    field = (case.clock_rule or {}).get("due_field")
    if not field:
        return []
    setattr(case, field, case.due_on)
    return [field]


def stop_clock(case: Case) -> None:
    """No clock runs any more (the due date reached is kept for the record: closed late or on time). A case closed
    while its due date was still pending keeps its rule, so that the recomputer can fill the date in once the year
    is loaded and the case can be judged closed on time or late."""
    if case.due_on is not None:
        case.clock_rule = {}


# --- opening and transitions -----------------------------------------------------------------------------------

def open_case(case: Case, *, acting_user, comment: str = "", data: dict | None = None,
              action: str = "created") -> Case:
    """Save a new case (numbered per agency and year when its register numbers cases) with its first audit event.
    Call inside the caller's transaction after setting the case's fields and clock."""
    workflow = type(case).workflow
    if not case.status:
        case.status = workflow.initial
    if case.number_prefix and not case.number:
        year = case.received_on.year
        serial = next_number(case.agency, type(case)._meta.label_lower, year)
        case.number = f"{case.number_prefix}{year}-{serial:04d}"
    case.save()
    record(case, f"{workflow.key}.{action}", actor=acting_user, agency=case.agency, to_state=case.status,
           comment=comment, data={"number": case.number, **(data or {})})
    return case


def lock(case: Case) -> Case:
    """The case's current row, locked until the transaction ends: transitions guard the state found in the database,
    not the caller's copy."""
    return lock_for_update(type(case).objects.select_related("agency"), case.pk)


def transition(case: Case, name: str, *, acting_user, apply: Callable[[Case], dict | None] | None = None,
               comment: str = "", data: dict | None = None, system: bool = False) -> Case:
    """Perform transition `name` on `case`: check the permission (unless `system`: a hook acting for the platform),
    guard the source state, let `apply` change the register's fields (it may raise a DomainError: nothing is saved)
    and return extra audit data, set the target state, save, and record the audit event — in one transaction.
    The caller's object is refreshed too."""
    workflow = type(case).workflow
    with transaction.atomic():
        fresh = lock(case)
        t = workflow.get(name)
        if not system:
            require(acting_user, t.perm, fresh.agency)
        workflow.guard(fresh.status, name)
        before = fresh.status
        extra = apply(fresh) if apply else None
        if t.target is not None:
            fresh.status = t.target
        fresh.save()
        record(fresh, f"{workflow.key}.{name}", actor=acting_user, agency=fresh.agency, from_state=before,
               to_state=fresh.status, comment=comment, data={**(data or {}), **(extra or {})})
    return refresh_caller(case, fresh)


def assign(case: Case, *, acting_user, office=None, assignee=None, comment: str = "") -> Case:
    """Route a case to an office and/or a person of its agency (the `route` transition of the register)."""
    if office is not None and office.agency_id != case.agency_id:
        raise CaseError("承办办所不属于该机关。", field="office")
    if assignee is not None:
        from agencies.access import has_perm

        if not has_perm(assignee, Perm.OVERSIGHT_VIEW, case.agency_id) and not has_perm(
                assignee, Perm.OVERSIGHT_MANAGE, case.agency_id):
            raise CaseError(f"{assignee.display_name}在该机关没有办理监督保障事项的权限，不能指定为承办人。",
                            field="assignee")

    def apply(c: Case) -> dict:
        c.office, c.assignee = office, assignee
        return {"office": office.name if office else "", "assignee": assignee.display_name if assignee else ""}

    return transition(case, "route", acting_user=acting_user, apply=apply, comment=comment)


# --- service levels and recomputation -------------------------------------------------------------------------

def set_service_level(register: str, agency: Agency, *, acting_user, length: int,
                      unit: str = Unit.WORKING_DAYS) -> ServiceLevel:
    """An agency sets its own period for a register (applies to cases opened from now on)."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if unit not in Unit.values:
        raise CaseError("期限单位不正确。", field="unit")
    if not 1 <= int(length) <= 365:
        raise CaseError("期限应为1至365之间的整数。", field="length")
    with transaction.atomic():
        level, _ = ServiceLevel.objects.update_or_create(register=register, agency=agency,
                                                         defaults={"length": int(length), "unit": unit})
        record(level, "casework.service_level.set", actor=acting_user, agency=agency,
               data={"register": register, "length": level.length, "unit": unit})
    return level


def recompute_open_dues(model: type[Case], *, acting_user, reason: str) -> int:
    """The calendar changed: recompute the due date of every case of `model` whose clock runs, and of every case
    closed while its due date was pending, with the rule it was opened with; record each change on the case. Returns
    the number of cases changed."""
    changed = 0
    closed_while_pending = models.Q(due_on__isnull=True) & ~models.Q(status__in=model.workflow.timed_states)
    cases = model.objects.filter(models.Q(status__in=model.workflow.timed_states) | closed_while_pending)
    for case in cases.exclude(clock_start__isnull=True).select_related("agency"):
        rule = case.rule
        if rule is None or rule.unit == Unit.MONTHS:
            continue
        before = case.due_on
        start_clock(case, case.clock_start, rule, due_field=case.clock_rule.get("due_field", ""))
        if case.due_on != before:
            fields = ["due_on", "due_explanation", *_copy_due_on(case)]
            model.objects.filter(pk=case.pk).update(**{f: getattr(case, f) for f in fields})
            record(case, "casework.due_recomputed", actor=acting_user, agency=case.agency, comment=reason,
                   data={"from": str(before or ""), "to": str(case.due_on or "")})
            changed += 1
    return changed
