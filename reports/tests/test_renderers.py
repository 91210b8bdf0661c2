"""PDF, DOCX and XLSX say what the page says, in the layout of the format."""

import io
import os
import shutil
from datetime import date

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import services
from reports.assembly import document_for_report
from reports.formats.base import TABLE2, TABLE3
from reports.renderers import render, render_html

pytestmark = pytest.mark.django_db


def keep(name: str, data: bytes) -> None:
    """REPORTS_RENDER_DIR=/tmp/x pytest … keeps the rendered files for a look."""
    if target := os.environ.get("REPORTS_RENDER_DIR"):
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, name), "wb") as f:
            f.write(data)


@pytest.fixture
def report(registers, township, office_admin):
    apps, oversight = registers
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "partial")
    apps.add(township, "business", date(2025, 6, 2), date(2025, 6, 30), "withheld_3")
    apps.add(township, "natural_person", date(2025, 12, 29))
    with time_machine.travel("2026-01-12 10:00 +0800", tick=False):
        report = services.generate_report(township, 2025, acting_user=office_admin)
        services.set_cell_value(report, TABLE2, "fees", "amount", "0.35", acting_user=office_admin)
        services.set_cell_value(report, TABLE3, "granted", "research", "1", acting_user=office_admin,
                                reason="补录一件纸质申请")
        services.set_cell_value(report, TABLE3, "granted", "total", "1", acting_user=office_admin,
                                reason="补录一件纸质申请")
    return report


def test_the_pdf_has_the_exact_labels_and_the_figures(report):
    doc = document_for_report(report)
    pdf = render(doc, "pdf")
    keep("report.pdf", pdf)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = text.replace("\n", "").replace(" ", "")
    for label in ("一、总体情况", "第二十条第（一）项", "本年收费金额（单位：万元）", "申请人情况",
                  "3.危及“三安全一稳定”", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                  "未经复议直接起诉", "六、其他需要报告的事项"):
        assert label in compact, label
    assert "0.35" in compact
    assert "经人工调整为1（系统统计值0），理由：补录一件纸质申请" in compact


def test_the_docx_merges_the_header_cells_like_the_official_table(report):
    data = render(document_for_report(report), "docx")
    keep("report.docx", data)
    word = Document(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "东升乡人民政府2025年政府信息公开工作年度报告"
    assert "三、收到和处理政府信息公开申请情况" in texts
    t3 = word.tables[1]
    assert len(t3.rows) == 3 + 25 and len(t3.columns) == 10
    assert t3.cell(0, 0).text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert t3.cell(2, 0).text == t3.cell(0, 0).text  # merged over three header rows and three columns
    assert t3.cell(1, 4).text == "法人或其他组织"
    assert t3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert [t3.cell(3, c).text for c in range(3, 10)] == ["2", "1", "0", "0", "0", "0", "3"]
    assert t3.cell(5, 0).text == "三、本年度办理结果"
    assert t3.cell(7, 1).text == "（三）不予公开"
    assert t3.cell(9, 2).text == "3.危及“三安全一稳定”"
    t4 = word.tables[2]
    assert len(t4.rows) == 4 and len(t4.columns) == 15
    assert t4.cell(0, 5).text == "行政诉讼" and t4.cell(1, 10).text == "复议后起诉"


def test_the_xlsx_has_one_sheet_per_table_with_numbers(report):
    data = render(document_for_report(report), "xlsx")
    keep("report.xlsx", data)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["报告", "二、主动公开", "三、依申请公开", "四、复议诉讼"]
    t3 = wb["三、依申请公开"]
    assert t3["A1"].value == "三、收到和处理政府信息公开申请情况"
    assert t3["A6"].value == "一、本年新收政府信息公开申请数量"
    assert [t3.cell(row=6, column=c).value for c in range(4, 11)] == [2, 1, 0, 0, 0, 0, 3]
    assert any(str(r) == "A3:C5" for r in t3.merged_cells.ranges)
    t2 = wb["二、主动公开"]
    fee_row = next(r for r in t2.iter_rows() if r[0].value == "行政事业性收费")
    assert str(fee_row[1].value) == "0.35"


def test_the_page_fragment_links_each_number_to_its_records(report):
    html = render_html(document_for_report(report), cell_links=True)
    assert f"/manage/reports/{report.pk}/cells/table3/received/natural_person/" in html
    assert 'class="override-mark"' in html
    public = render_html(document_for_report(report))
    assert "/manage/" not in public


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm not installed")
def test_the_pdf_is_a_real_a4_document(report):
    reader = PdfReader(io.BytesIO(render(document_for_report(report), "pdf")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
