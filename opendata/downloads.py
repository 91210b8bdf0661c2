"""The open-data downloads as HTTP responses, shared by the portal (`/data/…`) and the API (`/api/v1/open-data/…`):
CSV and JSON streamed (StreamingHttpResponse over the writers' generators), XLSX built in a temporary file and served
as a FileResponse. File names carry the agency code and the date: `catalogue-<code>[-all]-YYYYMMDD.<fmt>`,
`annual-report-tables-<code>-<year>.<fmt>`, `annual-report-tables-<code>[-all]-YYYYMMDD.<fmt>`."""

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from agencies.models import Agency
from gongkai import clock
from gongkai.errors import NotFound

from . import selectors
from .dictionary import CATALOGUE_FIELDS, CATALOGUE_NAMES, REPORT_FIELDS, REPORT_NAMES
from .licence import LICENCE_CODE, LICENCE_URL
from .writers import csv_chunks, json_chunks, write_xlsx

CATALOGUE_FORMATS = ("csv", "xlsx", "json")
REPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Anonymous downloads change only when something is published: a shared cache (a reverse proxy, a CDN) may keep them
# for ten minutes, so that a popular county export is built once, not once per visitor.
CACHE_SECONDS = 600


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise NotFound(f"不支持“{fmt}”格式，可选：{'、'.join(allowed)}。", code="format_not_supported")


def _respond(rows: Iterable[dict], names: tuple[str, ...], labels: dict[str, str], fmt: str, filename: str, *,
             title: str, sheet_title: str, creator: str) -> HttpResponse:
    if fmt == "xlsx":
        file = write_xlsx(rows, names, labels, title=title, sheet_title=sheet_title, creator=creator)
        response = FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
    else:
        chunks = csv_chunks(rows, names) if fmt == "csv" else json_chunks(rows, names)
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Link"] = f'<{LICENCE_URL}>; rel="license"; title="{LICENCE_CODE}"'
    return response


def catalogue_download(agency: Agency, fmt: str, *, include_below: bool, base_url: str = "") -> HttpResponse:
    check_format(fmt, CATALOGUE_FORMATS)
    rows = selectors.catalogue_rows(agency, include_below=include_below, base_url=base_url)
    suffix = "-all" if include_below else ""
    filename = f"catalogue-{agency.code}{suffix}-{clock.today():%Y%m%d}.{fmt}"
    scope = "及下级机关" if include_below else ""
    return _respond(rows, CATALOGUE_NAMES, {f.name: f.label for f in CATALOGUE_FIELDS}, fmt, filename,
                    title=f"{agency.name}{scope}政府信息公开目录", sheet_title="目录", creator=agency.name)


def _typed(rows: Iterable[dict]) -> Iterable[dict]:
    """Money is an exact decimal string in CSV; in a spreadsheet it is a number (Decimal, never a float)."""
    for row in rows:
        if isinstance(row["value"], str):
            row = {**row, "value": Decimal(row["value"])}
        yield row


def _report_response(rows: Iterable[dict], fmt: str, filename: str, title: str, creator: str) -> HttpResponse:
    convert: Callable = _typed if fmt == "xlsx" else iter
    return _respond(convert(rows), REPORT_NAMES, {f.name: f.label for f in REPORT_FIELDS}, fmt, filename,
                    title=title, sheet_title="年报表格", creator=creator)


def report_download(agency: Agency, year: int, fmt: str) -> HttpResponse:
    check_format(fmt, REPORT_FORMATS)
    report = selectors.public_report_for_open_data(agency, year)
    return _report_response(selectors.report_records([report]), fmt,
                            f"annual-report-tables-{agency.code}-{year}.{fmt}", f"{report.title}（表格）", agency.name)


def reports_download(agency: Agency, fmt: str, *, include_below: bool) -> HttpResponse:
    check_format(fmt, REPORT_FORMATS)
    reports = list(selectors.published_reports(agency, include_below=include_below))
    suffix = "-all" if include_below else ""
    scope = "及下级机关" if include_below else ""
    return _report_response(selectors.report_records(reports), fmt,
                            f"annual-report-tables-{agency.code}{suffix}-{clock.today():%Y%m%d}.{fmt}",
                            f"{agency.name}{scope}政府信息公开工作年度报告表格", agency.name)
