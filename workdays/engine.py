"""The deadline engine: "the Nth working day after a start date", with suspended intervals, without walking days.

Counting convention (CAL-3, 《民法典》第二百零一条 applied to working days): the start day is not counted; counting
starts on the next day and only working days count, so the result is always a working day. Days inside a suspension
interval (征求第三方意见, 收费通知至缴费; both ends included, DL-SUSP-1) are not counted.

A `WorkCalendar` holds the sorted ordinals of every working day in the loaded years; each computation is a few
binary searches, so a million due dates take about a second rather than a day-by-day walk.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import CalendarNotLoaded, InvalidPeriod


@dataclass(frozen=True)
class Suspension:
    """Working days from `start` to `end` (both included) do not count. An interval still open (a consultation not yet
    answered) is passed with the latest day it can last (the expiry of the answer period)."""

    start: date
    end: date
    reason: str = ""


class WorkCalendar:
    def __init__(self, years: Iterable[int], holidays: Iterable[date], makeup_workdays: Iterable[date]):
        self.years = tuple(sorted(set(years)))
        holidays = set(holidays)
        makeup = set(makeup_workdays)
        ordinals: list[int] = []
        for year in self.years:
            d = date(year, 1, 1)
            end = date(year, 12, 31)
            while d <= end:
                if (d.weekday() < 5 and d not in holidays) or d in makeup:
                    ordinals.append(d.toordinal())
                d += timedelta(days=1)
        self._workdays = ordinals
        self._workday_set = frozenset(ordinals)
        # Loaded years must be contiguous: a gap would silently make a hole in every period crossing it.
        if self.years and self.years[-1] - self.years[0] + 1 != len(self.years):
            missing = sorted(set(range(self.years[0], self.years[-1])) - set(self.years))
            raise CalendarNotLoaded(missing[0], (self.years[0], self.years[-1]))

    # --- coverage ---------------------------------------------------------------------------------------------
    @property
    def loaded_span(self) -> tuple[int, int] | None:
        return (self.years[0], self.years[-1]) if self.years else None

    def covers(self, day: date) -> bool:
        return bool(self.years) and self.years[0] <= day.year <= self.years[-1]

    def _require(self, day: date) -> None:
        if not self.covers(day):
            raise CalendarNotLoaded(day.year, self.loaded_span)

    # --- queries ----------------------------------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        self._require(day)
        return day.toordinal() in self._workday_set

    def nth_working_day_after(self, start: date, n: int, suspensions: Sequence[Suspension] = ()) -> date:
        """The n-th working day strictly after `start`, not counting working days inside any suspension."""
        if n < 1:
            raise InvalidPeriod("期限天数必须为正整数。")
        self._require(start)
        w = self._workdays
        start_ord = start.toordinal()
        target = bisect_right(w, start_ord) + n - 1
        for a, b in _merged(suspensions, start_ord):
            if target >= len(w):
                break
            if a > w[target]:
                break  # this and every later interval begin after the due date
            target += bisect_right(w, b) - bisect_left(w, a)
        if target >= len(w):
            raise CalendarNotLoaded(self.years[-1] + 1, self.loaded_span)
        return date.fromordinal(w[target])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: 0 when end <= start. Used for "还剩N个工作日"."""
        self._require(start)
        self._require(end)
        if end <= start:
            return 0
        w = self._workdays
        return bisect_right(w, end.toordinal()) - bisect_right(w, start.toordinal())

    def working_days_in(self, start: date, end: date) -> int:
        """Working days in [start, end], both included."""
        return self.working_days_between(start - timedelta(days=1), end) if end >= start else 0


def _merged(suspensions: Sequence[Suspension], after_ord: int) -> list[tuple[int, int]]:
    """Suspension intervals as sorted, disjoint ordinal pairs, clipped to days after `after_ord`."""
    pairs = []
    for s in suspensions:
        a = max(s.start.toordinal(), after_ord + 1)
        b = s.end.toordinal()
        if b >= a:
            pairs.append((a, b))
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for a, b in pairs:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def naive_nth_working_day_after(start: date, n: int, is_working_day, suspensions: Sequence[Suspension] = ()) -> date:
    """The reference day-by-day walk of domain.md §4.4, kept for tests and the benchmark baseline only."""
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        if is_working_day(d) and not any(s.start <= d <= s.end for s in suspensions):
            count += 1
    return d
