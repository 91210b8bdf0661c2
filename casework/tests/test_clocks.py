"""Clock rules: working days through the platform calendar, calendar days with roll-over, months."""

from datetime import date

import pytest

from casework.clocks import ClockRule, Unit, add_months
from workdays.errors import CalendarNotLoaded

pytestmark = pytest.mark.django_db


def test_working_days_follow_the_platform_calendar_with_its_makeup_days():
    rule = ClockRule(20, Unit.WORKING_DAYS, "收到投诉举报", "答复期限")
    due = rule.due(date(2026, 9, 19))  # a Saturday; 9月20日 Sunday is a 调休 working day
    assert due.date == date(2026, 10, 22)
    assert due.explanation.startswith("收到投诉举报 2026年9月19日，次日起算")
    assert due.explanation.endswith("答复期限20个工作日，截止2026年10月22日")


def test_calendar_days_roll_over_a_rest_day_to_the_next_working_day():
    rule = ClockRule(15, Unit.CALENDAR_DAYS, "收到起诉状副本", "答辩期限", roll_to_working_day=True)
    due = rule.due(date(2026, 9, 16))  # +15 = 10月1日, 国庆节 (off until 10月7日)
    assert due.date == date(2026, 10, 8)
    assert "届满日10月1日为休息日，顺延至10月8日" in due.explanation


def test_calendar_days_without_roll_over_keep_the_day():
    assert ClockRule(15, Unit.CALENDAR_DAYS).due(date(2026, 9, 16)).date == date(2026, 10, 1)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2017, 3, 15), 3, date(2017, 6, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),  # no 30th in February: the month's last day
    (date(2024, 8, 31), 6, date(2025, 2, 28)),
    (date(2026, 10, 31), 1, date(2026, 11, 30)),
])
def test_months_end_on_the_corresponding_day_or_the_last_day_of_the_month(start, months, expected):
    assert add_months(start, months) == expected
    assert ClockRule(months, Unit.MONTHS).due(start).date == expected  # no calendar needed, even in 2027


def test_a_working_day_due_date_beyond_the_loaded_calendar_fails_loudly():
    with pytest.raises(CalendarNotLoaded) as excinfo:
        ClockRule(15, Unit.WORKING_DAYS).due(date(2026, 12, 20))
    assert excinfo.value.status == 422
    assert "2027年" in excinfo.value.message


def test_a_rule_survives_its_round_trip_through_the_database_json():
    rule = ClockRule(15, Unit.CALENDAR_DAYS, "收到起诉状副本", "答辩期限", roll_to_working_day=True)
    assert ClockRule.from_dict(rule.as_dict()) == rule
    assert ClockRule.from_dict({}) is None
    assert rule.text == "15日"
