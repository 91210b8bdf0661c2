"""Past annual reports (reports.past): an earlier year's published tables imported from the platform's own XLSX, a
hand-made XLSX or the API's JSON; the next year's report compares with them and takes its 上年结转 from them."""

import io
import json
import zipfile
from datetime import date

import pytest
import time_machine
from openpyxl import Workbook

from audit.selectors import events_for
from reports import past, selectors, services
from reports.assembly import document_for_report
from reports.errors import ReportExists, ReportYearInvalid, WrongState
from reports.formats import format_for_year
from reports.formats.base import TABLE2, TABLE3
from reports.models import AnnualReport, ImportSource, ReportCell, ReportStatus
from reports.past import PastReportFile, PastReportRefused, import_past_report, parse_past_report
from reports.renderers import render

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"


def cells_of(report) -> dict:
    return {(c.table, c.row, c.column): c.value for c in ReportCell.objects.filter(report=report)}


def xlsx(data: bytes, name="report.xlsx") -> PastReportFile:
    return PastReportFile(ImportSource.XLSX, name, data)


@pytest.fixture
def platform_report(registers, township, office_admin):
    """A 2024 report the platform computed for 东升乡, with an override, entered cells and money."""
    apps, oversight = registers
    apps.add(township, "natural_person", date(2024, 3, 2), date(2024, 3, 20), "partial")
    apps.add(township, "business", date(2024, 6, 2), date(2024, 6, 30), "withheld_3")
    apps.add(township, "natural_person", date(2024, 12, 29))
    oversight.add_case(township, "litigation_direct", date(2024, 4, 1), "upheld", date(2024, 9, 1))
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(township, 2024, acting_user=office_admin)
        services.set_cell_value(report, TABLE2, "fees", "amount", "0.35", acting_user=office_admin)
        services.set_cell_value(report, TABLE2, "licensing", "decisions", "17", acting_user=office_admin)
        services.set_cell_value(report, TABLE3, "granted", "research", "1", acting_user=office_admin, reason="补录")
        services.set_cell_value(report, TABLE3, "granted", "total", "1", acting_user=office_admin, reason="补录")
    return report


# --- the platform's own files round-trip -------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
def test_the_platforms_own_xlsx_round_trips_to_the_same_cells(platform_report, other_township, outsider):
    data = render(document_for_report(platform_report), "xlsx")
    imported = import_past_report(other_township, 2024, xlsx(data), acting_user=outsider)
    assert cells_of(imported) == cells_of(platform_report)
    assert imported.is_imported and imported.status == ReportStatus.PUBLISHED and imported.format_version == "2021"
    assert not ReportCell.objects.filter(report=imported, computed_value__isnull=False).exists()  # never computed
    event = events_for(imported).get(action="reports.report.imported")
    assert event.actor == outsider and event.data["sha256"] == imported.import_sha256


@pytest.mark.parametrize("year, version", [(2020, "2019"), (2017, "legacy")])
def test_older_formats_round_trip_through_the_xlsx_too(registers, township, other_township, office_admin, outsider,
                                                        year, version):
    apps, _ = registers
    apps.add(township, "natural_person", date(year, 3, 2), date(year, 3, 20), "granted")
    apps.add(township, "business", date(year, 12, 28))
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(township, year, acting_user=office_admin)
        imported = import_past_report(other_township, year, xlsx(render(document_for_report(report), "xlsx")),
                                      acting_user=outsider)
    assert imported.format_version == version
    assert cells_of(imported) == cells_of(report)


@time_machine.travel(NOW, tick=False)
def test_the_api_json_round_trips_with_its_texts(platform_report, township, office_admin):
    response = json.dumps(document_for_report(platform_report).to_json(), ensure_ascii=False).encode()
    expected, texts = cells_of(platform_report), {t.key: t.text for t in platform_report.texts.all()}
    platform_report.delete()  # the county's old platform had it; this one has not
    imported = import_past_report(township, 2024, PastReportFile(ImportSource.JSON, "2024.json", response),
                                  acting_user=office_admin)
    assert cells_of(imported) == expected
    assert {t.key: t.text for t in imported.texts.all()} == texts


# --- a hand-made workbook ------------------------------------------------------------------------------------------

def _messy_workbook(values: dict, *, odd: dict | None = None) -> bytes:
    """The 2021 tables on one sheet, starting at B4 instead of A3, merged headers and group labels, full-width
    digits, labels with spaces and half-width brackets, zeros left blank. `odd`: cell address → text written."""
    fmt = format_for_year(2024)
    odd = odd or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["B2"] = "东升乡人民政府2024年政府信息公开工作年度报告  "

    def put(r, c, address):
        value = values.get(address, 0)
        if address in odd:
            ws.cell(r, c, odd[address])
        elif value == 0:
            pass  # blank means 0
        elif value % 3 == 0:
            ws.cell(r, c, str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９")))
        elif value % 3 == 1:
            ws.cell(r, c, f"  {value} ")
        else:
            ws.cell(r, c, value)

    r = 4
    for block in fmt.table2:
        ws.cell(r, 2, block.heading.replace("（", "(").replace("）", ")") + " ")
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
        r += 1
        ws.cell(r, 2, block.first_header)
        for i, col in enumerate(block.columns):
            ws.cell(r, 3 + i, col.label)
        if len(block.columns) == 1:
            ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        r += 1
        for row in block.rows:
            ws.cell(r, 2, f" {row.label}  ")
            for i, col in enumerate(block.columns):
                if (TABLE2, row.key, col.key) == (TABLE2, "fees", "amount"):
                    ws.cell(r, 3 + i, "０.３５")
                else:
                    put(r, 3 + i, (TABLE2, row.key, col.key))
            if len(block.columns) == 1:
                ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
            r += 1
    r += 2
    ws.cell(r, 2, "三、收到和处理政府信息公开申请情况")
    r += 1
    head = r
    ws.cell(head, 2, fmt.table3.note)
    ws.merge_cells(start_row=head, start_column=2, end_row=head + 2, end_column=4)
    ws.cell(head, 5, "申请人情况")
    ws.merge_cells(start_row=head, start_column=5, end_row=head, end_column=11)
    ws.cell(head + 1, 5, "自然人")
    ws.merge_cells(start_row=head + 1, start_column=5, end_row=head + 2, end_column=5)
    ws.cell(head + 1, 6, "法人或其他组织")
    ws.merge_cells(start_row=head + 1, start_column=6, end_row=head + 1, end_column=10)
    for i, label in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他 ")):
        ws.cell(head + 2, 6 + i, label)
    ws.cell(head + 1, 11, "总 计")
    ws.merge_cells(start_row=head + 1, start_column=11, end_row=head + 2, end_column=11)
    r = head + 3
    rows = fmt.table3.rows
    for i, row in enumerate(rows):
        for level, group in enumerate(row.groups):
            if i == 0 or rows[i - 1].groups[: level + 1] != row.groups[: level + 1]:
                span = 1
                while i + span < len(rows) and rows[i + span].groups[: level + 1] == row.groups[: level + 1]:
                    span += 1
                ws.cell(r, 2 + level, group)
                if span > 1:
                    ws.merge_cells(start_row=r, start_column=2 + level, end_row=r + span - 1, end_column=2 + level)
        ws.cell(r, 2 + len(row.groups), row.label.replace("（", "(").replace("）", ")"))
        if len(row.groups) < 2:
            ws.merge_cells(start_row=r, start_column=2 + len(row.groups), end_row=r, end_column=4)
        for j, col in enumerate(fmt.table3.columns):
            put(r, 5 + j, (TABLE3, row.key, col.key))
        r += 1
    r += 2
    t4 = r
    ws.cell(t4, 2, "行政复议")
    ws.merge_cells(start_row=t4, start_column=2, end_row=t4, end_column=6)
    ws.cell(t4, 7, "行政诉讼")
    ws.merge_cells(start_row=t4, start_column=7, end_row=t4, end_column=16)
    leaves = [c.label for c in fmt.table4.columns]
    for i, label in enumerate(leaves):
        ws.cell(t4 + 1, 2 + i, label)
        ws.merge_cells(start_row=t4 + 1, start_column=2 + i, end_row=t4 + 2, end_column=2 + i)
    for g, sub in enumerate(("未经复议直接起诉", "复议后起诉")):
        ws.cell(t4 + 1, 7 + 5 * g, sub)
        ws.merge_cells(start_row=t4 + 1, start_column=7 + 5 * g, end_row=t4 + 1, end_column=11 + 5 * g)
        for i, label in enumerate(leaves):
            ws.cell(t4 + 2, 7 + 5 * g + i, label)
    for g, (key, _t, _s) in enumerate(fmt.table4.groups):
        for i, col in enumerate(fmt.table4.columns):
            put(t4 + 3, 2 + 5 * g + i, ("table4", key, col.key))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _values_2024() -> dict:
    """Figures that keep every balance rule: 3 carried into 2025 (2 natural persons, 1 company), 5 normative
    documents in force."""
    fmt = format_for_year(2024)
    values = {spec.address: 0 for spec in fmt.cells()}
    values[(TABLE2, "normative", "made")] = 2
    values[(TABLE2, "normative", "in_force")] = 5
    values[(TABLE2, "penalty", "decisions")] = 13
    values[(TABLE2, "fees", "amount")] = 350_000  # 0.35 万元
    for column, received, granted, carried in (("natural_person", 6, 4, 2), ("business", 3, 2, 1)):
        values[(TABLE3, "received", column)] = received
        values[(TABLE3, "granted", column)] = granted
        values[(TABLE3, "total", column)] = granted
        values[(TABLE3, "carried_out", column)] = carried
    for row in ("received", "granted", "total", "carried_out"):
        values[(TABLE3, row, "total")] = values[(TABLE3, row, "natural_person")] + values[(TABLE3, row, "business")]
    values[("table4", "litigation_direct", "upheld")] = 1
    values[("table4", "litigation_direct", "total")] = 1
    values[("table4", "reconsideration", "pending")] = 4
    values[("table4", "reconsideration", "total")] = 4
    return values


@time_machine.travel(NOW, tick=False)
def test_a_messy_hand_made_workbook_is_read_by_its_labels(township):
    values = _values_2024()
    parsed = parse_past_report(township, 2024, xlsx(_messy_workbook(values), "东升乡2024年报.xlsx"))
    assert parsed.values == values
    assert parsed.blanks and "工作表“附表”" in parsed.blanks[0]


@time_machine.travel(NOW, tick=False)
def test_a_number_that_is_not_whole_is_refused_naming_the_cell(township, office_admin):
    data = _messy_workbook(_values_2024(), odd={(TABLE3, "carried_in", "business"): "2.5"})
    with pytest.raises(PastReportRefused) as refused:
        import_past_report(township, 2024, xlsx(data), acting_user=office_admin)
    assert refused.value.code == "past_report_value_invalid"
    assert "工作表“附表”F" in refused.value.message and "二、上年结转政府信息公开申请数量 / 商业企业" in refused.value.message
    assert "“2.5”不是整数" in refused.value.message
    assert not AnnualReport.objects.exists()


def test_a_merge_over_a_whole_sheet_is_refused_before_the_workbook_is_loaded():
    # openpyxl would make one object per covered cell: 17 billion for this 10 KB file.
    wb = Workbook()
    wb.active["A1"] = "标题"
    out = io.BytesIO()
    wb.save(out)
    source, patched = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                                                     b"</mergeCells>")
            target.writestr(item, data)
    with pytest.raises(PastReportRefused) as refused:
        past.grids_from_xlsx(patched.getvalue())
    assert refused.value.code == "past_report_unreadable" and "A1:XFD1048576" in refused.value.message


@time_machine.travel(NOW, tick=False)
def test_an_unknown_layout_is_refused(township, office_admin):
    wb = Workbook()
    wb.active.append(["序号", "事项", "数量"])
    wb.active.append([1, "主动公开", 48])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(PastReportRefused) as refused:
        import_past_report(township, 2024, xlsx(out.getvalue()), acting_user=office_admin)
    assert refused.value.code == "past_report_layout_unknown" and "无法识别表格" in refused.value.message


@time_machine.travel(NOW, tick=False)
def test_a_json_of_another_agency_or_year_is_refused(platform_report, township, other_township, outsider):
    data = json.dumps(document_for_report(platform_report).to_json()).encode()
    with pytest.raises(PastReportRefused) as refused:
        import_past_report(other_township, 2024, PastReportFile(ImportSource.JSON, "a.json", data),
                           acting_user=outsider)
    assert refused.value.code == "past_report_agency_mismatch"
    with pytest.raises(PastReportRefused) as refused:
        parse_past_report(township, 2023, PastReportFile(ImportSource.JSON, "a.json", data))
    assert refused.value.code == "past_report_year_mismatch"


# --- years and existing reports ----------------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("year, code", [(2026, "report_year_not_ended"), (2027, "report_year_future"),
                                        (2007, "report_year_before_regulation")])
def test_years_that_have_not_ended_or_had_no_report_are_refused(township, office_admin, year, code):
    with pytest.raises(ReportYearInvalid) as refused:
        import_past_report(township, year, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    assert refused.value.code == code


@time_machine.travel(NOW, tick=False)
def test_a_year_the_platform_has_a_report_for_keeps_the_platforms(platform_report, township, office_admin):
    before = cells_of(platform_report)
    with pytest.raises(ReportExists) as refused:
        import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    assert refused.value.code == "past_report_platform_report_exists"
    assert cells_of(platform_report) == before and not platform_report.__class__.objects.get(
        pk=platform_report.pk).is_imported


@time_machine.travel(NOW, tick=False)
def test_an_imported_year_is_replaced_only_when_asked(township, office_admin):
    values = _values_2024()
    import_past_report(township, 2024, xlsx(_messy_workbook(values)), acting_user=office_admin)
    changed = {**values, (TABLE2, "penalty", "decisions"): 14}
    with pytest.raises(ReportExists) as refused:
        import_past_report(township, 2024, xlsx(_messy_workbook(changed)), acting_user=office_admin)
    assert refused.value.code == "past_report_already_imported"
    report = import_past_report(township, 2024, xlsx(_messy_workbook(changed)), acting_user=office_admin,
                                replace=True)
    assert cells_of(report)[(TABLE2, "penalty", "decisions")] == 14
    assert events_for(report).filter(action="reports.report.reimported").exists()


@time_machine.travel(NOW, tick=False)
def test_the_workflow_cannot_touch_an_imported_report(township, office_admin, supervisor, registers):
    report = import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    for attempt in (lambda: services.refresh_report(report, acting_user=office_admin),
                    lambda: services.set_cell_value(report, TABLE2, "penalty", "decisions", "1",
                                                    acting_user=office_admin),
                    lambda: services.county_return_report(report, acting_user=supervisor, comment="请修改")):
        with pytest.raises(WrongState) as refused:
            attempt()
        assert refused.value.code == "report_imported"
    with pytest.raises(ReportExists) as refused:
        services.generate_report(township, 2024, acting_user=office_admin)
    assert "已作为往年年报导入" in refused.value.message
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.PUBLISHED


# --- the next year uses it -----------------------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
def test_the_next_year_takes_its_carried_in_from_the_imported_report(registers, township, office_admin):
    import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    report = services.generate_report(township, 2025, acting_user=office_admin)
    values = cells_of(report)
    assert [values[(TABLE3, "carried_in", c)] for c in ("natural_person", "business", "total")] == [2, 1, 3]
    assert "取自导入的2024年度报告" in selectors.cell_records(report, TABLE3, "carried_in", "total").note
    checks = {c.rule: c for c in document_for_report(report).checks}
    assert checks["T3-4"].ok
    # T2-2 compares with the imported 现行有效5件: the registers count none in force in 2025
    assert not checks["T2-2"].ok
    assert "上一年度2024年度报告（导入）现行有效5件" in checks["T2-2"].failures[0].message


@time_machine.travel(NOW, tick=False)
def test_registers_with_carried_applications_win_and_t3_4_names_the_imported_year(registers, township, office_admin):
    apps, _ = registers
    apps.add(township, "natural_person", date(2024, 12, 20), date(2025, 1, 10), "granted")
    import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    report = services.generate_report(township, 2025, acting_user=office_admin)
    assert cells_of(report)[(TABLE3, "carried_in", "natural_person")] == 1
    t3_4 = next(c for c in document_for_report(report).checks if c.rule == "T3-4")
    assert "上一年度2024年度报告（导入）四、结转下年度继续办理为2" in t3_4.failures[0].message


@time_machine.travel(NOW, tick=False)
def test_a_report_published_in_its_year_is_listed_on_the_portal_marked_imported(township, office_admin, client):
    report = import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin,
                                published_on=date(2025, 1, 20))
    unpublished = import_past_report(township, 2023, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    assert list(selectors.published_annual_reports(township)) == [report]
    assert unpublished not in selectors.published_annual_reports(township)
    page = client.get(f"/gk/{township.code}/annual-reports/2024/")
    assert page.status_code == 200 and "本报告为导入的往年年报" in page.content.decode()
    assert client.get(f"/gk/{township.code}/annual-reports/2023/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_publication_date_inside_the_report_year_is_refused(township, office_admin):
    with pytest.raises(PastReportRefused) as refused:
        import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin,
                           published_on=date(2024, 6, 1))
    assert refused.value.field == "published_on" and not AnnualReport.objects.exists()


def test_labels_are_compared_without_width_spaces_or_marks():
    assert past.normalize_label(" （一）予以公开 ") == past.normalize_label("(一)予以公开")
    assert past.normalize_label("3.危及“三安全一稳定”") == past.normalize_label('3.危及"三安全一稳定"')


@pytest.mark.parametrize("year", [2024, 2020, 2017])
def test_the_platforms_own_docx_round_trips_to_the_same_cells(registers, township, other_township, office_admin,
                                                              outsider, year):
    apps, oversight = registers
    apps.add(township, "natural_person", date(year, 3, 2), date(year, 3, 20), "partial")
    apps.add(township, "business", date(year, 12, 28))
    oversight.add_case(township, "litigation_after_reconsideration", date(year, 4, 1), "corrected", date(year, 9, 1))
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(township, year, acting_user=office_admin)
        if year == 2024:
            services.set_cell_value(report, TABLE2, "fees", "amount", "1.2", acting_user=office_admin)
        data = render(document_for_report(report), "docx")
        imported = import_past_report(other_township, year, PastReportFile(ImportSource.DOCX, "年报.docx", data),
                                      acting_user=outsider)
    assert cells_of(imported) == cells_of(report)
    assert imported.import_source == "docx"


@time_machine.travel(NOW, tick=False)
def test_an_imported_reports_downloads_say_imported_and_import_again(township, other_township, office_admin,
                                                                     outsider):
    from docx import Document
    from openpyxl import load_workbook

    report = import_past_report(township, 2024, xlsx(_messy_workbook(_values_2024())), acting_user=office_admin)
    doc = document_for_report(report)
    assert doc.to_json()["origin"] == "imported" and doc.to_json()["origin_label"] == "导入"
    workbook = render(doc, "xlsx")
    assert "（导入）" in load_workbook(io.BytesIO(workbook))["报告"]["A2"].value
    assert any("（导入）" in p.text for p in Document(io.BytesIO(render(doc, "docx"))).paragraphs)
    again = import_past_report(other_township, 2024, xlsx(workbook), acting_user=outsider)
    assert cells_of(again) == cells_of(report)
