from datetime import date

import pytest

from gongkai.errors import PermissionDenied
from workdays.explanations import compute_due
from workdays.loading import get_calendar
from workdays.models import CalendarDay
from workdays.services import add_calendar_year, clear_calendar_day, set_calendar_day


def test_a_new_holiday_changes_the_calendar_and_is_audited(platform_admin):
    assert get_calendar().is_working_day(date(2026, 3, 10))
    set_calendar_day(date(2026, 3, 10), CalendarDay.Kind.HOLIDAY, name="临时放假", acting_user=platform_admin)
    assert not get_calendar().is_working_day(date(2026, 3, 10))
    clear_calendar_day(date(2026, 3, 10), acting_user=platform_admin)
    assert get_calendar().is_working_day(date(2026, 3, 10))


def test_only_the_platform_administrator_edits_the_calendar(supervisor, office_admin):
    for person in (supervisor, office_admin):
        with pytest.raises(PermissionDenied):
            set_calendar_day(date(2026, 3, 10), CalendarDay.Kind.HOLIDAY, acting_user=person)


def test_loading_2027_makes_its_dates_computable(platform_admin):
    add_calendar_year(2027, source="国务院办公厅关于2027年部分节假日安排的通知", acting_user=platform_admin,
                      holidays={date(2027, 1, 1): "元旦"})
    assert get_calendar().nth_working_day_after(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_a_weekday_cannot_be_a_makeup_working_day(platform_admin):
    from workdays.errors import InvalidPeriod

    with pytest.raises(InvalidPeriod):
        set_calendar_day(date(2026, 3, 10), CalendarDay.Kind.WORKDAY, acting_user=platform_admin)


@pytest.mark.django_db
def test_explanation_names_each_step():
    from workdays.engine import Suspension

    due = compute_due(date(2026, 3, 2), 20, start_label="收到申请",
                      suspensions=[Suspension(date(2026, 3, 9), date(2026, 3, 20), "征求第三方意见")])
    assert due.date == date(2026, 4, 14)
    assert due.explanation == ("收到申请 2026年3月2日，次日起算；征求第三方意见 3月9日至3月20日不计入（10个工作日）；"
                               "20个工作日，截止2026年4月14日")


def test_a_year_that_would_leave_a_gap_is_refused_and_the_calendar_keeps_working(platform_admin):
    from workdays.errors import InvalidPeriod
    from workdays.models import CalendarYear

    with pytest.raises(InvalidPeriod) as exc:
        add_calendar_year(2030, source="通知", acting_user=platform_admin)
    assert exc.value.code == "year_not_adjacent" and "2027" in exc.value.message
    assert not CalendarYear.objects.filter(year=2030).exists()
    assert get_calendar().nth_working_day_after(date(2026, 2, 13), 20) == date(2026, 3, 19)


def test_new_years_of_the_chinesecalendar_package_are_loaded_once(platform_admin, monkeypatch):
    from workdays import services
    from workdays.models import CalendarYear

    package = services.package_years()
    package[2027] = ({date(2027, 1, 1): "元旦"}, {date(2027, 1, 2): "元旦"})
    monkeypatch.setattr(services, "package_years", lambda: package)
    assert services.load_package_years(acting_user=platform_admin) == [2027]
    assert services.load_package_years(acting_user=platform_admin) == []
    assert CalendarYear.objects.get(year=2027).source == services.PACKAGE_SOURCE
    assert get_calendar().is_working_day(date(2027, 1, 2)) and not get_calendar().is_working_day(date(2027, 1, 1))


def test_loading_the_package_is_for_the_platform_administrator(office_admin):
    from workdays.services import load_package_years

    with pytest.raises(PermissionDenied):
        load_package_years(acting_user=office_admin)


@pytest.mark.django_db
def test_an_empty_calendar_is_not_kept_so_the_seeded_data_is_seen_as_soon_as_it_is_there():
    """A process that reads the tables while they are empty (before seeding, or while a database is being restored)
    must not go on refusing every computation once the holiday data is back."""
    from workdays.models import CalendarYear

    saved_years = list(CalendarYear.objects.values_list("year", "source"))
    saved_days = list(CalendarDay.objects.values_list("date", "kind", "name"))
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    assert get_calendar().loaded_span is None

    CalendarYear.objects.bulk_create(CalendarYear(year=y, source=s) for y, s in saved_years)
    CalendarDay.objects.bulk_create(CalendarDay(date=d, kind=k, name=n) for d, k, n in saved_days)
    # Spring Festival 2026: 2月15日至23日放假, 2月14日、28日上班 (国办发明电〔2025〕7号).
    assert get_calendar().nth_working_day_after(date(2026, 2, 13), 20) == date(2026, 3, 19)
