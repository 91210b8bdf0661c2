"""Past annual reports: an earlier year's published tables, imported as the record of that year (issue 10).

A county moving onto the platform brings its agencies' earlier reports so that the first report the platform computes
has something to compare with (T2-2, T3-4) and its 二、上年结转 is filled (reports.figures). An imported report is an
AnnualReport with origin=imported, in the format of its year, status 已发布, every cell as read (computed_value None:
nothing is ever recomputed from the registers); the workflow refuses to touch it (services._lock). It comes from:

  - an XLSX in the official layout: as the platform's own renderer writes it, or as agencies' own Word/Excel tables
    look. Tables are found by their row and column labels, never by fixed cell addresses; merged cells, full-width
    digits and brackets, spaces and a ※ mark are tolerated; a blank cell (or —, /, 无) is read as 0 and listed in the
    preview;
  - a DOCX: the same tables in a Word document (the platform's own DOCX, or an agency's report), read the same way;
  - the JSON the platform's API returns for a report (`GET /api/v1/reports/annual/{code}/{year}/`), texts included;
  - typed into the back office's grid of the format's tables (`entry_grid`), for a report only on paper.

Why an AnnualReport and not a model of its own: every reader of the previous year (previous_context, the county's
consolidation, the portal's list, the API) already reads AnnualReport, and one report per agency and year stays one
database constraint — an imported year can never also have a computed report.

Decision on a year the platform already has a report for (computed, in any state, or published): the platform's
report is kept and the import refused. A year already imported may be imported again with `replace=True` (the only way
to correct an imported report).
"""

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import InvalidOperation

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from audit.services import record
from gongkai import clock

from .document import DocCell, ReportDocument
from .errors import ReportError, ReportExists, ReportYearInvalid
from .formats import format_for_year
from .formats.base import FIGURES, MAX_CENTS, TABLE2, TABLE3, TABLE4, ReportFormat, Unit, parse_value
from .models import AnnualReport, ImportSource, ReportCell, ReportOrigin, ReportStatus, ReportText

Address = tuple[str, str, str]
MAX_FILE_BYTES = 2 * 1024 * 1024  # a report's tables take kilobytes; the preview page carries the file back


class PastReportRefused(ReportError):
    default_code = "past_report_invalid"


@dataclass(frozen=True)
class PastReportFile:
    kind: str  # ImportSource
    filename: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class ParsedReport:
    fmt: ReportFormat
    values: dict[Address, int]
    texts: dict[str, str] = field(default_factory=dict)
    blanks: list[str] = field(default_factory=list)  # where a blank cell was read as 0 (sheet and cell, label)


# --- labels and numbers --------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'"})
BLANK_MARKS = {"", "-", "—", "——", "/", "无", "－", "–"}


def normalize_label(text) -> str:
    """How labels are compared: NFKC (full-width brackets and digits become ASCII), no whitespace at all, one kind of
    quote, no ※ mark."""
    value = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    value = re.sub(r"\s+", "", value).translate(_QUOTES).replace("※", "")
    return re.sub(r"^(\d+)、", r"\1.", value)  # “1、属于国家秘密” as typed in many Word tables


def _unit_words(unit: Unit) -> str:
    return {Unit.MONEY: "以万元为单位、最多6位小数的非负数", Unit.MONEY_YUAN: "以元为单位、最多2位小数的非负数",
            Unit.SIGNED: "整数"}.get(unit, "非负整数")


def read_number(raw, unit: Unit, where: str, label: str, blanks: list[str]) -> int:
    """A cell's content → the stored integer (分 for money). Blank → 0 (noted in `blanks`); anything else that is not a
    number of the cell's unit is refused, naming the cell."""
    if raw is None or (isinstance(raw, str) and normalize_label(raw) in BLANK_MARKS):
        blanks.append(f"{where}（{label}）")
        return 0
    if isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    else:
        text = normalize_label(raw).replace(",", "")
    try:
        return parse_value(text, unit)
    except (ValueError, InvalidOperation, ArithmeticError):
        shown = str(raw).strip()
        kind = "不是整数" if unit in (Unit.COUNT, Unit.SIGNED) else "不是有效的金额"
        raise PastReportRefused(f"{where}（{label}）的“{shown}”{kind}：应为{_unit_words(unit)}。",
                                code="past_report_value_invalid") from None


# --- the sheet as a grid of (merged) cells ---------------------------------------------------------------------------

@dataclass
class Grid:
    """One worksheet: every position covered by a merged range carries the range's value, and knows its anchor."""

    name: str
    word: bool = False  # a table of a Word document: cells are named by row and column number
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    ends: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # anchor → last covered position

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        return self.anchors.get((r, c), (r, c))

    def raw(self, r: int, c: int):
        return self.values.get(self.anchor(r, c))

    def label(self, r: int, c: int) -> str:
        return normalize_label(self.values.get((r, c)))

    def find(self, text: str, rows: range | None = None) -> list[tuple[int, int]]:
        """Anchors of the cells whose label is `text`, top to bottom, left to right."""
        wanted = normalize_label(text)
        found = {self.anchor(r, c) for (r, c), v in self.values.items()
                 if (rows is None or r in rows) and v is not None and normalize_label(v) == wanted}
        return sorted(found)

    def ref(self, r: int, c: int) -> str:
        from openpyxl.utils import get_column_letter

        r, c = self.anchor(r, c)
        if self.word:
            return f"{self.name}第{r}行第{c}列"
        return f"工作表“{self.name}”{get_column_letter(c)}{r}单元格"

    def bottom(self, r: int, c: int) -> int:
        return self.ends.get(self.anchor(r, c), self.anchor(r, c))[0]


# An annual report's tables fit well inside this box: cells beyond it (a stray one at XFD1048576) are not read and a
# merge beyond it is refused, so a small file cannot make the import walk billions of positions.
XLSX_MAX_ROWS = 1000
XLSX_MAX_COLUMNS = 60


def _refuse_oversized_merges(content: bytes) -> None:
    """openpyxl makes one object per cell a merge covers when it loads a workbook: a 10 KB file merging a whole sheet
    would exhaust the worker's memory. The merges are read from the sheets' XML first and such a file refused."""
    from openpyxl.utils.cell import range_boundaries

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
            for name in sheets:
                for ref in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', archive.read(name)):
                    min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
                    if max_row > XLSX_MAX_ROWS or max_col > XLSX_MAX_COLUMNS:
                        raise PastReportRefused(
                            f"该Excel文件有超出年报表格范围的合并单元格（{ref.decode('ascii')}），请只保留年报表格后重新上传。",
                            code="past_report_unreadable")
    except (zipfile.BadZipFile, ValueError):
        return  # load_workbook says why it cannot read the file


def grids_from_xlsx(content: bytes) -> list[Grid]:
    from openpyxl import load_workbook

    _refuse_oversized_merges(content)
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise PastReportRefused(f"无法读取该Excel文件（{type(e).__name__}），请确认是.xlsx格式的表格。",
                                code="past_report_unreadable") from None
    grids = []
    for ws in workbook.worksheets:
        grid = Grid(ws.title)
        for row in ws.iter_rows(max_row=min(ws.max_row, XLSX_MAX_ROWS), max_col=min(ws.max_column, XLSX_MAX_COLUMNS)):
            for cell in row:
                if cell.value is not None and str(cell.value).strip():
                    grid.values[(cell.row, cell.column)] = cell.value
        for merged in ws.merged_cells.ranges:  # all inside the box (_refuse_oversized_merges)
            top = (merged.min_row, merged.min_col)
            value = ws.cell(*top).value
            grid.ends[top] = (merged.max_row, merged.max_col)
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid.anchors[(r, c)] = top
                    if value is not None:
                        grid.values[(r, c)] = value
                    else:
                        grid.values.pop((r, c), None)
        grids.append(grid)
    return grids


def grids_from_docx(content: bytes) -> list[Grid]:
    """Every table of a Word document as a grid; a merged cell (gridSpan, vMerge) is one cell of python-docx that
    appears at every position it covers."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(content))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise PastReportRefused(f"无法读取该Word文件（{type(e).__name__}），请确认是.docx格式的文档。",
                                code="past_report_unreadable") from None
    grids = []
    for n, table in enumerate(document.tables, 1):
        grid = Grid(f"第{n}个表格", word=True)
        # keyed by the element itself: holding it keeps lxml's proxy (and so its identity) alive
        first: dict[object, tuple[int, int]] = {}
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row.cells, 1):
                top = first.setdefault(cell._tc, (r, c))
                text = cell.text.strip()
                if text:
                    grid.values[(r, c)] = text
                if top != (r, c):
                    grid.anchors[(r, c)] = top
                    grid.ends[top] = (max(grid.ends.get(top, top)[0], r), max(grid.ends.get(top, top)[1], c))
        grids.append(grid)
    return grids


def _unknown_layout(fmt: ReportFormat, missing: str) -> PastReportRefused:
    return PastReportRefused(
        f"无法识别表格：没有找到“{missing}”。请上传按{fmt.name}（{fmt.basis}）填写的年度报告表格"
        f"（本平台导出的Excel，或各表的行、列名称与官方格式一致的表格）。", code="past_report_layout_unknown")


def _first(grids: list[Grid], text: str) -> tuple[Grid, int, int] | None:
    for grid in grids:
        found = grid.find(text)
        if found:
            return grid, *found[0]
    return None


def _table3(fmt: ReportFormat, grids: list[Grid], values: dict, blanks: list[str]) -> None:
    layout = fmt.table3
    first = layout.rows[0]
    start = _first(grids, first.label)
    if start is None:
        raise _unknown_layout(fmt, first.label)
    grid, top, _ = start
    header_rows = range(max(1, top - 6), top)
    columns = {}
    for col in layout.columns:
        found = grid.find(col.label, header_rows)
        if not found:
            raise _unknown_layout(fmt, f"{layout.group} / {col.label}")
        columns[col.key] = found[-1][1]
    below = range(top, top + 3 * len(layout.rows))
    for row in layout.rows:
        found = grid.find(row.label, below)
        if not found:
            raise _unknown_layout(fmt, row.label)
        r = found[0][0]
        for col in layout.columns:
            c = columns[col.key]
            values[(TABLE3, row.key, col.key)] = read_number(grid.raw(r, c), Unit.COUNT, grid.ref(r, c),
                                                             f"{row.label} / {col.label}", blanks)


def _table4(fmt: ReportFormat, grids: list[Grid], values: dict, blanks: list[str]) -> None:
    layout = fmt.table4
    top_label = layout.groups[0][1]
    start = None
    for grid in grids:  # the 行政复议 that heads a table: a result label sits below it
        for r, c in grid.find(top_label):
            if grid.find(layout.columns[0].label, range(r, r + 4)):
                start = (grid, r, c)
                break
        if start:
            break
    if start is None:
        raise _unknown_layout(fmt, f"{top_label} / {layout.columns[0].label}")
    grid, top, _ = start
    window = range(top, top + 3)
    leaves = [(r, c, col) for col in layout.columns for r, c in grid.find(col.label, window)]
    data_row = max(grid.bottom(r, c) for r, c, _ in leaves) + 1
    # each result column belongs to the group whose header is above it (a 行政诉讼 sub-group before 行政复议)
    ordered = sorted(layout.groups, key=lambda g: not g[2])
    for r, c, col in sorted(leaves, key=lambda x: x[1]):
        above = {grid.label(rr, c) for rr in range(top, r)}
        key = next((k for k, top_, second in ordered if normalize_label(second or top_) in above), None)
        if key is None or (TABLE4, key, col.key) in values:
            continue
        name = next(f"{t}（{s2}）" if s2 else t for k, t, s2 in layout.groups if k == key)
        values[(TABLE4, key, col.key)] = read_number(grid.raw(data_row, c), Unit.COUNT, grid.ref(data_row, c),
                                                     f"{name} / {col.label}", blanks)
    for key, top_, second in layout.groups:
        for col in layout.columns:
            if (TABLE4, key, col.key) not in values:
                raise _unknown_layout(fmt, "/".join(p for p in (top_, second, col.label) if p))


def _table2(fmt: ReportFormat, grids: list[Grid], values: dict, blanks: list[str]) -> None:
    specs = fmt.cell_map()
    for block in fmt.table2:
        start = _first(grids, block.heading)
        if start is None:
            raise _unknown_layout(fmt, block.heading)
        grid, top, _ = start
        header = grid.find(block.first_header, range(top + 1, top + 4))
        if not header:
            raise _unknown_layout(fmt, f"{block.heading} / {block.first_header}")
        hr = header[0][0]
        columns = {}
        for col in block.columns:
            found = grid.find(col.label, range(hr, hr + 1))
            if not found:
                raise _unknown_layout(fmt, f"{block.heading} / {col.label}")
            columns[col.key] = found[0][1]
        for row in block.rows:
            found = grid.find(row.label, range(hr + 1, hr + 2 + len(block.rows) + 2))
            if not found:
                raise _unknown_layout(fmt, f"{block.heading} / {row.label}")
            r = found[0][0]
            for col in block.columns:
                c = columns[col.key]
                spec = specs[(TABLE2, row.key, col.key)]
                values[spec.address] = read_number(grid.raw(r, c), spec.unit, grid.ref(r, c), spec.label, blanks)


def _figures(fmt: ReportFormat, grids: list[Grid], values: dict, blanks: list[str]) -> None:
    specs = fmt.cell_map()
    for row in fmt.figures:
        start = _first(grids, row.label)
        if start is None:
            raise _unknown_layout(fmt, row.label)
        grid, r, c = start
        right = c + 1
        while grid.anchor(r, right) == (r, c):
            right += 1
        spec = specs[(FIGURES, row.key, "value")]
        values[spec.address] = read_number(grid.raw(r, right), spec.unit, grid.ref(r, right), spec.label, blanks)


def parse_tables(fmt: ReportFormat, grids: list[Grid]) -> ParsedReport:
    values: dict[Address, int] = {}
    blanks: list[str] = []
    if fmt.table2:
        _table2(fmt, grids, values, blanks)
    if fmt.table3:
        _table3(fmt, grids, values, blanks)
    if fmt.table4:
        _table4(fmt, grids, values, blanks)
    if fmt.figures:
        _figures(fmt, grids, values, blanks)
    return ParsedReport(fmt, values, {}, blanks)


# --- the API's JSON ------------------------------------------------------------------------------------------------

def parse_json(agency: Agency, year: int, fmt: ReportFormat, content: bytes) -> ParsedReport:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise PastReportRefused("该文件不是有效的JSON（UTF-8编码）。", code="past_report_unreadable") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list) or "format" not in data:
        raise PastReportRefused("无法识别该JSON：不是本平台接口返回的年度报告（缺少format或cells）。",
                                code="past_report_layout_unknown")
    if data.get("status") == "consolidated" or data.get("preview"):
        raise PastReportRefused("该JSON是汇总表或尚未生成的预览，不是一个机关已发布的年度报告。",
                                code="past_report_not_a_report")
    if data.get("year") != year:
        raise PastReportRefused(f"该JSON是{data.get('year')}年度的报告，与所选的{year}年度不符。",
                                code="past_report_year_mismatch")
    code = (data.get("agency") or {}).get("code")
    if code and code != agency.code:
        raise PastReportRefused(f"该JSON是机关代码“{code}”的报告，不是{agency.name}（{agency.code}）的。",
                                code="past_report_agency_mismatch")
    if data["format"] != fmt.version:
        raise PastReportRefused(f"该JSON的报告格式为“{data['format']}”，{year}年度应为{fmt.name}。",
                                code="past_report_format_mismatch")
    specs = fmt.cell_map()
    values: dict[Address, int] = {}
    for i, cell in enumerate(data["cells"], 1):
        address = (str(cell.get("table")), str(cell.get("row")), str(cell.get("column"))) if isinstance(cell, dict) \
            else ("", "", "")
        spec = specs.get(address)
        if spec is None:
            raise PastReportRefused(f"cells第{i}项（{'/'.join(address)}）不是{fmt.name}的数据项。",
                                    code="past_report_layout_unknown")
        value = cell.get("value")
        if isinstance(value, bool) or not isinstance(value, int):
            raise PastReportRefused(f"cells第{i}项（{spec.label}）的值“{value}”不是整数。",
                                    code="past_report_value_invalid")
        # the stored integer (分 for money): the same bounds as a value typed in
        if (value < 0 and spec.unit != Unit.SIGNED) or abs(value) > MAX_CENTS:
            raise PastReportRefused(f"cells第{i}项（{spec.label}）的值“{value}”超出范围：应为{_unit_words(spec.unit)}。",
                                    code="past_report_value_invalid")
        values[address] = value
    missing = [s.label for s in fmt.cells() if s.address not in values]
    if missing:
        raise PastReportRefused(f"该JSON缺少{len(missing)}个数据项，如“{missing[0]}”。", code="past_report_layout_unknown")
    parts = {p.key for s in fmt.sections for p in s.parts}
    texts = {}
    for section in data.get("sections") or []:
        for part in (section or {}).get("parts") or []:
            if isinstance(part, dict) and part.get("key") in parts and isinstance(part.get("text"), str):
                texts[part["key"]] = part["text"][:20000]
    return ParsedReport(fmt, values, texts, [])


# --- typed in by hand (the back office's grid) ----------------------------------------------------------------------

def entry_grid(fmt: ReportFormat, typed: dict[str, str] | None = None) -> list[dict]:
    """The format's tables as grids of inputs, in the official order: per table a title, its column labels and its
    rows (label, then per column the input's name and the text typed so far). Names are table/row/column."""
    typed = typed or {}

    def row(label, table, key, columns):
        specs = fmt.cell_map()
        return {"label": label, "cells": [(f"{table}/{key}/{c}", typed.get(f"{table}/{key}/{c}", ""),
                                           specs[(table, key, c)].label) for c in columns]}

    grids = []
    for block in fmt.table2:
        cols = [c.key for c in block.columns]
        grids.append({"title": f"二、{block.heading}", "columns": [c.label for c in block.columns],
                      "rows": [row(r.label, TABLE2, r.key, cols) for r in block.rows]})
    if fmt.table3:
        cols = [c.key for c in fmt.table3.columns]
        grids.append({"title": "三、收到和处理政府信息公开申请情况", "columns": [c.label for c in fmt.table3.columns],
                      "rows": [row(" ".join((*r.groups[1:], r.label)), TABLE3, r.key, cols) for r in fmt.table3.rows]})
    if fmt.table4:
        cols = [c.key for c in fmt.table4.columns]
        grids.append({"title": "四、政府信息公开行政复议、行政诉讼情况", "columns": [c.label for c in fmt.table4.columns],
                      "rows": [row(f"{t}（{s}）" if s else t, TABLE4, k, cols) for k, t, s in fmt.table4.groups]})
    if fmt.figures:
        grids.append({"title": "统计表", "columns": ["数量"],
                      "rows": [row(r.label, FIGURES, r.key, ["value"]) for r in fmt.figures]})
    return grids


def parse_form(fmt: ReportFormat, content: bytes) -> ParsedReport:
    """What was typed into the grid ({"table/row/column": text}, as JSON): blank is 0, the rest as a value typed into
    the report editor (money in the unit the report shows)."""
    try:
        typed = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        typed = None
    if not isinstance(typed, dict):
        raise PastReportRefused("录入的数据已损坏，请重新填写。", code="past_report_unreadable")
    values: dict[Address, int] = {}
    blanks: list[str] = []
    for spec in fmt.cells():
        raw = typed.get("/".join(spec.address))
        values[spec.address] = read_number(raw if isinstance(raw, str) else None, spec.unit, "手工录入", spec.label,
                                           blanks)
    return ParsedReport(fmt, values, {}, blanks)


# --- the service ---------------------------------------------------------------------------------------------------

def validate_past_year(agency: Agency, year: int) -> None:
    """A past report is for a year that has ended, within the regulation's years and the agency's life."""
    from .services import validate_year

    validate_year(agency, year)
    if year >= clock.today().year:
        raise ReportYearInvalid(f"只能导入已经结束的年度的年报，{year}年度尚未结束。", field="year",
                                code="report_year_not_ended")


def parse_past_report(agency: Agency, year: int, source: PastReportFile) -> ParsedReport:
    """Read a file into the cells of the format of `year` (nothing saved): the preview, and the import itself."""
    validate_past_year(agency, year)
    fmt = format_for_year(year)
    if len(source.content) > MAX_FILE_BYTES:
        raise PastReportRefused(f"文件“{source.filename}”超过{MAX_FILE_BYTES // 1024 // 1024}MB。",
                                code="upload_too_large", field="file")
    if source.kind in (ImportSource.XLSX, ImportSource.DOCX):
        from documents.uploads import inspect_upload

        kind = str(source.kind)
        inspect_upload(SimpleUploadedFile(source.filename or f"report.{kind}", source.content), allowed=(kind,))
        read = grids_from_xlsx if kind == ImportSource.XLSX else grids_from_docx
        return parse_tables(fmt, read(source.content))
    if source.kind == ImportSource.JSON:
        return parse_json(agency, year, fmt, source.content)
    if source.kind == ImportSource.FORM:
        return parse_form(fmt, source.content)
    raise PastReportRefused("不支持该导入方式。", code="past_report_source_unknown")


def preview_document(agency: Agency, year: int, parsed: ParsedReport) -> ReportDocument:
    """The parsed tables as a document, for the page that asks to confirm the import."""
    fmt = parsed.fmt
    cells = {s.address: DocCell(*s.address, value=parsed.values.get(s.address, 0), unit=s.unit, source=s.source,
                                label=s.label) for s in fmt.cells()}
    short = agency.short_name or agency.name
    return ReportDocument(fmt=fmt, agency_code=agency.code, agency_name=agency.name, short_name=short,
                          agency_kind=agency.kind, year=year,
                          title=fmt.report_title(agency_name=agency.name, short_name=short, year=year), cells=cells,
                          texts=parsed.texts, status="preview", status_label="导入预览", preview=True,
                          origin=ReportOrigin.IMPORTED)


def import_past_report(agency: Agency, year: int, source: PastReportFile, *, acting_user,
                       published_on: date | None = None, replace: bool = False) -> AnnualReport:
    """Record an earlier year's published tables for `agency`: an AnnualReport marked imported (the file's name and
    SHA-256; who and when are created_by / created_at), status 已发布, never recomputed. `published_on`: when it was
    originally published, if known (the portal then lists it among the agency's reports, marked 导入). A year the
    platform already has its own report for is refused; an imported year is replaced only with `replace`."""
    require(acting_user, Perm.REPORTS_EDIT, agency)
    parsed = parse_past_report(agency, year, source)
    today = clock.today()
    if published_on is not None and not (date(year, 12, 31) < published_on <= today):
        raise PastReportRefused(f"原发布日期应在{year}年度结束之后、今天（含）之前。", field="published_on",
                                code="past_report_published_on_invalid")
    fmt = parsed.fmt
    with transaction.atomic():
        existing = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
        if existing is not None and not existing.is_imported:
            raise ReportExists(f"本平台已有{agency.name}{year}年度报告（{existing.get_status_display()}），以本平台的报告"
                               f"为准，不能再导入。", code="past_report_platform_report_exists")
        if existing is not None and not replace:
            raise ReportExists(f"{agency.name}{year}年度报告已经导入过；如需更正，请选择“替换已导入的报告”后重新导入。",
                               code="past_report_already_imported")
        fields = {"format_version": fmt.version, "status": ReportStatus.PUBLISHED, "origin": ReportOrigin.IMPORTED,
                      "import_source": source.kind, "import_filename": (source.filename or "")[:255],
                      "import_sha256": source.sha256, "published_on": published_on, "revision": 1,
                      "title": fmt.report_title(agency_name=agency.name, short_name=agency.short_name or agency.name,
                                             year=year)}
        if existing is None:
            report = AnnualReport.objects.create(agency=agency, year=year, created_by=acting_user, **fields)
            action = "reports.report.imported"
        else:
            report = existing
            for name, value in fields.items():
                setattr(report, name, value)
            report.created_by, report.published_snapshot = acting_user, None
            report.save(update_fields=[*fields, "created_by", "published_snapshot", "updated_at"])
            report.cells.all().delete()
            report.texts.all().delete()
            action = "reports.report.reimported"
        ReportCell.objects.bulk_create([
            ReportCell(report=report, table=s.table, row=s.row, column=s.column, value=parsed.values.get(s.address, 0),
                       computed_value=None) for s in fmt.cells()])
        ReportText.objects.bulk_create([
            ReportText(report=report, key=p.key, text=parsed.texts.get(p.key, ""), edited=bool(parsed.texts.get(p.key)))
            for s in fmt.sections for p in s.parts])
        if published_on is not None:  # the public record, as for a report published on the platform
            from .assembly import document_for_report

            report.published_snapshot = document_for_report(report, with_checks=False).to_json()
            report.save(update_fields=["published_snapshot"])
        record(report, action, actor=acting_user, agency=agency, to_state=report.status, data={
            "year": year, "format": fmt.version, "source": source.kind, "filename": report.import_filename,
            "sha256": report.import_sha256, "blank_cells": len(parsed.blanks),
            "published_on": published_on.isoformat() if published_on else None})
    return report
