"""The report as a Word document: 黑体 section titles, 仿宋 body with a two-character first-line indent, the tables
with their merged header cells, overridden cells marked ※ with the reasons in a note."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .grid import place, tables

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _paragraph(document, text: str, *, font=BODY_FONT, size=14, bold=False, align=None, indent=True):
    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28) if size >= 14 else None
    _font(p.add_run(text), font, size, bold)
    return p


def _table(document, rows, *, size: float = 9) -> None:
    placed, height, width = place(rows)
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for item in placed:
        cell = table.cell(item.row, item.col)
        if item.cell.rowspan > 1 or item.cell.colspan > 1:
            cell = cell.merge(table.cell(item.row + item.cell.rowspan - 1, item.col + item.cell.colspan - 1))
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (item.cell.numeric or item.cell.colspan > 1
                                                    or item.cell.rowspan > 1) else WD_ALIGN_PARAGRAPH.LEFT
        _font(p.add_run(item.cell.text), BODY_FONT, size, bold=False)


def render_docx(doc) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)

    _paragraph(document, doc.title, font=TITLE_FONT, size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if doc.imported:
        _paragraph(document, "（导入）本报告为导入的往年年报，数据按原发布的报告表格录入，不是本平台按登记数据计算的。",
                   size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if doc.published_on:
        _paragraph(document, f"发布日期：{doc.published_on.year}年{doc.published_on.month}月{doc.published_on.day}日",
                   size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    grids = tables(doc)
    for s in doc.sections():
        _paragraph(document, s["title"], font=HEADING_FONT, size=16)
        for part in s["parts"]:
            if part["heading"]:
                _paragraph(document, part["heading"], font="楷体", size=15)
            for text in part["paragraphs"]:
                _paragraph(document, text)
        if s["table"] and s["table"] in grids:
            _table(document, grids[s["table"]][1], size=8 if s["table"] in ("table3", "table4") else 10)
    if "figures" in grids:
        title, rows = grids["figures"]
        _paragraph(document, title, font=HEADING_FONT, size=14)
        _table(document, rows, size=10)
    if doc.overrides:
        _paragraph(document, "注：", size=12, indent=False)
        for i, c in enumerate(doc.overrides, 1):
            _paragraph(document, f"{i}. 标※的“{c.label}”经人工调整为{c.display}（系统统计值{c.computed_display}），"
                                 f"理由：{c.reason}", size=12)
    _paragraph(document, doc.agency_name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    if doc.published_on:
        _paragraph(document, f"{doc.published_on.year}年{doc.published_on.month}月{doc.published_on.day}日",
                   align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    document.core_properties.title = doc.title
    document.core_properties.author = doc.agency_name
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
