"""Changing the calendar. Every change recomputes the stored due dates of open records (through the registered
recomputers) and writes audit events, in one transaction."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from audit.services import record

from . import hooks
from .errors import InvalidPeriod
from .holiday_names import HOLIDAY_NAMES
from .loading import invalidate
from .models import CalendarDay, CalendarYear


def _require_admin(acting_user) -> None:
    root = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        if acting_user is None or not acting_user.is_superuser:
            from gongkai.errors import PermissionDenied

            raise PermissionDenied("只有平台管理员可以维护工作日历。")
        return
    require(acting_user, Perm.WORKDAYS_MANAGE, root)


def _recompute_all(acting_user, reason: str) -> dict[str, int]:
    invalidate()
    return {name: fn(acting_user=acting_user, reason=reason) for name, fn in hooks.recomputers()}


def set_calendar_day(day: date, kind: str, *, name: str = "", acting_user) -> dict[str, int]:
    """Mark `day` as a holiday or a 调休 working day (replacing what was there). Returns recomputed counts per app."""
    _require_admin(acting_user)
    if kind not in CalendarDay.Kind.values:
        raise InvalidPeriod("日期类型只能是“放假”或“调休上班”。", field="kind")
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise InvalidPeriod(f"{day.year}年尚未载入，请先新增该年份。", code="year_not_loaded", field="date")
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise InvalidPeriod("调休上班日应为周六或周日。", field="date")
    try:
        with transaction.atomic():
            previous = CalendarDay.objects.filter(date=day).first()
            entry, _ = CalendarDay.objects.update_or_create(
                date=day, defaults={"kind": kind, "name": name, "source": "管理员维护"}
            )
            record(entry, "workdays.day.set", actor=acting_user,
                   from_state=previous.kind if previous else "", to_state=kind,
                   data={"date": day.isoformat(), "name": name})
            reason = f"工作日历调整：{day.isoformat()} 设为{entry.get_kind_display()}{('（' + name + '）') if name else ''}"
            return _recompute_all(acting_user, reason)
    finally:
        invalidate()


def clear_calendar_day(day: date, *, acting_user) -> dict[str, int]:
    """Return `day` to the default rule (Monday–Friday working)."""
    _require_admin(acting_user)
    try:
        with transaction.atomic():
            entry = CalendarDay.objects.filter(date=day).first()
            if entry is None:
                return {}
            record(entry, "workdays.day.cleared", actor=acting_user, from_state=entry.kind,
                   data={"date": day.isoformat(), "name": entry.name})
            entry.delete()
            return _recompute_all(acting_user, f"工作日历调整：{day.isoformat()} 恢复为正常{'工作日' if day.weekday() < 5 else '休息日'}")
    finally:
        invalidate()


def add_calendar_year(year: int, *, source: str, acting_user, holidays: dict[date, str] | None = None,
                      makeup_workdays: dict[date, str] | None = None) -> CalendarYear:
    """Load a year (after the State Council publishes its 节假日安排): its holidays and 调休 working days."""
    _require_admin(acting_user)
    holidays, makeup_workdays = holidays or {}, makeup_workdays or {}
    for day in [*holidays, *makeup_workdays]:
        if day.year != year:
            raise InvalidPeriod(f"{day.isoformat()} 不属于{year}年。", field="date")
    _require_adjacent(year)
    if not holidays and not CalendarYear.objects.filter(year=year).exists():
        raise InvalidPeriod(f"请同时录入{year}年的放假日期（国务院办公厅通知所列）：只载入年份而不录入放假安排，"
                            f"该年度会被当作只有周末休息计算期限。", field="holidays", code="holidays_required")
    for day in makeup_workdays:
        if day.weekday() < 5:
            raise InvalidPeriod(f"{day.isoformat()} 不是周六或周日，不能作为调休上班日。", field="makeup_workdays",
                                code="makeup_not_weekend")
    try:
        with transaction.atomic():
            entry, created = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
            for day, name in holidays.items():
                CalendarDay.objects.update_or_create(date=day, defaults={"kind": CalendarDay.Kind.HOLIDAY,
                                                                         "name": name, "source": source})
            for day, name in makeup_workdays.items():
                CalendarDay.objects.update_or_create(date=day, defaults={"kind": CalendarDay.Kind.WORKDAY,
                                                                         "name": name, "source": source})
            record(entry, "workdays.year.loaded", actor=acting_user,
                   data={"year": year, "source": source, "holidays": len(holidays),
                         "makeup_workdays": len(makeup_workdays), "new": created})
            _recompute_all(acting_user, f"工作日历载入{year}年节假日安排")
            return entry
    finally:
        invalidate()


def _require_adjacent(year: int) -> None:
    """Loaded years must stay contiguous: a gap (2026 loaded, then 2030) would leave 2027–2029 counted as if they
    did not exist, so the engine refuses to load such a calendar at all and every deadline would fail."""
    years = list(CalendarYear.objects.order_by("year").values_list("year", flat=True))
    if not years or year in years or year in (years[0] - 1, years[-1] + 1):
        return
    raise InvalidPeriod(f"已载入{years[0]}年至{years[-1]}年，只能新增{years[0] - 1}年或{years[-1] + 1}年，"
                        f"年份之间不能留空。", code="year_not_adjacent", field="year")


def load_package_years(*, acting_user) -> list[int]:
    """Load the years the installed chinesecalendar package covers beyond the loaded ones (after upgrading it when
    the State Council has published a new 节假日安排). Returns the years added."""
    _require_admin(acting_user)
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    added = []
    for year, (holidays, workdays) in sorted(package_years().items()):
        if year in loaded:
            continue
        add_calendar_year(year, source=PACKAGE_SOURCE, acting_user=acting_user, holidays=holidays,
                          makeup_workdays=workdays)
        added.append(year)
    return added


PACKAGE_SOURCE = "chinesecalendar 软件包（国务院办公厅节假日安排通知）"


def package_years() -> dict[int, tuple[dict[date, str], dict[date, str]]]:
    """Holidays and 调休 working days per year from the chinesecalendar package (2004 to its last year)."""
    from chinese_calendar import constants

    years: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
    for day, label in constants.holidays.items():
        years.setdefault(day.year, ({}, {}))[0][day] = HOLIDAY_NAMES.get(label, label)
    for day, label in constants.workdays.items():
        years.setdefault(day.year, ({}, {}))[1][day] = HOLIDAY_NAMES.get(label, label)
    return years
