"""The calendar in memory, shared by every computation in the process and reloaded when an administrator edits it.

Other processes notice an edit through a version token in the cache (Redis in production, a file cache in the
embedded default). Stored due dates never depend on this cache: they are recomputed by the editing process itself.
"""

import threading
import uuid
from datetime import date

from django.core.cache import cache

from .engine import Suspension, WorkCalendar
from .models import CalendarDay, CalendarYear

_VERSION_KEY = "workdays:calendar-version"
_lock = threading.Lock()
_cached: tuple[str, WorkCalendar] | None = None


def get_calendar() -> WorkCalendar:
    global _cached
    token = cache.get(_VERSION_KEY)
    current = _cached
    if current is not None and token is not None and current[0] == token:
        return current[1]
    with _lock:
        if token is None:
            token = uuid.uuid4().hex
            cache.set(_VERSION_KEY, token, None)
        calendar = _load()
        # An empty calendar is never kept: it is what a process sees before the holiday data is seeded (or while a
        # test database is being restored), and keeping it would refuse every computation until the next edit.
        _cached = (token, calendar) if calendar.years else None
        return calendar


def invalidate() -> None:
    """Forget the calendar here and tell other processes to reload it."""
    global _cached
    _cached = None
    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)


def _load() -> WorkCalendar:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    holidays, workdays = [], []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).append(day)
    return WorkCalendar(years, holidays, workdays)


def nth_working_day_after(start: date, n: int, suspensions: tuple[Suspension, ...] | list[Suspension] = ()) -> date:
    return get_calendar().nth_working_day_after(start, n, suspensions)


def is_working_day(day: date) -> bool:
    return get_calendar().is_working_day(day)


def working_days_between(start: date, end: date) -> int:
    return get_calendar().working_days_between(start, end)


def working_days_left(due: date | None, today: date) -> int | None:
    """Working days from `today` to `due` (negative: working days overdue, 0: due today); None without a due date or
    when either date is outside the loaded calendar. The one "还剩N个工作日" every list and reminder shows."""
    if due is None:
        return None
    calendar = get_calendar()
    if not (calendar.covers(today) and calendar.covers(due)):
        return None
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)
