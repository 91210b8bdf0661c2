"""Report formats, one module per version; `format_for_year()` picks the one a report year falls under (V-1, AR-4).

A new format year is one module (`yNNNN.py`, declaring `FORMAT = ReportFormat(version=..., label=..., first_year=...)`)
and one entry below; `reports.models.FormatVersion`, the API's choices and `version_for_year()` follow from it.
"""

from . import legacy, y2019, y2021
from .base import ReportFormat

# Newest first: the order of the FormatVersion choices.
FORMATS: dict[str, ReportFormat] = {m.FORMAT.version: m.FORMAT for m in (y2021, y2019, legacy)}

FIRST_REPORT_YEAR = min(fmt.first_year for fmt in FORMATS.values())


def version_for_year(year: int) -> str:
    """The format a report year falls under: the one with the latest first year not after it (the earliest format
    for a year before every format)."""
    applicable = [fmt for fmt in FORMATS.values() if fmt.first_year <= year]
    chosen = max(applicable, key=lambda fmt: fmt.first_year) if applicable else min(
        FORMATS.values(), key=lambda fmt: fmt.first_year)
    return chosen.version


def format_for_year(year: int) -> ReportFormat:
    return FORMATS[version_for_year(year)]


def get_format(version: str) -> ReportFormat:
    return FORMATS[version]


def version_choices() -> list[tuple[str, str]]:
    """(version, label) of every format, newest first: the stored choices and the API's."""
    return [(fmt.version, fmt.label) for fmt in FORMATS.values()]
