"""The deadline vectors of domain.md §4.5, computed by the engine over the calendar seeded from chinesecalendar."""

from datetime import date, timedelta
from random import Random

import pytest

from workdays.engine import Suspension, WorkCalendar, naive_nth_working_day_after
from workdays.errors import CalendarNotLoaded, InvalidPeriod
from workdays.loading import get_calendar

pytestmark = pytest.mark.django_db

VECTORS = [
    # (start, working days, expected) — domain.md §4.5
    (date(2026, 9, 21), 20, date(2026, 10, 26)),
    (date(2026, 9, 21), 40, date(2026, 11, 23)),
    (date(2026, 9, 19), 20, date(2026, 10, 22)),  # Saturday start; 9-20 Sunday is 调休上班
    (date(2026, 9, 19), 7, date(2026, 9, 29)),
    (date(2026, 2, 13), 20, date(2026, 3, 19)),
    (date(2026, 9, 30), 20, date(2026, 11, 3)),
    (date(2025, 12, 31), 20, date(2026, 1, 29)),  # 1-4 Sunday counts
    (date(2025, 1, 24), 7, date(2025, 2, 10)),
    (date(2025, 1, 24), 20, date(2025, 2, 27)),
    (date(2026, 3, 2), 20, date(2026, 3, 30)),
    (date(2017, 9, 29), 15, date(2017, 10, 26)),  # 2007 rules; 9-30 Saturday was a working day
    (date(2017, 9, 29), 30, date(2017, 11, 16)),
]


@pytest.mark.parametrize(("start", "days", "expected"), VECTORS)
def test_due_date_vectors(start, days, expected):
    assert get_calendar().nth_working_day_after(start, days) == expected


def test_third_party_consultation_is_not_counted():
    # 2026-03-02, consultation 03-09 … 03-20 (10 working days suspended) → 2026-04-14
    suspension = Suspension(date(2026, 3, 9), date(2026, 3, 20), "征求第三方意见")
    assert get_calendar().nth_working_day_after(date(2026, 3, 2), 20, [suspension]) == date(2026, 4, 14)


def test_any_date_beyond_the_loaded_years_fails_loudly():
    calendar = get_calendar()
    with pytest.raises(CalendarNotLoaded) as exc:
        calendar.nth_working_day_after(date(2027, 3, 1), 20)
    assert exc.value.code == "calendar_not_loaded"
    assert "2027" in exc.value.message
    with pytest.raises(CalendarNotLoaded):  # the period itself runs into 2027
        calendar.nth_working_day_after(date(2026, 12, 20), 20)
    with pytest.raises(CalendarNotLoaded):
        calendar.is_working_day(date(2027, 1, 4))


def test_the_start_day_is_never_counted_and_the_result_is_a_working_day():
    calendar = get_calendar()
    # Friday 2026-10-09: the 1st working day after is Saturday 10-10 (调休上班).
    assert calendar.nth_working_day_after(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday, 调休上班
    assert not calendar.is_working_day(date(2026, 2, 17))  # 春节


def test_a_period_must_be_positive():
    with pytest.raises(InvalidPeriod):
        get_calendar().nth_working_day_after(date(2026, 3, 2), 0)


def test_overlapping_and_adjacent_suspensions_count_each_day_once():
    calendar = get_calendar()
    start = date(2026, 3, 2)
    one = [Suspension(date(2026, 3, 9), date(2026, 3, 20))]
    split = [Suspension(date(2026, 3, 9), date(2026, 3, 13)), Suspension(date(2026, 3, 12), date(2026, 3, 20))]
    assert calendar.nth_working_day_after(start, 20, split) == calendar.nth_working_day_after(start, 20, one)


def test_engine_agrees_with_a_day_by_day_walk_on_random_periods():
    calendar = get_calendar()
    rng = Random(20261128)
    for _ in range(400):
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 11))
        days = rng.choice([1, 7, 15, 20, 40])
        suspensions = []
        for _ in range(rng.randrange(0, 3)):
            a = start + timedelta(days=rng.randrange(-5, 40))
            suspensions.append(Suspension(a, a + timedelta(days=rng.randrange(0, 25))))
        expected = naive_nth_working_day_after(start, days, calendar.is_working_day, suspensions)
        assert calendar.nth_working_day_after(start, days, suspensions) == expected, (start, days, suspensions)


def test_a_calendar_with_a_gap_between_loaded_years_is_refused():
    with pytest.raises(CalendarNotLoaded):
        WorkCalendar([2024, 2026], [], [])


def test_working_days_between_counts_the_end_not_the_start():
    calendar = get_calendar()
    assert calendar.working_days_between(date(2026, 3, 2), date(2026, 3, 6)) == 4
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 2)) == 0


def test_working_days_left_is_signed_and_none_outside_the_calendar():
    from workdays.loading import working_days_left

    assert working_days_left(date(2026, 3, 6), date(2026, 3, 2)) == 4
    assert working_days_left(date(2026, 3, 2), date(2026, 3, 6)) == -4
    assert working_days_left(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_left(None, date(2026, 3, 2)) is None
    assert working_days_left(date(2027, 1, 5), date(2026, 12, 30)) is None
