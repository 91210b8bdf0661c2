"""The published annual reports' tables as open data (/data/annual-reports/…): one record per cell in the official
table, row and column order (against the report's own JSON), as CSV and XLSX; unpublished reports are a Chinese 404."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from opendata.dictionary import REPORT_NAMES
from opendata.tests.conftest import body
from reports import services
from reports.selectors import public_report
from reports.tests.fakes import FakeApplications, FakeOversight
from reports.tests.test_workflow import fill_texts

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"


@pytest.fixture
def registers(monkeypatch):
    apps, oversight = FakeApplications(), FakeOversight()
    monkeypatch.setattr("reports.sources._applications", lambda: apps)
    monkeypatch.setattr("reports.sources._oversight", lambda: oversight)
    return apps, oversight


@pytest.fixture
def report(registers, township, office_admin):
    apps, oversight = registers
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted", number="2025-0001")
    apps.add(township, "business", date(2025, 5, 2), date(2025, 5, 28), "withheld_4", number="2025-0002")
    with time_machine.travel(NOW, tick=False):
        return services.generate_report(township, 2025, acting_user=office_admin)


@pytest.fixture
def published(report, office_admin, deputy):
    with time_machine.travel(NOW, tick=False):
        fill_texts(report, office_admin)
        services.submit_report(report, acting_user=office_admin)
        services.approve_report(report, acting_user=deputy)
        services.publish_report(report, acting_user=office_admin)
    return report


def records(response) -> list[dict]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == list(REPORT_NAMES)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def official_values(township) -> list[str]:
    """The report's numbers as its JSON lists them (table 二 block by block, 三 row by row, 四's fifteen)."""
    data = public_report(township.code, 2025)[1].to_json()
    out = [v for b in data["table2"]["blocks"] for r in b["rows"] for v in r["values"]]
    out += [v for r in data["table3"]["rows"] for v in r["values"]]
    out += data["table4"]["values"]
    return [str(v) for v in out]


def test_the_csv_lists_every_cell_in_the_official_row_and_column_order(published, township):
    response = Client().get(f"/data/annual-reports/{township.code}/2025.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="annual-report-tables-{township.code}-2025.csv"'
    rows = records(response)
    assert [r["value"] for r in rows] == official_values(township)
    assert [r["table"] for r in rows] == sorted((r["table"] for r in rows), key=["table2", "table3", "table4"].index)
    t3 = [r for r in rows if r["table"] == "table3"]
    assert len(t3) == 25 * 7
    first = t3[0]
    assert (first["row_no"], first["row_key"], first["row_label"], first["column_no"], first["column_key"],
            first["column_label"], first["value"]) == ("1", "received", "一、本年新收政府信息公开申请数量", "1",
                                                      "natural_person", "自然人", "1")
    withheld = next(r for r in t3 if r["row_key"] == "withheld_4" and r["column_key"] == "business")
    assert withheld["value"] == "1" and withheld["row_label"].startswith("三、本年度办理结果/（三）不予公开/4.")
    assert withheld["column_label"] == "法人或其他组织/商业企业"
    assert {r["agency_code"] for r in rows} == {township.code} and {r["year"] for r in rows} == {"2025"}
    assert {r["format"] for r in rows} == {"2021"}
    t2 = [r for r in rows if r["table"] == "table2"]
    assert t2[0]["block"] == "第二十条第（一）项" and t2[0]["row_label"] == "规章"
    fees = next(r for r in t2 if r["row_key"] == "fees")
    assert fees["unit"] == "万元" and fees["value"] == "0"
    t4 = [r for r in rows if r["table"] == "table4"]
    assert [r["column_no"] for r in t4] == [str(n) for n in range(1, 16)]
    assert t4[0]["row_label"] == "行政复议" and t4[0]["column_label"] == "行政复议/结果维持"


def test_the_xlsx_has_the_same_records_with_numbers_as_numbers(published, township):
    response = Client().get(f"/data/annual-reports/{township.code}/2025.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(body(response)))
    rows = list(wb["年报表格"].iter_rows(values_only=True))
    assert rows[0] == REPORT_NAMES
    values = [r[REPORT_NAMES.index("value")] for r in rows[1:]]
    assert [str(v) if not isinstance(v, float) else f"{Decimal(str(v)):.2f}" for v in values] == \
        official_values(township)
    assert isinstance(values[-1], int)


def test_every_published_report_of_the_county_sits_in_one_file(published, township, county):
    mine = records(Client().get(f"/data/annual-reports/{township.code}.csv"))
    county_rows = records(Client().get(f"/data/annual-reports/{county.code}/all.csv"))
    assert mine == county_rows and len(mine) == len(official_values(township))
    assert records(Client().get(f"/data/annual-reports/{county.code}.csv")) == []


def test_an_unpublished_report_is_a_chinese_404(report, township):
    response = Client().get(f"/data/annual-reports/{township.code}/2025.csv")
    assert response.status_code == 404
    assert "东升乡人民政府2025年度政府信息公开工作年度报告尚未发布。" in response.content.decode()
    assert Client().get(f"/data/annual-reports/{township.code}/2025.json").status_code == 404
    assert Client().get("/data/annual-reports/NOPE/2025.csv").status_code == 404


def test_the_report_page_links_its_table_data(published, township):
    html = Client().get(f"/gk/{township.code}/annual-reports/2025/").content.decode()
    assert f'href="/data/annual-reports/{township.code}/2025.csv"' in html
    assert f'href="/data/annual-reports/{township.code}/2025.xlsx"' in html


def test_the_demo_2017_report_of_dongsheng_gives_its_statistics_table_in_the_official_order(township, office_admin):
    """The published 2017 report of 东升乡 (pre-2019 layout, docs/reports/dongsheng-2017.json) as its figures."""
    import json
    from pathlib import Path

    from reports.models import AnnualReport

    data = json.loads((Path(__file__).resolve().parents[2] / "docs/reports/dongsheng-2017.json").read_text())
    data["agency"]["code"] = township.code
    AnnualReport.objects.create(agency=township, year=2017, format_version="legacy", status="published",
                                title=data["title"], published_on=date(2018, 3, 29), published_snapshot=data,
                                created_by=office_admin)
    rows = records(Client().get(f"/data/annual-reports/{township.code}/2017.csv"))
    assert [(r["row_key"], r["value"]) for r in rows] == [(r["key"], str(r["value"])) for r in data["figures"]["rows"]]
    first = rows[0]
    assert (first["table"], first["table_title"], first["row_no"], first["row_label"], first["column_label"],
            first["value"], first["format"]) == ("figures", "附：2017年政府信息公开情况统计表", "1",
                                                 "主动公开政府信息数（条）", "数量", "48", "legacy")
    assert rows[-1]["row_key"] == "fees_waived" and rows[-1]["unit"] == "元" and rows[-1]["value"] == "0.00"
    wb = load_workbook(io.BytesIO(body(Client().get(f"/data/annual-reports/{township.code}/2017.xlsx"))))
    sheet = list(wb["年报表格"].iter_rows(values_only=True))
    assert sheet[1][REPORT_NAMES.index("value")] == 48 and len(sheet) == len(rows) + 1
