"""季度统计表 as a workbook: one agency's quarter in the layout of the back-office page, and the county's board of all
agencies for a quarter (who submitted, and the figures side by side)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reports.quarterly import QUARTER_LABELS


def _title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)


def _section(ws, text: str) -> None:
    ws.append([])
    ws.append([text])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)


def render_quarterly_xlsx(stats) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{stats.year}年{QUARTER_LABELS[stats.quarter]}"
    ws.column_dimensions["A"].width = 64
    for col in "BCD":
        ws.column_dimensions[col].width = 14
    _title(ws, stats.title, 4)
    ws.append([f"统计期间：{stats.start} 至 {stats.end}"])
    _section(ws, "一、主动公开政府信息情况")
    ws.append(["栏目", "发布（条）", "按时（条）", "逾期（条）"])
    for c in stats.categories:
        ws.append([c["name"], c["published"], c["on_time"], c["late"]])
    ws.append(["合计", stats.items_published, stats.items_on_time, stats.items_late])
    _section(ws, "二、依申请公开情况")
    ws.append(["本季度新收申请（件）", stats.received_total])
    for label, n in stats.received_rows():
        ws.append([f"　其中：{label}", n])
    ws.append(["本季度办结（件）", stats.concluded_total])
    for label, n in stats.concluded_rows():
        ws.append([f"　{label}", n])
    ws.append(["按期答复（件）", stats.replied_on_time])
    ws.append(["逾期答复（件）", stats.overdue])
    _section(ws, "三、投诉举报和建议提案")
    ws.append(["收到投诉举报（件）", stats.complaints])
    ws.append(["　其中涉及政府信息公开工作（件）", stats.complaints_about_disclosure])
    ws.append(["办结投诉举报（件）", stats.complaints_closed])
    ws.append(["承办人大代表建议（件）", stats.npc_suggestions])
    ws.append(["承办政协提案（件）", stats.cppcc_proposals])
    ws.append(["答复建议提案（件）", stats.suggestions_replied])
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=cell.column == 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BOARD_COLUMNS = ["单位", "上报状态", "上报时间", "主动公开（条）", "逾期公开（条）", "新收申请（件）", "办结（件）",
                 "逾期答复（件）", "投诉举报（件）", "建议提案（件）"]


def render_quarterly_board_xlsx(year: int, quarter: int, board, stats: dict) -> bytes:
    """The county's board: for each agency its submitted figures (or, if not submitted, the live figures marked so)."""
    from reports.quarterly import QuarterlyStats

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年{QUARTER_LABELS[quarter]}"
    _title(ws, f"{year}年{QUARTER_LABELS[quarter]}各单位政府信息公开工作统计汇总", len(BOARD_COLUMNS))
    ws.append(BOARD_COLUMNS)
    for agency, statement in board:
        s = QuarterlyStats.from_json(statement.snapshot) if statement else stats[agency.pk]
        label = statement.get_status_display() if statement else "未上报（实时数据）"
        ws.append([agency.name, label, statement.submitted_at.strftime("%Y-%m-%d %H:%M") if statement else "",
                   s.items_published, s.items_late, s.received_total, s.concluded_total, s.overdue, s.complaints,
                   s.npc_suggestions + s.cppcc_proposals])
    ws.column_dimensions["A"].width = 28
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
