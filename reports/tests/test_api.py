"""GET /api/v1/reports/annual/{agency_code}/{year}/ and the staff actions: the JSON of the issue, bad input as 4xx
with a Chinese sentence and nothing changed."""

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from reports import services
from reports.formats.base import TABLE3
from reports.models import AnnualReport, ReportCell, ReportStatus
from reports.tests.test_workflow import fill_texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registers")]
NOW = "2026-01-12 10:00 +0800"


def url(agency, year, action=""):
    return f"/api/v1/reports/annual/{agency.code}/{year}/" + (f"{action}/" if action else "")


def client(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


@pytest.fixture
def published(registers, township, office_admin, deputy):
    apps, _ = registers
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted")
    apps.add(township, "business", date(2025, 11, 2))
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(township, 2025, acting_user=office_admin)
        fill_texts(report, office_admin)
        services.submit_report(report, acting_user=office_admin)
        services.approve_report(report, acting_user=deputy)
        services.publish_report(report, acting_user=office_admin)
    return report


@time_machine.travel(NOW, tick=False)
def test_the_published_report_is_public_json(published, township):
    response = client().get(url(township, 2025))
    assert response.status_code == 200
    data = response.json()
    assert data["format"] == "2021" and data["status"] == "published" and data["ok"] is True
    t3 = data["table3"]
    assert t3["columns"] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(t3["rows"]) == 25 and all(len(r["values"]) == 7 for r in t3["rows"])
    assert t3["rows"][0] == {"key": "received", "label": "一、本年新收政府信息公开申请数量", "groups": [],
                             "values": [1, 1, 0, 0, 0, 0, 2]}
    assert t3["rows"][-1]["values"] == [0, 1, 0, 0, 0, 0, 1]
    assert data["table4"]["values"] == [0] * 15 and len(data["table4"]["columns"]) == 15
    assert [b["heading"] for b in data["table2"]["blocks"]] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert {c["rule"]: c["ok"] for c in data["checks"]}["T3-1"] is True
    assert [s["title"] for s in data["sections"]][0] == "一、总体情况"


@time_machine.travel(NOW, tick=False)
def test_a_draft_is_not_public_but_staff_see_it(registers, township, office_admin, outsider):
    services.generate_report(township, 2025, acting_user=office_admin)
    response = client().get(url(township, 2025))
    assert response.status_code == 404
    assert response.json() == {"code": "report_not_found", "detail": "东升乡人民政府2025年度政府信息公开工作年度报告尚未发布。"}
    assert client(outsider).get(url(township, 2025)).status_code == 404
    staff = client(office_admin).get(url(township, 2025)).json()
    assert staff["status"] == "draft" and staff["preview"] is False


@time_machine.travel(NOW, tick=False)
def test_staff_get_a_preview_before_a_report_exists(registers, township, deputy):
    data = client(deputy).get(url(township, 2024)).json()
    assert data["preview"] is True and data["format"] == "2021"
    assert not AnnualReport.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("code", "year", "status", "error"), [
    ("NOSUCH", 2025, 404, "agency_not_found"),
    (None, 2027, 400, "report_year_future"),
    (None, 2005, 400, "report_year_before_regulation"),
])
def test_bad_input_is_a_4xx_with_a_chinese_sentence(township, office_admin, code, year, status, error):
    path = f"/api/v1/reports/annual/{code or township.code}/{year}/"
    response = client(office_admin).get(path)
    assert response.status_code == status
    assert response.json()["code"] == error
    assert response.json()["detail"].endswith("。")


@time_machine.travel(NOW, tick=False)
def test_a_year_before_the_agency_existed(township, office_admin):
    township.established_on = date(2021, 3, 1)
    township.save(update_fields=["established_on"])
    response = client(office_admin).post(url(township, 2020, "generate"))
    assert response.status_code == 400
    assert response.json() == {"code": "report_year_before_agency", "detail": "东升乡人民政府成立于2021年3月1日，没有2020年的年度报告。",
                               "field": "year"}
    assert not AnnualReport.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_staff_drive_the_workflow_through_the_api(registers, township, office_admin, deputy, principal):
    api = client(office_admin)
    created = api.post(url(township, 2025, "generate"))
    assert created.status_code == 201 and created.json()["status"] == "draft"
    report = AnnualReport.objects.get()

    # an override without a reason: 400, nothing changed
    bad = api.post(url(township, 2025, "cells"), {"table": "table3", "row": "received", "column": "research",
                                                   "value": "3"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "override_reason_required"
    assert ReportCell.objects.get(report=report, table=TABLE3, row="received", column="research").value == 0

    # a number beyond any agency's year (typed by mistake) is refused, not a database overflow
    for cell, value in (("amount", "9" * 29), ("decisions", "9" * 20)):
        row = "fees" if cell == "amount" else "licensing"
        huge = api.post(url(township, 2025, "cells"), {"table": "table2", "row": row, "column": cell, "value": value},
                        format="json")
        assert huge.status_code == 400 and huge.json()["code"] == "cell_value_invalid"
        assert ReportCell.objects.get(report=report, table="table2", row=row, column=cell).value == 0

    # an override with a reason breaks the balance: submission refused with the failing cells named
    ok = api.post(url(township, 2025, "cells"), {"table": "table3", "row": "received", "column": "research",
                                                  "value": "3", "reason": "补录"}, format="json")
    assert ok.status_code == 200
    fill_texts(report, office_admin)
    refused = api.post(url(township, 2025, "submit"))
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "report_checks_failed"
    assert {f["rule"] for f in body["failures"]} >= {"T3-1", "T3-3"}
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    api.post(url(township, 2025, "cells"), {"table": "table3", "row": "received", "column": "research",
                                             "value": "0"}, format="json")
    assert api.post(url(township, 2025, "submit")).json()["status"] == "submitted"

    wrong = client(principal).post(url(township, 2025, "approve"))
    assert wrong.status_code == 403 and wrong.json()["code"] == "not_first_responsible"
    assert client(deputy).post(url(township, 2025, "approve"), {"comment": "同意"}, format="json").json()[
        "status"] == "approved"
    published = api.post(url(township, 2025, "publish")).json()
    assert published["status"] == "published" and published["published_on"] == "2026-01-12"
    assert client().get(url(township, 2025)).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_county_gets_the_consolidated_tables(registers, township, other_township, supervisor, office_admin):
    apps, _ = registers
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted")
    apps.add(other_township, "research", date(2025, 4, 2), date(2025, 4, 20), "granted")
    data = client(supervisor).get("/api/v1/reports/county/2025/").json()
    assert data["table3"]["rows"][0]["values"] == [1, 0, 1, 0, 0, 0, 2]
    assert {a["source"] for a in data["agencies"]} == {"registers"}
    assert client(office_admin).get("/api/v1/reports/county/2025/").status_code == 403


def test_the_schema_documents_the_report_endpoint():
    response = client().get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/reports/annual/{agency_code}/{year}/" in response.content


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("year", "code"), [(1, "report_year_before_regulation"), (2007, "report_year_before_regulation"),
                                            (2027, "report_year_future")])
def test_the_county_tables_of_a_year_without_reports_are_a_400(supervisor, year, code):
    # An outside fuzzer found /reports/county/1/ answered 500 (OverflowError computing the day before 1 January 1).
    response = client(supervisor).get(f"/api/v1/reports/county/{year}/")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, "year")
