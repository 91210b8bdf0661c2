"""Reminders for every register go through the one daily sweep (command and Celery task)."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from casework.models import ReminderLog
from casework.reminders import sources
from casework.sweep import sweep_deadlines
from casework.tasks import sweep_deadlines_task
from oversight.models import ReviewKind
from oversight.services import review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_case_registers(monkeypatch):
    """Other apps register their own sources (tested there); these tests sweep the registers built on casework."""
    from casework import sweep
    from casework.registry import case_types

    keys = {t.key for t in case_types()}
    monkeypatch.setattr(sweep, "sources", lambda: [(n, s) for n, s in sources() if n in keys])


def registered_case(township, office_admin):
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        return review.register_review_case(township, acting_user=office_admin, kind=ReviewKind.RECONSIDERATION,
                                           filed_on=date(2026, 3, 2), received_on=date(2026, 3, 4),
                                           body="望奎县人民政府")  # due 3月18日


def test_every_register_is_a_source_of_the_sweep():
    names = [name for name, _ in sources()]
    for key in ("oversight.reviewcase", "oversight.suggestion", "oversight.complaint", "oversight.siteerrorreport",
                "oversight.workplantask"):
        assert key in names


def test_the_handlers_are_reminded_three_working_days_before_once(township, office_admin, emails):
    registered_case(township, office_admin)
    result = sweep_deadlines(date(2026, 3, 13))  # Friday: 3 working days left (16, 17, 18)
    assert result.sent == 1
    [message] = mail.outbox
    assert message.to == [emails["office"]]
    assert message.subject == "【期限提醒】行政复议 FS2026-0001 答复（答辩）期限还剩3个工作日（2026年3月18日）"
    assert "/manage/" in message.body or "请登录工作台办理" in message.body
    assert sweep_deadlines(date(2026, 3, 13)).sent == 0  # the same reminder never goes out twice
    assert len(mail.outbox) == 1


def test_the_assignee_gets_the_reminder_instead_of_the_whole_office(township, office_admin, deputy, emails):
    case = registered_case(township, office_admin)
    deputy.email = "deputy@dongsheng.example"
    deputy.save(update_fields=["email"])
    review.route_review_case(case, acting_user=office_admin, assignee=deputy)
    sweep_deadlines(date(2026, 3, 17))
    assert mail.outbox[0].to == ["deputy@dongsheng.example"]


def test_overdue_cases_are_reported_and_long_overdue_ones_go_to_the_county(township, office_admin, emails):
    registered_case(township, office_admin)
    result = sweep_deadlines(date(2026, 3, 19))
    assert (result.overdue, result.escalated) == (1, 0)
    assert mail.outbox[-1].subject.startswith("【已逾期】行政复议 FS2026-0001")
    # overdue by its whole period again (10 more working days after 3月18日 → 4月1日): the county is told
    result = sweep_deadlines(date(2026, 4, 1))
    assert result.escalated == 1
    assert mail.outbox[-1].to == [emails["supervisor"]]
    assert mail.outbox[-1].subject.startswith("【督办】行政复议 FS2026-0001")
    assert sweep_deadlines(date(2026, 4, 2)).escalated == 0
    assert ReminderLog.objects.filter(kind="escalated").count() == 1


def test_a_closed_case_is_no_longer_reminded(township, office_admin, emails):
    case = registered_case(township, office_admin)
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        review.answer_review_case(case, acting_user=office_admin, answered_on=date(2026, 3, 10))
    assert sweep_deadlines(date(2026, 3, 19)).overdue == 0
    assert mail.outbox == []


def test_the_command_and_the_celery_task_run_the_same_sweep(township, office_admin, emails):
    registered_case(township, office_admin)
    out = StringIO()
    call_command("sweep_deadlines", "--date", "2026-03-19", stdout=out)
    assert "逾期1项" in out.getvalue()
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        result = sweep_deadlines_task.delay().get()
    assert result["overdue"] == 1 and result["sent"] == 0  # already reminded by the command
