"""The applications' clocks in the shared daily reminder sweep."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from applications import reminders, services
from casework.sweep import sweep_deadlines

from .conftest import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


def test_every_open_clock_is_a_due_record(township, office_admin):
    office_admin.email = "office@example.com"
    office_admin.save()
    replying = register(township, office_admin, on=date(2026, 3, 2))
    correcting = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(correcting, acting_user=office_admin, on=date(2026, 3, 3), items="年份。",
                                deadline=date(2026, 3, 17))
    consulting = register(township, office_admin, on=date(2026, 3, 2))
    consultation = services.start_consultation(consulting, acting_user=office_admin, on=date(2026, 3, 3),
                                               party="third_party", party_name="某公司")
    paying = register(township, office_admin, on=date(2026, 3, 2))
    fee = services.send_fee_notice(paying, acting_user=office_admin, on=date(2026, 3, 3), method="per_page", pages=40)
    done = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(done, acting_user=office_admin, on=date(2026, 3, 3), reply_code="A2")
    records = {r.key: r for r in reminders.due_records(date(2026, 3, 4))}
    key = "applications.application:{}:{}".format
    assert records[key(replying.pk, "reply")].due_on == date(2026, 3, 30)
    assert records[key(correcting.pk, "correction")].due_on == date(2026, 3, 17)
    assert key(correcting.pk, "reply") not in records  # the clock is stopped
    assert records[key(consulting.pk, f"consultation:{consultation.pk}")].due_on == consultation.answer_due
    assert records[key(consulting.pk, "reply")].due_on == consulting.due_date
    assert records[key(paying.pk, "fee")].due_on == fee.payment_due
    assert not any(k.startswith(key(done.pk, "")) for k in records)
    assert records[key(replying.pk, "reply")].recipient_emails == ("office@example.com",)
    assert records[key(replying.pk, "reply")].url == f"/manage/applications/{replying.pk}/"


def test_the_sweep_mails_the_handler_before_and_when_passed(township, office_admin):
    office_admin.email = "office@example.com"
    office_admin.save()
    register(township, office_admin, on=date(2026, 3, 2))  # due 2026-03-30
    with time_machine.travel("2026-03-23 08:00 +0800", tick=False):
        sweep_deadlines()
        sweep_deadlines()  # never twice
    with time_machine.travel("2026-03-31 08:00 +0800", tick=False):
        sweep_deadlines()
    subjects = [m.subject for m in mail.outbox if "依申请公开" in m.subject]
    assert subjects == ["【期限提醒】依申请公开 2026-0001 答复期限还剩5个工作日（2026年3月30日）",
                        "【已逾期】依申请公开 2026-0001 答复期限（2026年3月30日）"]


def test_a_reply_5_working_days_overdue_is_escalated_to_the_county(township, office_admin, supervisor):
    supervisor.email = "zwgk@example.com"
    supervisor.save()
    register(township, office_admin, on=date(2026, 3, 2))  # due 2026-03-30
    record = next(r for r in reminders.due_records(date(2026, 3, 4)) if r.key.endswith(":reply"))
    assert (record.escalate_on, record.escalation_emails) == (date(2026, 4, 7), ("zwgk@example.com",))
    with time_machine.travel("2026-04-07 08:00 +0800", tick=False):
        sweep_deadlines()
    assert any(m.subject.startswith("【督办】依申请公开 2026-0001") and m.to == ["zwgk@example.com"]
               for m in mail.outbox)
