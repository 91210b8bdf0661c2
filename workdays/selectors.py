"""Reads of the calendar for the administrator's page (computations go through `loading.get_calendar()`)."""

from django.db.models import QuerySet

from .models import CalendarDay, CalendarYear


def loaded_years() -> list[CalendarYear]:
    return list(CalendarYear.objects.order_by("-year"))


def exceptions_in(year: int) -> QuerySet[CalendarDay]:
    """The holidays and 调休 working days of one year, in date order."""
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def years_in_package_not_loaded() -> list[int]:
    """Years the installed chinesecalendar package covers that are not loaded yet (offered for loading)."""
    from .services import package_years

    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    return sorted(set(package_years()) - loaded)
