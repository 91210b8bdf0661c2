"""The daily sweep over every registered deadline source."""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai import clock
from notifications.services import Notice, notify, staff_recipients
from workdays.errors import CalendarNotLoaded
from workdays.explanations import cn_date
from workdays.loading import get_calendar

from .models import ReminderLog
from .reminders import REMINDER_OFFSETS, DueRecord, sources

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    checked: int = 0
    sent: int = 0
    overdue: int = 0
    escalated: int = 0


def reminder_kind(record: DueRecord, today: date) -> str | None:
    """Which reminder (if any) is due today for this record."""
    if today > record.due_on:
        return "overdue"
    try:
        left = get_calendar().working_days_between(today, record.due_on)
    except CalendarNotLoaded:
        return None
    return f"before_{left}" if left in REMINDER_OFFSETS else None


def sweep_deadlines(today: date | None = None) -> SweepResult:
    today = today or clock.today()
    result = SweepResult()
    for name, source in sources():
        for record in source(today):
            result.checked += 1
            kind = reminder_kind(record, today)
            if kind is None:
                continue
            if kind == "overdue":
                result.overdue += 1
            if _send_once(record, kind):
                result.sent += 1
            if record.escalate_on and today >= record.escalate_on and record.escalation_emails \
                    and _send_once(record, "escalated", record.escalation_emails):
                result.escalated += 1
                result.sent += 1
        logger.info("deadline sweep: %s checked", name)
    return result


def _send_once(record: DueRecord, kind: str, recipients: tuple[str, ...] | None = None) -> bool:
    recipients = record.recipient_emails if recipients is None else recipients
    try:
        with transaction.atomic():
            ReminderLog.objects.create(key=record.key, due_on=record.due_on, kind=kind, sent_at=clock.now(),
                                       recipients=len(recipients))
    except IntegrityError:
        return False
    if recipients:
        # Through the notifications kernel: each person on the channels they keep on (e-mail unless turned off),
        # wording in notifications/<channel>/casework.reminder*.txt. Sent now: the sweep is the background job.
        notify(Notice(
            event="casework.reminder", key=f"reminder:{record.key}:{record.due_on.isoformat()}:{kind}",
            recipients=staff_recipients((), emails=tuple(recipients)),
            context={"kind": kind, "label": record.label, "due": cn_date(record.due_on, with_year=True),
                     "days_left": kind.split("_")[1] if kind.startswith("before_") else "",
                     "link": f"{settings.GONGKAI_BASE_URL}{record.url}", "reference": record.label},
            agency_id=record.agency_id, reference=record.label), defer=False)
    return True
