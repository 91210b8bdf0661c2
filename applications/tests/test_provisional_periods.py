"""Periods that end beyond the loaded calendar (期限待定), the cases left over from the first round: a consultation
answered and an application concluded while the answer period was still pending get that period filled in once the
year is loaded; a correction notice is recorded with its period pending instead of being refused; and letters show a
pending date as 待定 without nesting brackets, with one closing note. Today is 2026-12-30; 2027 is not loaded."""

from datetime import date

import pytest
import time_machine

from applications import services
from applications.models import Consultation, Letter, Status
from applications.workflow import APPLICATION_WORKFLOW as WORKFLOW
from audit.selectors import events_for
from gongkai.errors import DomainError
from security.tests.helpers import log_in

from .conftest import register
from .test_clock import load_2027

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]

NOTE = "注：上述标明“待定”的期限跨入国务院办公厅尚未公布节假日安排的年度，须按相应年度的节假日安排计算，本机关确定后另行告知。"


def _recomputed(application):
    return [e for e in events_for(application) if e.action == "applications.application.due_recomputed"]


# --- a consultation concluded while its answer date was pending ---------------------------------------------------

def test_an_answer_period_left_pending_by_a_concluded_application_is_filled_in(township, office_admin,
                                                                              platform_admin, client):
    application = register(township, office_admin, on=date(2026, 12, 1))
    consultation = services.start_consultation(application, acting_user=office_admin, on=date(2026, 12, 21),
                                               party="third_party", party_name="东升村村民委员会")
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 12, 24), outcome="agreed")
    services.reply(application, acting_user=office_admin, on=date(2026, 12, 28), reply_code="A2")
    consultation.refresh_from_db()
    assert consultation.answer_due is None and consultation.answered_on == date(2026, 12, 24)
    log_in(client, office_admin)
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "已收到意见，不计入答复期限的时间截至收到之日" in page

    load_2027(platform_admin)

    consultation.refresh_from_db()
    application.refresh_from_db()
    assert consultation.answer_due == date(2027, 1, 12)  # no longer 期限待定, though the application is concluded
    assert consultation.suspended_until == date(2026, 12, 24)  # the answer came first: it ends the interval
    assert (application.status, application.due_date, application.replied_late) == (
        Status.REPLIED, date(2027, 1, 5), False)
    [event] = _recomputed(application)
    assert event.data[f"consultation_{consultation.pk}"] == [None, "2027-01-12"]
    assert not Consultation.objects.filter(answer_due__isnull=True).exists()


def test_a_concluded_application_whose_periods_were_known_is_left_alone(township, office_admin, platform_admin):
    application = register(township, office_admin, on=date(2026, 11, 2))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 11, 3), party="agency",
                                party_name="望奎县财政局")
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 11, 10), outcome="agreed")
    services.reply(application, acting_user=office_admin, on=date(2026, 11, 20), reply_code="A2")
    load_2027(platform_admin)
    assert _recomputed(application) == []


# --- a correction notice beyond the calendar ------------------------------------------------------------------

def test_a_correction_period_beyond_the_calendar_is_pending_and_filled_in_later(township, office_admin,
                                                                              platform_admin):
    application = register(township, office_admin, on=date(2026, 12, 28))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 12, 29), items="请写明年份。")
    application.refresh_from_db()
    correction = application.correction
    assert application.status == Status.CORRECTION and correction.deadline is None
    assert correction.deadline_pending_text.startswith("期限待定。工作日历尚未载入2027年的节假日安排")
    assert "补正期限待定（超出已载入的工作日历）" in application.due_date_explanation
    letter = application.letters.get(kind=Letter.Kind.CORRECTION)
    assert "补正期限截止日期：待定。请您在补正期限内向本机关提交补正后的申请" in letter.body
    assert letter.paragraphs[-1] == NOTE and "（（" not in letter.body
    # 视为放弃 cannot come while the period's end is unknown, neither offered nor recorded
    refusal = WORKFLOW.refusal(application, "abandon-correction", date(2026, 12, 30))
    assert (refusal.code, refusal.message) == ("abandonment_not_due",
                                               "补正期限待定（超出已载入的工作日历），期限届满后才能视为放弃申请。")
    with pytest.raises(DomainError) as exc:
        services.reply(application, acting_user=office_admin, on=date(2026, 12, 30), reply_code="A21")
    assert (exc.value.code, exc.value.message) == (refusal.code, refusal.message)

    load_2027(platform_admin)

    correction.refresh_from_db()
    assert correction.deadline == date(2027, 1, 20)  # 15 working days after 12-29; 1-1 元旦
    [event] = _recomputed(application)
    assert event.data["correction_deadline"] == [None, "2027-01-20"]


def test_a_correction_received_while_its_period_is_pending_is_in_time(township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 28))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 12, 29), items="请写明年份。")
    services.receive_correction(application, acting_user=office_admin, on=date(2026, 12, 30))
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS and application.due_is_provisional


def test_a_correction_notice_on_a_day_beyond_the_calendar_is_recorded_not_refused(township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 28))
    with time_machine.travel("2027-01-05 10:00 +0800", tick=False):
        services.request_correction(application, acting_user=office_admin, on=date(2027, 1, 5),
                                    items="请写明所需信息的年份。")
    application.refresh_from_db()
    assert application.status == Status.CORRECTION and application.correction.deadline is None
    [event] = [e for e in events_for(application) if e.action == "applications.correction.requested"]
    assert event.data["deadline"] is None


def test_a_late_correction_notice_is_still_refused_when_the_calendar_can_tell(township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    with pytest.raises(DomainError) as exc:
        services.request_correction(application, acting_user=office_admin, on=date(2026, 12, 30), items="请写明年份。")
    assert exc.value.code == "correction_notice_late"


# --- letters: 待定 without nested brackets ------------------------------------------------------------------------

def test_no_letter_nests_brackets_around_a_pending_date(township, office_admin):
    receipt_only = register(township, office_admin, on=date(2026, 12, 21))
    consulted = register(township, office_admin, on=date(2026, 12, 1))
    services.start_consultation(consulted, acting_user=office_admin, on=date(2026, 12, 21), party="third_party",
                                party_name="某公司")
    services.start_consultation(consulted, acting_user=office_admin, on=date(2026, 12, 21), party="agency",
                                party_name="望奎县财政局")
    charged = register(township, office_admin, on=date(2026, 12, 1))
    services.send_fee_notice(charged, acting_user=office_admin, on=date(2026, 12, 21), method="per_page", pages=40)
    letters = [receipt_only.letters.get(kind=Letter.Kind.RECEIPT), *consulted.letters.filter(kind="consultation"),
               charged.letters.get(kind=Letter.Kind.FEE)]
    assert len(letters) == 4
    for letter in letters:
        assert "待定" in letter.body, letter.title
        for nested in ("（（", "（待定", "（即（", "）前）", "待定（"):
            assert nested not in letter.body, (letter.title, nested)
        assert letter.body.count(NOTE) == 1 and letter.paragraphs[-1] == NOTE
    assert "答复截止日期：待定。" in letters[0].body
    assert "（截止日期：待定）" in letters[1].body and "（截止日期：待定）" in letters[2].body


def test_an_agencys_own_template_with_brackets_around_the_date_does_not_nest_them(township, office_admin):
    services.save_letter_template(township, "receipt", acting_user=office_admin, title="登记回执",
                                  body="{{ applicant_name }}：\n\n本机关将于{{ reply_days }}个工作日内（即{{ due_date }}前）答复。")
    application = register(township, office_admin, on=date(2026, 12, 21))
    body = application.letters.get(kind=Letter.Kind.RECEIPT).body
    assert "（即待定前）答复。" in body and "（（" not in body and body.endswith(NOTE)


def test_a_letter_with_known_dates_has_no_note(township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    body = application.letters.get(kind=Letter.Kind.RECEIPT).body
    assert "答复截止日期：2026年12月29日。" in body and NOTE not in body
