"""Every deadline vector of domain.md §4.5, through the application services (not only the engine), with the stored
due date and its explanation; 2007 vs 2019 rule sets; the calendar's end."""

from datetime import date

import pytest
import time_machine

from applications import clock, services
from applications.models import Application, Channel, Status
from audit.selectors import events_for
from gongkai.errors import DomainError
from workdays.errors import CalendarNotLoaded

from .conftest import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


@pytest.mark.parametrize(("received", "expected"), [
    (date(2026, 9, 21), date(2026, 10, 26)),
    (date(2026, 9, 19), date(2026, 10, 22)),  # Saturday; Sunday 9-20 is 调休上班
    (date(2026, 2, 13), date(2026, 3, 19)),
    (date(2026, 9, 30), date(2026, 11, 3)),
    (date(2025, 12, 31), date(2026, 1, 29)),  # Sunday 1-4 counts
    (date(2025, 1, 24), date(2025, 2, 27)),  # 1-26 and 2-8 are 调休上班
    (date(2026, 3, 2), date(2026, 3, 30)),
])
def test_reply_is_due_20_working_days_after_receipt(township, office_admin, received, expected):
    application = register(township, office_admin, on=received)
    assert application.rule_set == "2019"
    assert application.due_date == expected
    assert application.due_date_explanation.endswith(f"答复期限20个工作日，截止{expected.year}年{expected.month}月{expected.day}日")
    assert Application.objects.get(pk=application.pk).due_date == expected  # stored, not only computed


def test_an_extension_of_20_working_days(township, office_admin):
    application = register(township, office_admin, on=date(2026, 9, 21))
    services.extend(application, acting_user=office_admin, on=date(2026, 10, 20), days=20, reason="需要调取档案")
    assert application.due_date == date(2026, 11, 23)
    assert "延期20个工作日经孙公开批准（10月20日告知申请人）" in application.due_date_explanation
    assert application.due_date_explanation.endswith("答复期限20个工作日加延期20个工作日，共40个工作日，截止2026年11月23日")


@pytest.mark.parametrize(("received", "expected"), [
    (date(2026, 9, 19), date(2026, 9, 29)),
    (date(2025, 1, 24), date(2025, 2, 10)),
])
def test_the_correction_notice_is_due_7_working_days_after_receipt(township, office_admin, received, expected):
    application = register(township, office_admin, on=received)
    assert clock.correction_notice_due(application) == expected


def test_a_third_party_consultation_is_not_counted(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    consultation = services.start_consultation(application, acting_user=office_admin, on=date(2026, 3, 9),
                                               party="third_party", party_name="东升村村民委员会")
    assert consultation.answer_due == date(2026, 3, 30)  # 15 working days after receiving the letter
    assert application.status == Status.CONSULTATION
    # While open, the whole answer period is provisionally not counted.
    assert application.due_date == date(2026, 4, 22)
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 20), outcome="agreed")
    assert application.status == Status.IN_PROGRESS
    assert application.due_date == date(2026, 4, 14)
    assert application.due_date_explanation == (
        "收到申请 2026年3月2日，次日起算；征求第三方意见 3月9日至3月20日不计入（10个工作日）；"
        "答复期限20个工作日，截止2026年4月14日")


def test_2007_rules_apply_before_2019_05_15(township, office_admin):
    application = register(township, office_admin, on=date(2017, 9, 29))
    assert application.rule_set == "2007"
    assert application.due_date == date(2017, 10, 26)  # 15 working days; Saturday 9-30 was a working day
    assert "答复期限（2007年条例）15个工作日" in application.due_date_explanation
    with pytest.raises(services.ApplicationError) as too_long:
        services.extend(application, acting_user=office_admin, on=date(2017, 10, 20), days=16, reason="档案调取")
    assert too_long.value.code == "extension_too_long"
    services.extend(application, acting_user=office_admin, on=date(2017, 10, 20), days=15, reason="档案调取")
    assert application.due_date == date(2017, 11, 16)


def test_the_rule_set_switches_on_2019_05_15(township, office_admin):
    before = register(township, office_admin, on=date(2019, 5, 14))
    after = register(township, office_admin, on=date(2019, 5, 15))
    assert (before.rule_set, after.rule_set) == ("2007", "2019")


def test_the_rule_set_follows_the_confirmation_date_not_the_arrival(township, office_admin):
    application = register(township, office_admin, on=date(2019, 5, 13), channel=Channel.EMAIL)
    assert application.status == Status.AWAITING_CONFIRMATION and application.due_date is None
    services.confirm_receipt(application, acting_user=office_admin, on=date(2019, 5, 15))
    assert application.rule_set == "2019"


def test_under_2007_rules_only_third_party_consultations_are_not_counted(township, office_admin):
    application = register(township, office_admin, on=date(2017, 9, 29))
    services.start_consultation(application, acting_user=office_admin, on=date(2017, 10, 9), party="agency",
                                party_name="望奎县财政局")
    assert application.due_date == date(2017, 10, 26)
    assert "2007年条例仅扣除征求第三方意见的时间" in application.due_date_explanation


def load_2027(platform_admin):
    """The platform administrator loads 2027 once the State Council publishes it (here: only 元旦, 1月1日, a Friday)."""
    from workdays.services import add_calendar_year

    add_calendar_year(2027, source="国务院办公厅关于2027年部分节假日安排的通知", acting_user=platform_admin,
                      holidays={date(2027, 1, 1): "元旦"})


def test_a_due_date_beyond_the_loaded_calendar_is_provisional_never_guessed(township, office_admin):
    """Received in late December before next year's arrangement is loaded: the application is registered (an agency
    may not refuse to receive it), its due date stays empty and says why, nothing is guessed Monday–Friday."""
    application = register(township, office_admin, on=date(2026, 12, 21))
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.due_date is None and application.due_is_provisional
    assert application.due_date_explanation.startswith("答复期限暂未计算。工作日历尚未载入2027年的节假日安排")


def test_loading_the_next_year_fills_in_the_provisional_due_date_and_records_it(township, office_admin,
                                                                                 platform_admin):
    application = register(township, office_admin, on=date(2026, 12, 21))
    load_2027(platform_admin)
    application.refresh_from_db()
    # 12月22日起: 22–25, 28–31 (8), 1月1日元旦, 1月4–8 (13), 11–15 (18), 18, 19 (20)
    assert application.due_date == date(2027, 1, 19) and not application.due_is_provisional
    assert application.due_date_explanation.endswith("截止2027年1月19日")
    recomputed = [e for e in events_for(application) if e.action == "applications.application.due_recomputed"]
    assert len(recomputed) == 1 and recomputed[0].data["due_date"] == [None, "2027-01-19"]


def test_a_reply_given_while_the_due_date_was_provisional_is_judged_once_the_year_is_loaded(
        township, office_admin, platform_admin):
    application = register(township, office_admin, on=date(2026, 12, 21))
    services.reply(application, acting_user=office_admin, on=date(2026, 12, 29), reply_code="A2")
    application.refresh_from_db()
    assert application.due_date is None and application.replied_late is None and not application.due_is_provisional
    load_2027(platform_admin)
    application.refresh_from_db()
    assert (application.due_date, application.replied_late) == (date(2027, 1, 19), False)


def test_a_receipt_date_beyond_the_loaded_calendar_is_provisional_too(township, office_admin):
    with time_machine.travel("2027-03-01 10:00 +0800", tick=False):
        application = register(township, office_admin, on=date(2027, 3, 1))
    assert application.due_date is None
    assert "工作日历尚未载入2027年" in application.due_date_explanation


def test_a_consultation_answer_period_beyond_the_calendar_is_provisional_and_filled_in_later(
        township, office_admin, platform_admin):
    """The 15 working days from 12月21日 end in 2027: the consultation is recorded with its answer date 期限待定 (the
    calendar's message), the reply due date depending on it stays provisional, and loading 2027 fills both in."""
    application = register(township, office_admin, on=date(2026, 12, 1))  # due 2026-12-29 without the consultation
    consultation = services.start_consultation(application, acting_user=office_admin, on=date(2026, 12, 21),
                                               party="third_party", party_name="东升村村民委员会")
    consultation.refresh_from_db()
    application.refresh_from_db()
    assert consultation.answer_due is None and application.status == Status.CONSULTATION
    assert consultation.answer_due_pending_text.startswith("期限待定。工作日历尚未载入2027年的节假日安排")
    assert application.due_date is None and application.due_is_provisional
    assert "工作日历尚未载入2027年" in application.due_date_explanation
    letter = application.letters.get(kind="consultation")
    assert "15个工作日内（截止日期：待定）书面提出意见" in letter.body  # never a bracket inside a bracket
    assert letter.body.endswith("注：上述标明“待定”的期限跨入国务院办公厅尚未公布节假日安排的年度，须按相应年度的节假日安排计算，"
                                "本机关确定后另行告知。")
    with pytest.raises(DomainError) as silence:  # the period cannot be over while its end is unknown
        services.end_consultation(application, acting_user=office_admin, on=date(2026, 12, 30))
    assert silence.value.code == "consultation_not_expired"

    load_2027(platform_admin)
    consultation.refresh_from_db()
    application.refresh_from_db()
    assert consultation.answer_due == date(2027, 1, 12)  # 12-22…12-31 (8), 1-1 元旦, 1-4…1-12 (15)
    assert application.due_date == date(2027, 1, 21)  # 13 working days before 12-21, 7 after 1-12
    [event] = [e for e in events_for(application) if e.action == "applications.application.due_recomputed"]
    assert event.data[f"consultation_{consultation.pk}"] == [None, "2027-01-12"]
    assert event.data["due_date"] == [None, "2027-01-21"]


def test_an_answer_while_the_answer_period_is_provisional_is_recorded(township, office_admin, platform_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 12, 21), party="agency",
                                party_name="望奎县财政局")
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 12, 24), outcome="agreed")
    application.refresh_from_db()
    # Not counted 12-21…12-24: 13 working days before, 7 from 12-25 → 2027-01-06, beyond the calendar: provisional.
    assert application.status == Status.IN_PROGRESS and application.due_is_provisional
    load_2027(platform_admin)
    application.refresh_from_db()
    assert application.due_date == date(2027, 1, 5)  # 12-25, 12-28…12-31, 1-4, 1-5: the 7 working days left


# --- further cases computed by hand from the published arrangements (domain.md §4.2), through the services -------

def test_received_on_a_working_saturday_of_the_adjusted_calendar(township, office_admin):
    """Saturday 2026-05-09 is 调休上班: an application handed in that day is received that day; the period runs
    from Monday 5-11 and ends on 6-5 (no holiday in between)."""
    application = register(township, office_admin, on=date(2026, 5, 9))
    assert (application.received_on, application.due_date) == (date(2026, 5, 9), date(2026, 6, 5))


def test_received_on_the_working_saturday_before_the_spring_festival(township, office_admin):
    """Saturday 2026-02-14 is 调休上班, 2-15…2-23 are off and Saturday 2-28 works: the correction notice is due 3-3
    (2-24…2-27, 2-28, 3-2, 3-3) and the reply 3-20."""
    application = register(township, office_admin, on=date(2026, 2, 14))
    assert clock.correction_notice_due(application) == date(2026, 3, 3)
    assert application.due_date == date(2026, 3, 20)


def test_a_letter_confirmed_on_a_working_sunday(township, office_admin):
    """A 平常信函 arrives on Saturday 2026-09-19 and is confirmed with the applicant on Sunday 9-20 (调休上班): the
    receipt date is 9-20, which itself does not count; 9-25 is 中秋节 and 10-1…10-7 国庆节, Saturday 10-10 works."""
    application = register(township, office_admin, on=date(2026, 9, 19), channel=Channel.LETTER)
    services.confirm_receipt(application, acting_user=office_admin, on=date(2026, 9, 20), note="电话确认")
    assert (application.received_on, application.due_date) == (date(2026, 9, 20), date(2026, 10, 23))


@pytest.mark.parametrize(("received", "notified", "corrected", "expected"), [
    (date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 3), date(2026, 5, 7)),  # eve of 清明 (4-4…4-6) and 劳动节
    (date(2026, 4, 27), date(2026, 4, 28), date(2026, 4, 30), date(2026, 6, 1)),  # eve of 劳动节 (5-1…5-5; 5-9 works)
])
def test_a_correction_received_on_the_eve_of_a_holiday(township, office_admin, received, notified, corrected,
                                                       expected):
    application = register(township, office_admin, on=received)
    services.request_correction(application, acting_user=office_admin, on=notified, items="请写明年份。",
                                deadline=date(2026, 5, 29))
    services.receive_correction(application, acting_user=office_admin, on=corrected)
    assert application.due_date == expected
    assert f"收到补正后的申请 {corrected.year}年{corrected.month}月{corrected.day}日，次日起算" in \
        application.due_date_explanation


def test_a_consultation_across_the_spring_festival(township, office_admin):
    """Received Monday 2026-02-02; the letter goes to the third party on 2-5. Its 15 working days run 2-6…3-4
    (2-14 and 2-28 are working Saturdays, 2-15…2-23 the festival). Answered on 3-2: 2-5…3-2 is not counted
    (14 working days) and the reply is due 3-26; while unanswered the whole answer period is held back (3-30)."""
    application = register(township, office_admin, on=date(2026, 2, 2))
    consultation = services.start_consultation(application, acting_user=office_admin, on=date(2026, 2, 5),
                                               party="third_party", party_name="某公司")
    assert consultation.answer_due == date(2026, 3, 4)
    assert application.due_date == date(2026, 3, 30)
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 2), outcome="agreed")
    assert application.due_date == date(2026, 3, 26)
    assert "征求第三方意见 2月5日至3月2日不计入（14个工作日）" in application.due_date_explanation


def test_a_silent_co_author_across_the_spring_festival_is_counted_to_the_end_of_its_period(township, office_admin):
    """Art.34: no answer by 3-4 is consent; from the sending day 2-5 to 3-4, both included, nothing is counted (16
    working days), due 3-30."""
    application = register(township, office_admin, on=date(2026, 2, 2))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 2, 5), party="agency",
                                party_name="望奎县财政局")
    ended = services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 5))
    assert ended.outcome == "deemed_consent"
    assert application.due_date == date(2026, 3, 30)
    assert "征求其他机关意见 2月5日至3月4日不计入（16个工作日）" in application.due_date_explanation


def test_the_fee_period_across_the_mid_autumn_and_national_day_holidays(township, office_admin):
    """Received Monday 2026-09-21, fee notice received 9-22: payment due 10-27 (9-25 中秋节, 10-1…10-7 国庆节,
    Saturday 10-10 works). Paid 10-9: 9-22…10-9 is not counted and the reply is due 11-5; unpaid, nothing can be
    closed as A22 before 10-28."""
    application = register(township, office_admin, on=date(2026, 9, 21))
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 9, 22), method="per_page",
                                   pages=40)
    assert fee.payment_due == date(2026, 10, 27)
    assert application.due_date == date(2026, 11, 24)  # held back to the end of the payment period
    with pytest.raises(services.ApplicationError) as early:
        services.reply(application, acting_user=office_admin, on=date(2026, 10, 27), reply_code="A22")
    assert early.value.code == "abandonment_not_due"
    services.record_fee_paid(application, acting_user=office_admin, on=date(2026, 10, 9))
    assert application.due_date == date(2026, 11, 5)
    assert "收费通知至缴费 9月22日至10月9日不计入" in application.due_date_explanation


def test_the_day_before_the_2019_regulation_follows_2007(township, office_admin):
    application = register(township, office_admin, on=date(2019, 5, 14))
    assert (application.rule_set, application.due_date) == ("2007", date(2019, 6, 4))
    assert "答复期限（2007年条例）15个工作日" in application.due_date_explanation


def test_a_correction_notice_in_december_needs_no_calendar_beyond_its_own_date(township, office_admin):
    """Received 12月28日, notified 12月29日: in time whatever 2027 holds, so it is recorded although the 7th working
    day itself lies in 2027; a period to correct the agency sets itself is kept as it is."""
    application = register(township, office_admin, on=date(2026, 12, 28))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 12, 29), items="请写明年份。",
                                deadline=date(2027, 1, 20))
    application.refresh_from_db()
    assert application.status == Status.CORRECTION and application.correction.deadline == date(2027, 1, 20)


def test_an_extension_while_the_due_date_is_pending_is_refused_and_saves_nothing(township, office_admin, deputy):
    application = register(township, office_admin, on=date(2026, 12, 21))
    with pytest.raises(CalendarNotLoaded) as exc:
        services.extend(application, acting_user=office_admin, on=date(2026, 12, 29), days=20, reason="需要调取档案",
                        approver=office_admin)
    assert exc.value.status == 422 and "2027年" in exc.value.message
    application.refresh_from_db()
    assert application.due_is_provisional and not hasattr(application, "extension")


def test_a_payment_period_beyond_the_calendar_is_provisional_and_filled_in_later(township, office_admin,
                                                                                 platform_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 12, 21), method="per_page",
                                   pages=40)
    fee.refresh_from_db()
    application.refresh_from_db()
    assert fee.payment_due is None and application.status == Status.AWAITING_FEE and application.due_is_provisional
    assert fee.payment_due_pending_text.startswith("期限待定。工作日历尚未载入2027年的节假日安排")
    letter = application.letters.get(kind="fee")
    assert "20个工作日内（截止日期：待定）到" in letter.body and "（（" not in letter.body and "）前）" not in letter.body
    assert "本机关确定后另行告知。" in letter.body
    with pytest.raises(DomainError) as abandon:  # the applicant's period cannot have passed
        services.reply(application, acting_user=office_admin, on=date(2026, 12, 30), reply_code="A22")
    assert abandon.value.code == "abandonment_not_due"
    load_2027(platform_admin)
    fee.refresh_from_db()
    application.refresh_from_db()
    assert fee.payment_due == date(2027, 1, 19)  # 12-22…12-31 (8), 1-1 元旦, 1-4…1-19 (20)
    # Not counted 12-21…1-19 while unpaid: 13 working days before, 7 from 1-20 → 1-28.
    assert application.due_date == date(2027, 1, 28)


def test_paying_while_the_payment_period_is_provisional_is_in_time(township, office_admin, platform_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 12, 21), method="per_page",
                             pages=40)
    services.record_fee_paid(application, acting_user=office_admin, on=date(2026, 12, 28))
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS and application.due_is_provisional  # 1-7, in 2027
    load_2027(platform_admin)
    application.refresh_from_db()
    assert application.due_date == date(2027, 1, 7)  # 13 before 12-21; 12-29…12-31, 1-4…1-7 after payment
