"""Plain-Chinese explanations of how a due date was computed (收到申请 3月2日；…不计入；截止4月14日)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .engine import Suspension
from .loading import get_calendar


def cn_date(day: date, *, with_year: bool = False) -> str:
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if with_year else text


@dataclass(frozen=True)
class DueDate:
    date: date
    steps: tuple[str, ...] = field(default=())

    @property
    def explanation(self) -> str:
        return "；".join(self.steps)


def compute_due(
    start: date,
    days: int,
    *,
    start_label: str,
    period_label: str = "",
    suspensions: Sequence[Suspension] = (),
    extra_steps: Sequence[str] = (),
) -> DueDate:
    """Due date = the `days`-th working day after `start`, skipping suspensions; with the steps that explain it.

    `start_label` names the start event (收到申请, 收到补正后的申请, 信息形成); `extra_steps` are inserted before the
    final step (e.g. 延期20个工作日经王乐批准).
    """
    calendar = get_calendar()
    due = calendar.nth_working_day_after(start, days, suspensions)
    steps = [f"{start_label} {cn_date(start, with_year=True)}，次日起算"]
    for s in sorted(suspensions, key=lambda s: s.start):
        if s.end <= start:
            continue
        first = max(s.start, start + timedelta(days=1))
        skipped = calendar.working_days_in(first, s.end)
        steps.append(f"{s.reason or '中止'} {cn_date(first)}至{cn_date(s.end)}不计入（{skipped}个工作日）")
    steps.extend(extra_steps)
    label = f"{period_label}" if period_label else ""
    steps.append(f"{label}{days}个工作日，截止{cn_date(due, with_year=True)}")
    return DueDate(due, tuple(steps))
