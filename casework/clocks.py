"""Clocks of the registers: a rule (length and unit) applied to a start date gives a due date and its explanation.

Rules are data (Amsterdam Signals' per-category service levels, froide's per-law periods): each register names its
default rule, an agency may override it (`casework.models.ServiceLevel`), and the rule a case was opened with is
stored on the case, so that a calendar change recomputes the same period with the new calendar.

Counting (CAL-3, 《民法典》第二百零一条至第二百零三条): the start day is not counted.
- working days: the n-th working day after the start (workdays engine; beyond the loaded calendar: CalendarNotLoaded);
- calendar days: start + n days; with `roll_to_working_day` a last day that is a rest day moves to the next working day
  (民事诉讼法第八十五条, used for litigation periods);
- months: the corresponding day of the n-th month after the start, or that month's last day when it has none
  (民法典第二百零二条); no working-day calendar is needed.
"""

import calendar as _calendar
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import models

from workdays.explanations import DueDate, cn_date, compute_due
from workdays.loading import get_calendar


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", "个工作日"
    CALENDAR_DAYS = "calendar_days", "日"
    MONTHS = "months", "个月"


@dataclass(frozen=True)
class ClockRule:
    length: int
    unit: str = Unit.WORKING_DAYS
    start_label: str = "收到"
    period_label: str = "办理期限"
    roll_to_working_day: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "ClockRule | None":
        if not data:
            return None
        return cls(**{k: data[k] for k in ("length", "unit", "start_label", "period_label", "roll_to_working_day")
                      if k in data})

    @property
    def text(self) -> str:
        """“15个工作日”, “15日”, “3个月”."""
        return f"{self.length}{Unit(self.unit).label}"

    def with_length(self, length: int, unit: str | None = None) -> "ClockRule":
        return ClockRule(length, unit or self.unit, self.start_label, self.period_label, self.roll_to_working_day)

    def due(self, start: date) -> DueDate:
        """The due date for a clock started on `start`, with the steps that explain it. May raise CalendarNotLoaded."""
        if self.unit == Unit.WORKING_DAYS:
            return compute_due(start, self.length, start_label=self.start_label, period_label=self.period_label)
        steps = [f"{self.start_label} {cn_date(start, with_year=True)}，次日起算"]
        if self.unit == Unit.MONTHS:
            due = add_months(start, self.length)
        else:
            due = start + timedelta(days=self.length)
        if self.roll_to_working_day:
            calendar = get_calendar()
            if not calendar.is_working_day(due):
                rolled = calendar.nth_working_day_after(due, 1)
                steps.append(f"{self.period_label}{self.text}届满日{cn_date(due)}为休息日，顺延至{cn_date(rolled)}")
                due = rolled
        steps.append(f"{self.period_label}{self.text}，截止{cn_date(due, with_year=True)}")
        return DueDate(due, tuple(steps))


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` months later, or the last day of that month (民法典第二百零二条)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))
