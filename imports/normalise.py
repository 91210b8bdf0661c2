"""Normalising the values of imported sheets: full-width characters, stray spaces, and the many ways vendor CMSs and
people write a date (2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日, 20190305, an Excel serial number, a datetime)."""

import re
import unicodedata
from datetime import date, datetime, timedelta

# Excel's day 0 is 1899-12-30 (its serial numbers count a 1900-02-29 that never was; serials after it are right).
EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers of 1949-10-01 … 2100-01-01: anything else in a date column is not a date.
EXCEL_SERIAL_RANGE = (18172, 73051)

_SPACES = re.compile(r"\s+")
_DATE_RE = re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                      r"(?:[ T]\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_SERIAL_RE = re.compile(r"^\d{5}(?:\.\d+)?$")


class BadDate(ValueError):
    """The value is not a date; the message says why, in Chinese."""


def normalise_text(value) -> str:
    """A cell as text: NFKC (full-width digits, letters and spaces become half-width), whitespace runs collapsed to one
    space, trimmed. None is the empty string."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).replace("\ufeff", "").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def normalise_index_no(value) -> str:
    """A 索引号 as typed in a sheet: half-width, upper-case, without any space (exports pad it, people type
    `000014349 / 2017-00110`), and with the dash variants (－, —, –) as a hyphen."""
    text = normalise_text(value).upper().replace(" ", "")
    return re.sub(r"[‐‑‒–—―－]", "-", text)


def parse_date(value) -> date | None:
    """The date of a cell, None for an empty one; BadDate for anything that is not a real date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value), str(value))
    text = normalise_text(value)
    if not text:
        return None
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if match:
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            raise BadDate(f"日期“{text}”不存在（月份或日期超出范围）。")
    if _SERIAL_RE.match(text):
        return _from_serial(float(text), text)
    raise BadDate(f"无法识别日期“{text}”，应写作 2019-03-05、2019/3/5、2019.3.5 或 2019年3月5日。")


def _from_serial(serial: float, shown: str) -> date:
    low, high = EXCEL_SERIAL_RANGE
    if not low <= serial < high:
        raise BadDate(f"数字“{shown}”不是有效的 Excel 日期序号。")
    return EXCEL_EPOCH + timedelta(days=int(serial))
