"""附件2 政务公开分管领导及工作机构工作人员登记表, as an XLSX in the layout of the seed."""

import io
from datetime import date

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from audit.services import record
from gongkai import clock

from .access import Perm, has_perm, require
from .models import Agency, StaffRegistryEntry
from .selectors import registry_rows

TITLE = "政务公开分管领导及工作机构工作人员登记表"
HEADERS = ("姓名", "职务", "联系方式", "备注")


def registry_workbook(agency: Agency, entries: list[StaffRegistryEntry], on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "登记表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.merge_cells("A1:D1")
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    sheet.merge_cells("A2:D2")
    sheet["A2"] = f"单位：{agency.short_name or agency.name}　　{on.year}年{on.month}月{on.day}日"
    sheet["A2"].font = Font(name="宋体", size=11)
    for col, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=3, column=col, value=header)
        cell.font = Font(name="宋体", size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    for row, entry in enumerate(entries, start=4):
        for col, value in enumerate((entry.name, entry.position, entry.contact, entry.remarks), start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.font = Font(name="宋体", size=12)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
            if col == 3:
                cell.number_format = "@"  # phone numbers stay text, never 1.87E+10
    for letter, width in zip("ABCD", (14, 18, 20, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_registry(agency: Agency, *, acting_user) -> bytes:
    """The agency's staff registry as an XLSX for anyone who may see it; phone numbers unmasked only for holders of
    AGENCIES_VIEW_CONTACTS. Each export is an audit event on the agency (who, how many lines, contacts or not)."""
    require(acting_user, Perm.AGENCIES_VIEW, agency)
    rows = registry_rows(acting_user, agency)
    contacts = has_perm(acting_user, Perm.AGENCIES_VIEW_CONTACTS, agency)
    data = registry_workbook(agency, rows, clock.today())
    with transaction.atomic():
        record(agency, "agencies.registry.exported", actor=acting_user, agency=agency,
               comment="导出工作人员登记表（含联系方式）" if contacts else "导出工作人员登记表（联系方式已遮蔽）",
               data={"rows": len(rows), "contacts": "unmasked" if contacts else "masked"})
    return data
