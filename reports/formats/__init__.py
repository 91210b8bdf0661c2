"""Report formats, one module per version; `format_for_year()` picks the one a report year falls under (V-1, AR-4)."""

from . import legacy, y2019, y2021
from .base import ReportFormat

FORMATS: dict[str, ReportFormat] = {
    y2021.FORMAT.version: y2021.FORMAT,
    y2019.FORMAT.version: y2019.FORMAT,
    legacy.FORMAT.version: legacy.FORMAT,
}

# The 2007 regulation took effect on 2008-05-01: the first annual report covers 2008.
FIRST_REPORT_YEAR = 2008


def version_for_year(year: int) -> str:
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "legacy"


def format_for_year(year: int) -> ReportFormat:
    return FORMATS[version_for_year(year)]


def get_format(version: str) -> ReportFormat:
    return FORMATS[version]
