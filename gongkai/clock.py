"""The one source of "now" for services.

Services call `clock.now()` / `clock.today()` instead of `timezone.now()`, so that historical records (the demo's 2017
catalogue, late registration of old applications) can be written through the real services with `clock.frozen_at()`.
Tests may also use time-machine; both agree because the default path is `timezone.now()`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("gongkai_clock_frozen", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


def today() -> date:
    """Today's date in Beijing time (TIME_ZONE), which is what every statutory period counts in."""
    return timezone.localdate(now())


def at_local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime on `day` at hh:mm Beijing time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
