"""Writers of the open data: CSV and JSON as generators of encoded chunks (for a StreamingHttpResponse), XLSX into a
temporary file (a ZIP cannot be streamed before it is complete) through openpyxl's write-only mode. All three take
rows as dicts and the field names in column order, and hold at most one buffer of rows at a time.

- CSV: UTF-8 with a byte-order mark (so that Excel opens Chinese text correctly), comma-separated, CRLF line ends,
  quoted where needed (RFC 4180), the first line the field names. A text cell starting with = + - @ or a tab is
  written with a leading apostrophe, so that a spreadsheet does not run it as a formula (CSV injection).
- JSON: one JSON array of objects, one object per line (`[`, then `{...},` lines, then `]`): a valid JSON document
  that can also be read line by line. Dates are "YYYY-MM-DD", empty dates null.
- XLSX: one sheet of the rows with the field names as header row, the Chinese labels in the sheet `字段说明`. Text is
  written as inline strings typed as text (never as a formula), dates as dates. Beyond Excel's 1,048,576 rows a
  sheet, the rows continue on the next sheet.
"""

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

BOM = "\ufeff"
ROWS_PER_FLUSH = 500
XLSX_MAX_ROWS = 1_048_576
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(rows: Iterable[dict], names: tuple[str, ...]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(names)
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_value(row[name]) for name in names])
        if n % ROWS_PER_FLUSH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def json_chunks(rows: Iterable[dict], names: tuple[str, ...]) -> Iterator[bytes]:
    parts = ["["]
    first = True
    for n, row in enumerate(rows, 1):
        line = json.dumps({name: row[name] for name in names}, ensure_ascii=False, default=_json_default)
        parts.append(("\n" if first else ",\n") + line)
        first = False
        if n % ROWS_PER_FLUSH == 0:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")


def _xlsx_cell(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(rows: Iterable[dict], names: tuple[str, ...], labels: dict[str, str], *, title: str,
               sheet_title: str, creator: str = "") -> tempfile.SpooledTemporaryFile:
    """The workbook in a temporary file (on disk beyond a few megabytes), positioned at its start."""
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = creator
    bold = Font(bold=True)

    def new_sheet(number: int):
        ws = wb.create_sheet(sheet_title if number == 1 else f"{sheet_title}{number}")
        header = []
        for name in names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        return ws

    sheets = 1
    ws = new_sheet(sheets)
    used = 1
    for row in rows:
        if used == XLSX_MAX_ROWS:
            sheets += 1
            ws = new_sheet(sheets)
            used = 1
        ws.append([_xlsx_cell(ws, row[name]) for name in names])
        used += 1
    fields = wb.create_sheet("字段说明")
    fields.append([WriteOnlyCell(fields, value=v) for v in ("字段名", "中文名称")])
    for name in names:
        fields.append([name, labels.get(name, "")])
    out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    wb.save(out)
    out.seek(0)
    return out
