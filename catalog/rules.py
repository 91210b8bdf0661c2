"""Rules of the catalogue: 文号 format, 索引号 format (目录系统实施指引), and the publication time limit (Art.26)."""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from .errors import CatalogError

# 文号: 机关代字〔年份〕序号号, e.g. 望政发〔2017〕12号 (MD-2: the year in 六角括号).
DOC_NO_RE = re.compile(r"^(?P<prefix>[\u4e00-\u9fffA-Za-z0-9（）()·]{1,20})〔(?P<year>(19|20)\d{2})〕(?P<serial>\d{1,5})号$")
# Orders (令) are numbered without a year: 国务院令第711号, 黑龙江省人民政府令第3号.
ORDER_NO_RE = re.compile(r"^[\u4e00-\u9fff]{1,20}令第\d{1,5}号$")
_BRACKET_VARIANTS = re.compile(r"[\[【（(［]\s*((?:19|20)\d{2})\s*[\]】）)］]")


def normalise_doc_no(value: str) -> str:
    """Accept the common typing variants of the year brackets ([2017], 【2017】, (2017), （2017）) and store 〔2017〕."""
    value = (value or "").strip().replace(" ", "")
    return _BRACKET_VARIANTS.sub(r"〔\1〕", value)


def validate_doc_no(value: str, *, formed_on: date | None = None) -> str:
    """The normalised 文号, or CatalogError with a specific Chinese message. Empty is allowed (no 文号)."""
    value = normalise_doc_no(value)
    if not value:
        return ""
    if ORDER_NO_RE.match(value):
        return value
    match = DOC_NO_RE.match(value)
    if not match:
        raise CatalogError(
            f"文号“{value}”格式不正确：应为“机关代字〔年份〕序号号”，年份用六角括号〔〕，例如：望政发〔2017〕12号。",
            code="invalid_doc_no", field="doc_no")
    year = int(match["year"])
    if formed_on is not None and year > formed_on.year:
        raise CatalogError(f"文号中的年份{year}晚于生成日期所在年份{formed_on.year}。", code="invalid_doc_no",
                           field="doc_no")
    return value


INDEX_NO_FORMAT = "{code}/{year:04d}-{serial:05d}"
# Accepted when parsing: the national format and the common variants of domain.md §6.1.
INDEX_NO_RE = re.compile(r"^(?P<code>[0-9A-Z]{9,18})[/-](?P<year>\d{4})(?P<month>\d{2})?-(?P<serial>\d{5,6})$")


@dataclass(frozen=True)
class IndexNumber:
    code: str
    year: int
    serial: int


def format_index_no(code: str, year: int, serial: int) -> str:
    """`000014349/2017-00110`: 组织机构代码 / year - five-digit serial (20 characters)."""
    return INDEX_NO_FORMAT.format(code=code, year=year, serial=serial)


def parse_index_no(value: str) -> IndexNumber | None:
    match = INDEX_NO_RE.match((value or "").strip().upper())
    if not match:
        return None
    return IndexNumber(match["code"], int(match["year"]), int(match["serial"]))


def publish_limit_days(*limits: int | None) -> int:
    """DL-PRO-2: the shortest applicable limit wins; Art.26's 20 working days is the longest allowed."""
    candidates = [settings.PROACTIVE_PUBLISH_DAYS, *(n for n in limits if n)]
    return min(candidates)
