"""A year's 节假日安排 as the administrator types it from the State Council notice, and loading it whole."""

from datetime import date

import pytest

from security.tests.helpers import log_in
from workdays.arrangement import parse_days
from workdays.errors import InvalidPeriod
from workdays.loading import get_calendar
from workdays.models import CalendarDay, CalendarYear
from workdays.services import add_calendar_year


def test_days_and_ranges_with_their_names_in_any_width():
    days = parse_days("2027-01-01 元旦\n\n２０２７－０２－０６至2027-02-08  春节\n2027-04-05~2027-04-05 清明节", 2027,
                      field="holidays", label="放假日期")
    assert days == {date(2027, 1, 1): "元旦", date(2027, 2, 6): "春节", date(2027, 2, 7): "春节",
                    date(2027, 2, 8): "春节", date(2027, 4, 5): "清明节"}


@pytest.mark.parametrize(("text", "code", "words"), [
    ("元旦 2027-01-01", "arrangement_line_invalid", "第1行"),
    ("2027-01-01 元旦\n2027-02-30 春节", "arrangement_line_invalid", "第2行的日期“2027-02-30”不存在"),
    ("2027-02-13至2027-02-06 春节", "arrangement_line_invalid", "从前到后"),
    ("2027-01-01至2027-03-01 春节", "arrangement_line_invalid", "不超过15天"),
    ("2026-12-31 元旦", "arrangement_wrong_year", "不属于2027年"),
])
def test_a_bad_line_is_named(text, code, words):
    with pytest.raises(InvalidPeriod) as exc:
        parse_days(text, 2027, field="holidays", label="放假日期")
    assert exc.value.code == code and words in exc.value.message and exc.value.field == "holidays"


def test_a_new_year_without_its_holidays_is_refused_rather_than_counted_monday_to_friday(platform_admin):
    with pytest.raises(InvalidPeriod) as exc:
        add_calendar_year(2027, source="通知", acting_user=platform_admin)
    assert exc.value.code == "holidays_required"
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_makeup_working_day_must_be_a_weekend(platform_admin):
    with pytest.raises(InvalidPeriod) as exc:
        add_calendar_year(2027, source="通知", acting_user=platform_admin, holidays={date(2027, 1, 1): "元旦"},
                          makeup_workdays={date(2027, 1, 4): "元旦"})  # a Monday
    assert exc.value.code == "makeup_not_weekend"
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_back_office_loads_the_whole_arrangement_in_one_step(client, platform_admin):
    log_in(client, platform_admin)
    response = client.post("/manage/calendar/", {
        "form": "year", "year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": "2027-01-01 元旦\n2027-02-06至2027-02-13 春节", "makeup_workdays": "2027-02-20 春节"})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027, kind=CalendarDay.Kind.HOLIDAY).count() == 9
    assert CalendarDay.objects.get(date=date(2027, 2, 20)).kind == CalendarDay.Kind.WORKDAY
    assert get_calendar().nth_working_day_after(date(2027, 2, 5), 1) == date(2027, 2, 15)


def test_the_back_office_names_the_bad_line_and_keeps_what_was_typed(client, platform_admin):
    log_in(client, platform_admin)
    response = client.post("/manage/calendar/", {
        "form": "year", "year": 2027, "source": "通知", "holidays": "2027-01-01 元旦\n2027-13-01 春节"})
    page = response.content.decode()
    assert response.status_code == 400 and "放假日期第2行的日期“2027-13-01”不存在" in page and "2027-01-01 元旦" in page
    assert not CalendarYear.objects.filter(year=2027).exists()
    response = client.post("/manage/calendar/", {"form": "year", "year": 2027, "source": "通知"})
    assert response.status_code == 400 and "请同时录入2027年的放假日期" in response.content.decode()
