"""The annual report's deadline in the daily reminder sweep: the 信息公开办 is reminded before the due date and when it
has passed; the county 政务公开办 is told once the report is missing; a published report is no longer chased."""

from datetime import date

import pytest
from django.core import mail

from casework.sweep import sweep_deadlines
from reports.models import AnnualReport
from reports.reminders import due_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(office_admin, supervisor):
    office_admin.email, supervisor.email = "office@example.com", "county@example.com"
    office_admin.save(update_fields=["email"])
    supervisor.save(update_fields=["email"])


def test_each_agency_without_a_published_report_is_a_due_record(township, emails):
    records = {r.agency_id: r for r in due_reports(date(2026, 1, 20))}
    record = records[township.pk]
    assert record.due_on == date(2026, 1, 31) and record.recipient_emails == ("office@example.com",)
    assert record.escalation_emails == ("county@example.com",) and record.escalate_on == date(2026, 2, 1)
    assert record.label == "东升乡人民政府2025年政府信息公开工作年度报告发布期限"


def test_the_sweep_reminds_the_office_and_escalates_a_missing_report(township, emails):
    sweep_deadlines(date(2026, 2, 2))
    subjects = [(m.subject, tuple(m.to)) for m in mail.outbox if "年度报告" in m.subject]
    assert any(s.startswith("【已逾期】东升乡人民政府2025年") and to == ("office@example.com",) for s, to in subjects)
    assert any(s.startswith("【督办】东升乡人民政府2025年") and to == ("county@example.com",) for s, to in subjects)


def test_a_published_report_is_not_chased(township, office_admin, emails):
    AnnualReport.objects.create(agency=township, year=2025, format_version="2021", title="t", status="published",
                                published_on=date(2026, 1, 10), created_by=office_admin)
    assert township.pk not in {r.agency_id for r in due_reports(date(2026, 1, 20))}
