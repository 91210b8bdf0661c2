"""Reading a year's 节假日安排 as the platform administrator types it from the State Council notice.

One line per entry: a date or a range, then the holiday's name —

    2027-01-01 元旦
    2027-02-06至2027-02-13 春节        (also 2027-02-06~2027-02-13 or 2027-02-06—2027-02-13)

Whitespace around the parts is free; full-width digits and separators are accepted, since the notice is often
copied from a Chinese document. Every error names its line.
"""

import re
import unicodedata
from datetime import date, timedelta

from .errors import InvalidPeriod

_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:(?:至|到|~|—|–)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$")
MAX_RANGE_DAYS = 15  # the longest statutory break (春节 with 调休) is 9 days; longer is a typing error


def parse_days(text: str, year: int, *, field: str, label: str) -> dict[date, str]:
    """The days listed in `text` (all in `year`) with their names; raises InvalidPeriod naming the bad line."""
    days: dict[date, str] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise InvalidPeriod(f"{label}第{number}行“{raw.strip()}”无法识别：应为“2027-01-01 元旦”或"
                                f"“2027-02-06至2027-02-13 春节”。", field=field, code="arrangement_line_invalid")
        first, last = _day(match.group(1), number, field, label), None
        if match.group(2):
            last = _day(match.group(2), number, field, label)
        last = last or first
        if last < first or (last - first).days >= MAX_RANGE_DAYS:
            raise InvalidPeriod(f"{label}第{number}行的日期范围不正确（应从前到后，且不超过{MAX_RANGE_DAYS}天）。",
                                field=field, code="arrangement_line_invalid")
        if first.year != year or last.year != year:
            raise InvalidPeriod(f"{label}第{number}行的日期不属于{year}年。", field=field,
                                code="arrangement_wrong_year")
        name = match.group(3).strip()[:20]
        day = first
        while day <= last:
            days[day] = name
            day += timedelta(days=1)
    return days


def _day(text: str, number: int, field: str, label: str) -> date:
    try:
        y, m, d = (int(part) for part in text.split("-"))
        return date(y, m, d)
    except ValueError:
        raise InvalidPeriod(f"{label}第{number}行的日期“{text}”不存在。", field=field, code="arrangement_line_invalid")
