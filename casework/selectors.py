"""Reads across every register with a clock: the workbench's "my open cases", "due soon" and "overdue" lists.

Each list costs one query per registered register (a fixed number), scoped to the agencies where the person may see
supervision registers.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch

from agencies.access import Perm, agency_ids
from gongkai import clock
from workdays.errors import CalendarNotLoaded
from workdays.loading import get_calendar

from .registry import case_types


@dataclass(frozen=True)
class OpenCase:
    register: str  # the register's label: 投诉举报
    case: object

    @property
    def url(self) -> str:
        try:
            return self.case.get_absolute_url()
        except (AttributeError, NoReverseMatch):  # a register without back-office pages
            return ""


def due_soon_until(today: date) -> date | None:
    """The last day that counts as "due soon" (DUE_SOON_WORKING_DAYS working days ahead)."""
    try:
        return get_calendar().nth_working_day_after(today, settings.DUE_SOON_WORKING_DAYS)
    except CalendarNotLoaded:
        return None


def workbench_cases(user, *, limit: int = 10, today: date | None = None) -> dict[str, list[OpenCase]]:
    """{"mine": open cases assigned to the person, "due_soon": clocks ending within the warning window,
    "overdue": clocks that have ended}, each sorted by due date and cut at `limit`."""
    today = today or clock.today()
    visible = agency_ids(user, Perm.OVERSIGHT_VIEW)
    until = due_soon_until(today)
    out: dict[str, list[OpenCase]] = {"mine": [], "due_soon": [], "overdue": []}
    if not visible:
        return out
    for case_type in case_types():
        base = case_type.model.objects.filter(agency_id__in=visible).select_related("agency")
        out["mine"] += [OpenCase(case_type.label, c) for c in
                        base.open().filter(assignee=user).order_by("due_on", "id")[:limit]]
        out["overdue"] += [OpenCase(case_type.label, c) for c in base.overdue(today).order_by("due_on", "id")[:limit]]
        if until is not None:
            out["due_soon"] += [OpenCase(case_type.label, c) for c in
                                base.due_between(today, until).order_by("due_on", "id")[:limit]]
    far = date.max
    for key in out:
        out[key] = sorted(out[key], key=lambda o: (o.case.due_on or far, o.register))[:limit]
    return out


def service_levels_for(agency):
    """The service levels that apply to the agency: its own and the platform defaults (agency empty)."""
    from django.db.models import Q

    from .models import ServiceLevel

    return ServiceLevel.objects.filter(Q(agency=agency) | Q(agency__isnull=True))
