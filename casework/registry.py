"""Registers with clocks announce themselves here (in AppConfig.ready). Registering a model wires it into the shared
machinery: the daily reminder sweep (`casework.reminders`), the recomputation of due dates when the calendar changes
(`workdays.hooks`), and the workbench panel's "my open cases / due soon / overdue" lists.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.urls import NoReverseMatch

from agencies.access import CASCADING_ROLES, ROLE_PERMISSIONS, Perm
from agencies.models import Membership, Role
from workdays.errors import CalendarNotLoaded
from workdays.hooks import register_recomputer
from workdays.loading import get_calendar

from .clocks import Unit
from .reminders import DueRecord, register_source


@dataclass(frozen=True)
class CaseType:
    model: type
    label: str  # 投诉举报
    describe: Callable[[object], str]  # case → what is due, e.g. "投诉举报 TS2026-0001 答复期限"

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_types: list[CaseType] = []


def register_case_type(model: type, *, label: str, describe: Callable[[object], str] | None = None) -> CaseType:
    from .services import recompute_open_dues

    case_type = CaseType(model, label, describe or (lambda c: f"{label} {c.number} 办理期限".replace("  ", " ")))
    if any(t.key == case_type.key for t in _types):
        return next(t for t in _types if t.key == case_type.key)
    _types.append(case_type)
    register_recomputer(case_type.key,
                        lambda *, acting_user, reason: recompute_open_dues(model, acting_user=acting_user,
                                                                           reason=reason))
    register_source(case_type.key, lambda today: _due_records(case_type, today))
    return case_type


def case_types() -> list[CaseType]:
    return list(_types)


# --- reminders ------------------------------------------------------------------------------------------------

_HANDLER_ROLES = [r for r, perms in ROLE_PERMISSIONS.items() if Perm.OVERSIGHT_MANAGE in perms
                  and r not in CASCADING_ROLES]


def _handler_emails() -> dict[int, tuple[str, ...]]:
    """agency id → e-mail addresses of the people who handle its registers (one query)."""
    out: dict[int, list[str]] = {}
    for agency_id, email in Membership.objects.filter(role__in=_HANDLER_ROLES).exclude(user__email="").filter(
            user__is_active=True).values_list("agency_id", "user__email"):
        out.setdefault(agency_id, []).append(email)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def _supervisor_emails() -> list[tuple[str, str]]:
    """(agency path, e-mail) of every county 政务公开办 member: they are told when a case is long overdue."""
    return list(Membership.objects.filter(role=Role.COUNTY_SUPERVISOR, user__is_active=True)
                .exclude(user__email="").values_list("agency__path", "user__email"))


def _escalate_on(case) -> date | None:
    """Signals' escalation: a case still open once overdue by its whole period again goes to the county."""
    rule = case.rule
    if rule is None or case.due_on is None or rule.unit != Unit.WORKING_DAYS:
        return None
    try:
        return get_calendar().nth_working_day_after(case.due_on, rule.length)
    except CalendarNotLoaded:
        return None


def _url(case) -> str:
    try:
        return case.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


def _due_records(case_type: CaseType, today: date) -> Iterator[DueRecord]:
    handlers = _handler_emails()
    supervisors = _supervisor_emails()
    qs = case_type.model.objects.timed().filter(due_on__isnull=False).select_related("agency", "assignee")
    for case in qs.iterator():
        if case.assignee_id and case.assignee.email:
            recipients = (case.assignee.email,)
        else:
            recipients = handlers.get(case.agency_id, ())
        escalation = tuple(sorted({e for path, e in supervisors if case.agency.path.startswith(path)}))
        yield DueRecord(
            key=f"{case_type.key}:{case.pk}:{case.status}", agency_id=case.agency_id, label=case_type.describe(case),
            due_on=case.due_on, recipient_emails=recipients, url=_url(case),
            escalate_on=_escalate_on(case), escalation_emails=escalation)
