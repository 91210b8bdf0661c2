"""The back office's 导入往年年报 page: upload, preview of the tables as read, confirm; refusals re-render with the
Chinese reason and a 4xx, nothing saved."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from audit.selectors import events_for
from reports.formats.base import TABLE3
from reports.models import AnnualReport
from reports.tests.test_past_import import _messy_workbook, _values_2024

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"
URL = "/manage/reports/past/"


@time_machine.travel(NOW, tick=False)
def test_upload_preview_then_confirm(township, office_admin):
    client = client_for("web", office_admin)
    assert "导入往年年报" in client.get(f"/manage/reports/?agency={township.code}").content.decode()
    preview = client.post(URL, {"agency": township.code, "year": "2024", "published_on": "2025-01-20",
                                "file": SimpleUploadedFile("东升乡2024年报.xlsx", _messy_workbook(_values_2024()))})
    page = preview.content.decode()
    assert preview.status_code == 200 and "确认导入" in page and "空白单元格按0计" in page
    assert "二、上年结转政府信息公开申请数量" in page and not AnnualReport.objects.exists()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    response = client.post(URL, {**fields, "confirm": "1"})
    report = AnnualReport.objects.get(agency=township, year=2024)
    assert response.status_code == 302 and response["Location"] == f"/manage/reports/{report.pk}/"
    assert report.is_imported and report.import_filename == "东升乡2024年报.xlsx"
    assert str(report.published_on) == "2025-01-20"
    assert report.cells.get(table=TABLE3, row="carried_out", column="total").value == 3
    assert events_for(report).filter(action="reports.report.imported", actor=office_admin).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "导入的往年年报" in detail and "按登记数据重新统计</button>" not in detail and "县政务公开办：退回修改" not in detail


@time_machine.travel(NOW, tick=False)
def test_a_refused_file_is_shown_with_its_reason_and_nothing_is_saved(township, office_admin):
    data = _messy_workbook(_values_2024(), odd={(TABLE3, "granted", "natural_person"): "四"})
    response = client_for("web", office_admin).post(URL, {"agency": township.code, "year": "2024",
                                                          "file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 400 and "“四”不是整数" in response.content.decode()
    assert not AnnualReport.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_file_that_is_not_a_spreadsheet_is_refused(township, office_admin):
    response = client_for("web", office_admin).post(URL, {"agency": township.code, "year": "2024",
                                                          "file": SimpleUploadedFile("a.xlsx", b"not a workbook")})
    assert response.status_code == 400 and not AnnualReport.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_report_only_on_paper_is_typed_into_the_grid_previewed_and_imported(township, office_admin):
    client = client_for("web", office_admin)
    grid = client.get(URL, {"agency": township.code, "entry": "1", "year": "2024"})
    page = grid.content.decode()
    assert grid.status_code == 200 and 'name="table3/carried_out/natural_person"' in page
    assert "3.危及“三安全一稳定”" in page
    typed = {"agency": township.code, "entry": "1", "year": "2024", "table3/received/natural_person": "２",
             "table3/received/total": "2", "table3/carried_out/natural_person": "2", "table3/carried_out/total": "2",
             "table2/fees/amount": "0.35"}
    preview = client.post(URL, typed)
    page = preview.content.decode()
    assert preview.status_code == 200 and "确认导入" in page
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    response = client.post(URL, {**fields, "confirm": "1"})
    report = AnnualReport.objects.get(agency=township, year=2024)
    assert response.status_code == 302 and report.import_source == "form"
    assert report.cells.get(table=TABLE3, row="received", column="natural_person").value == 2
    assert report.cells.get(table="table2", row="fees", column="amount").value == 350_000


@time_machine.travel(NOW, tick=False)
def test_a_typed_value_that_is_not_whole_keeps_the_grid_and_says_which(township, office_admin):
    response = client_for("web", office_admin).post(URL, {
        "agency": township.code, "entry": "1", "year": "2024", "table3/received/business": "1.5",
        "table3/received/natural_person": "7"})
    page = response.content.decode()
    assert response.status_code == 400 and "手工录入（一、本年新收政府信息公开申请数量 / 商业企业）的“1.5”不是整数" in page
    assert 'name="table3/received/natural_person" value="7"' in page and not AnnualReport.objects.exists()
