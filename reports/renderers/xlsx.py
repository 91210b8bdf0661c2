"""The report as a workbook: one sheet per table in the official layout (merged headers, numbers as numbers, money as
exact decimal text), and a sheet with the text sections."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .grid import place, tables

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_NAMES = {"table2": "二、主动公开", "table3": "三、依申请公开", "table4": "四、复议诉讼", "figures": "统计表"}


def _write_table(ws, title: str, rows, *, first_row: int = 3) -> None:
    placed, height, width = place(rows)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for item in placed:
        r, c = first_row + item.row, 1 + item.col
        value = item.cell.value if item.cell.numeric else item.cell.text
        if isinstance(value, str) and item.cell.numeric:
            value = Decimal(value)  # money: written as the exact decimal (openpyxl takes Decimal as a number)
        cell = ws.cell(row=r, column=c, value=value)
        cell.alignment = Alignment(horizontal="center" if item.cell.numeric or item.cell.colspan > 1 else "left",
                                   vertical="center", wrap_text=True)
        if item.cell.mark:
            cell.font = Font(bold=True)
        if item.cell.rowspan > 1 or item.cell.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + item.cell.rowspan - 1,
                           end_column=c + item.cell.colspan - 1)
        for dr in range(item.cell.rowspan):
            for dc in range(item.cell.colspan):
                ws.cell(row=r + dr, column=c + dc).border = BORDER
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    if width >= 3 and title.startswith("三"):
        for col in (1, 2, 3):
            ws.column_dimensions[get_column_letter(col)].width = 16


def render_xlsx(doc) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    ws.column_dimensions["A"].width = 110
    ws.append([doc.title])
    ws["A1"].font = Font(bold=True, size=14)
    if doc.imported:
        ws.append(["（导入）本报告为导入的往年年报，数据按原发布的报告表格录入，不是本平台按登记数据计算的。"])
    for s in doc.sections():
        ws.append([s["title"]])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for part in s["parts"]:
            if part["heading"]:
                ws.append([part["heading"]])
            for text in part["paragraphs"]:
                ws.append([text])
                ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    if doc.overrides:
        ws.append(["注："])
        for c in doc.overrides:
            ws.append([f"标※的“{c.label}”经人工调整为{c.display}（系统统计值{c.computed_display}），理由：{c.reason}"])
    for key, (title, rows) in tables(doc).items():
        _write_table(wb.create_sheet(SHEET_NAMES[key]), title, rows)
    wb.properties.title = doc.title
    wb.properties.creator = doc.agency_name
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
