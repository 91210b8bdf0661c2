"""Deadline reminders shared by every register with a clock (applications, complaints, suggestions, 找错, …).

Each app registers a *source* in its AppConfig.ready(): a function that, given today's date, yields a `DueRecord` for
every open record with a due date. One daily sweep (`manage.py sweep_deadlines`, also a Celery beat entry) e-mails
the handler 5, 3 and 1 working days before each due date and once when it has passed; a `ReminderLog` row makes each
reminder go out once, however often the sweep runs. A record may also name an escalation date and addresses (the
county 政务公开办): on that date, if still open, they are told once (Amsterdam Signals' multiple-of-deadline escalation).
The registers built on `casework.models.Case` register their source through `casework.registry.register_case_type`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

REMINDER_OFFSETS = (5, 3, 1)  # working days before the due date


@dataclass(frozen=True)
class DueRecord:
    key: str  # stable identity of the clock, e.g. "applications.application:42:reply"
    agency_id: int
    label: str  # what is due, in Chinese, e.g. "依申请公开 2026-0042 答复期限"
    due_on: date
    recipient_emails: tuple[str, ...] = field(default=())
    url: str = ""  # back-office path of the record
    escalate_on: date | None = None  # from this day on, if still open, the escalation addresses are told (once)
    escalation_emails: tuple[str, ...] = field(default=())


Source = Callable[[date], Iterable[DueRecord]]
_sources: list[tuple[str, Source]] = []


def register_source(name: str, source: Source) -> None:
    if all(existing != name for existing, _ in _sources):
        _sources.append((name, source))


def sources() -> list[tuple[str, Source]]:
    return list(_sources)
