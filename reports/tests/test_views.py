"""The back-office pages (dashboard, report, drill-down, texts, county, quarterly) and the portal page, as the
personas use them; errors re-render with a 4xx and what was typed."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from reports import services
from reports.formats.base import TABLE2, TABLE3
from reports.models import AnnualReport, QuarterlyStatement, ReportCell, ReportStatus
from reports.tests.test_workflow import fill_texts
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"


def login(user) -> Client:
    c = Client()
    log_in(c, user)
    return c


@pytest.fixture
def report(registers, township, office_admin):
    apps, oversight = registers
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted", number="2025-0001")
    apps.add(township, "business", date(2025, 5, 2), date(2025, 5, 28), "withheld_4", number="2025-0002")
    oversight.suggestions[township.pk] = {"npc": 2, "cppcc": 0, "replied": 2, "made_public": 2}
    with time_machine.travel(NOW, tick=False):
        return services.generate_report(township, 2025, acting_user=office_admin)


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_shows_the_reports_the_deadline_and_charts_with_tables(report, office_admin):
    response = login(office_admin).get("/manage/reports/")
    html = response.content.decode()
    assert response.status_code == 200
    assert report.title in html
    assert "应于2026年1月31日前发布" in html
    assert 'id="report-charts" type="application/json"' in html
    assert "reports/vendor/echarts.min.js" in html and "<script>" not in html.replace('<script src', '')
    assert "每月主动公开信息与新收申请" in html and "<th scope=\"col\" class=\"num\">新收申请（件）</th>" in html


@time_machine.travel(NOW, tick=False)
def test_the_csp_allows_the_charts_without_inline_script(report, office_admin):
    response = login(office_admin).get("/manage/reports/")
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "onclick" not in response.content.decode() and "onload" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_report_page_links_every_number_to_its_records(report, office_admin):
    html = login(office_admin).get(f"/manage/reports/{report.pk}/").content.decode()
    assert f'href="/manage/reports/{report.pk}/cells/table3/received/natural_person/"' in html
    assert "TXT-1" in html and "有待填写内容" in html
    drill = login(office_admin).get(f"/manage/reports/{report.pk}/cells/table3/withheld_4/business/")
    assert drill.status_code == 200
    assert "2025-0002" in drill.content.decode() and "统计的登记记录（1）" in drill.content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_override_without_reason_rerenders_with_400_and_keeps_the_input(report, office_admin):
    path = f"/manage/reports/{report.pk}/cells/table3/granted/research/"
    response = login(office_admin).post(path, {"value": "4", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "须填写理由" in html and 'value="4"' in html
    assert ReportCell.objects.get(report=report, table=TABLE3, row="granted", column="research").value == 0
    ok = login(office_admin).post(path, {"value": "4", "reason": "补录纸质申请"})
    assert ok.status_code == 302
    assert ReportCell.objects.get(report=report, table=TABLE3, row="granted", column="research").value == 4


@time_machine.travel(NOW, tick=False)
def test_entered_values_and_texts_are_edited_in_the_back_office(report, office_admin):
    c = login(office_admin)
    assert c.post(f"/manage/reports/{report.pk}/cells/table2/licensing/decisions/", {"value": "17"}).status_code == 302
    assert ReportCell.objects.get(report=report, table=TABLE2, row="licensing", column="decisions").value == 17
    assert c.post(f"/manage/reports/{report.pk}/texts/other_innovation/", {"text": "推行“一网通查”。"}).status_code == 302
    assert report.texts.get(key="other_innovation").text == "推行“一网通查”。"


@time_machine.travel(NOW, tick=False)
def test_actions_go_through_the_services_and_errors_are_4xx(report, office_admin, deputy, principal, supervisor):
    refused = login(office_admin).post(f"/manage/reports/{report.pk}/action/submit/")
    assert refused.status_code == 422 and "TXT-1" in refused.content.decode()
    fill_texts(report, office_admin)
    assert login(office_admin).post(f"/manage/reports/{report.pk}/action/submit/").status_code == 302
    denied = login(principal).post(f"/manage/reports/{report.pk}/action/approve/")
    assert denied.status_code == 403 and "第一责任人" in denied.content.decode()
    assert login(deputy).post(f"/manage/reports/{report.pk}/action/approve/", {"comment": "同意"}).status_code == 302
    assert login(office_admin).post(f"/manage/reports/{report.pk}/action/publish/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    back = login(supervisor).post(f"/manage/reports/{report.pk}/action/county_return/", {"comment": ""})
    assert back.status_code == 400
    assert login(supervisor).post(f"/manage/reports/{report.pk}/action/county_return/",
                                  {"comment": "请补充考核结果"}).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_other_agencies_cannot_see_the_report(report, outsider, clerk):
    assert login(outsider).get(f"/manage/reports/{report.pk}/").status_code == 403
    assert login(clerk).get("/manage/reports/").status_code == 403


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "json"])
def test_staff_download_the_draft(report, office_admin, fmt):
    response = login(office_admin).get(f"/manage/reports/{report.pk}/download.{fmt}")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]


@time_machine.travel(NOW, tick=False)
def test_the_county_view_has_status_comparison_consolidation_and_charts(report, supervisor, other_township):
    response = login(supervisor).get("/manage/reports/county/?year=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "东升乡人民政府" in html and "先锋镇人民政府" in html
    assert "各单位工作情况对比" in html and "复议、诉讼被纠正（件）" in html
    assert "全县汇总表（各单位之和）" in html and "申请人情况" in html
    assert "尚未生成报告，按登记数据实时统计" in html
    xlsx = login(supervisor).get("/manage/reports/county/?year=2025&download=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@time_machine.travel(NOW, tick=False)
def test_only_the_county_sees_the_county_view(report, office_admin):
    assert login(office_admin).get("/manage/reports/county/").status_code == 403


@time_machine.travel("2026-04-08 10:00 +0800", tick=False)
def test_quarterly_statistics_are_submitted_and_the_county_sees_who_did(registers, township, other_township,
                                                                        office_admin, supervisor):
    apps, _ = registers
    apps.add(township, "natural_person", date(2026, 2, 2), date(2026, 2, 20), "granted")
    page = login(office_admin).get(f"/manage/reports/quarterly/?agency={township.code}&year=2026&quarter=1")
    assert page.status_code == 200 and "东升乡人民政府2026年第一季度政府信息公开工作统计表" in page.content.decode()
    xlsx = login(office_admin).get(f"/manage/reports/quarterly/?agency={township.code}&year=2026&quarter=1&download=xlsx")
    assert xlsx.status_code == 200
    done = login(office_admin).post("/manage/reports/quarterly/submit/", {"agency": township.code, "year": "2026",
                                                                         "quarter": "1"})
    assert done.status_code == 302
    statement = QuarterlyStatement.objects.get()
    assert statement.snapshot["received_total"] == 1
    board = login(supervisor).get("/manage/reports/quarterly/county/?year=2026&quarter=1").content.decode()
    assert "已上报 1 / 3 个单位" in board and "未上报" in board
    assert "<h1>2026年第一季度统计表上报情况</h1>" in board
    again = login(office_admin).post("/manage/reports/quarterly/submit/", {"agency": township.code, "year": "2026",
                                                                          "quarter": "1", "note": "补报"})
    assert again.status_code == 409 and "2026年第一季度统计表已经上报。" in again.content.decode()
    assert QuarterlyStatement.objects.count() == 1  # nothing duplicated
    early = login(office_admin).post("/manage/reports/quarterly/submit/", {"agency": township.code, "year": "2026",
                                                                          "quarter": "2", "note": "提前上报"})
    assert early.status_code == 409 and "2026年第二季度尚未结束，不能上报。" in early.content.decode()
    assert ">提前上报</textarea>" in early.content.decode()  # what was typed is kept
    assert QuarterlyStatement.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_portal_shows_the_published_report_and_its_downloads(report, township, office_admin, deputy):
    c = Client()
    assert c.get(f"/gk/{township.code}/annual-reports/2025/").status_code == 404
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    services.approve_report(report, acting_user=deputy)
    services.publish_report(report, acting_user=office_admin)
    page = c.get(f"/gk/{township.code}/annual-reports/2025/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1 class=\"report-title\">东升乡人民政府2025年政府信息公开工作年度报告</h1>" in html
    assert "/manage/" not in html.split("<main", 1)[1]
    for fmt in ("pdf", "docx", "xlsx", "json"):
        assert c.get(f"/gk/{township.code}/annual-reports/2025.{fmt}").status_code == 200
    column = c.get(f"/gk/{township.code}/column/annual_report/")
    assert report.title in column.content.decode()
    assert AnnualReport.objects.get().get_absolute_url() == f"/gk/{township.code}/annual-reports/2025/"


@time_machine.travel("2026-02-10 10:00 +0800", tick=False)
def test_the_workbench_panel_flags_a_missing_report_and_what_waits_for_the_leader(report, office_admin, deputy,
                                                                               supervisor):
    html = login(office_admin).get("/manage/").content.decode()
    assert "东升乡人民政府2025年度报告：编制中" in html and "逾期未发布" in html
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    assert "待我审定（第一责任人）" in login(deputy).get("/manage/").content.decode()
    county = login(supervisor).get("/manage/").content.decode()
    assert "全县2025年度报告：应报2个单位，已发布0个" in county


@time_machine.travel(NOW, tick=False)
def test_each_consolidated_number_breaks_down_by_agency(report, supervisor, other_township):
    html = login(supervisor).get("/manage/reports/county/?year=2025").content.decode()
    assert 'href="/manage/reports/county/2025/cells/table3/received/natural_person/"' in html
    page = login(supervisor).get("/manage/reports/county/2025/cells/table3/received/natural_person/")
    text = page.content.decode()
    assert page.status_code == 200 and "全县合计：<strong>1</strong>" in text
    assert f'href="/manage/reports/{report.pk}/cells/table3/received/natural_person/"' in text
    assert "登记数据（尚未生成报告）" in text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("year", "status", "message"), [
    ("2030", 400, "不能编制2030年的年度报告：该年度尚未开始。"),
    ("1999", 400, "报告年度不能早于2008年。"),
    ("二〇二五", 400, "报告年度应为四位数字的年份。"),
    ("2025", 409, "东升乡人民政府2025年度报告已经存在"),
])
def test_generating_a_bad_year_rerenders_the_page_with_a_4xx_and_the_typed_year(report, township, office_admin,
                                                                                year, status, message):
    response = login(office_admin).post("/manage/reports/generate/", {"agency": township.code, "year": year})
    html = response.content.decode()
    assert response.status_code == status
    assert message in html and f'name="year" id="id_year" value="{year}"' in html
    assert AnnualReport.objects.count() == 1  # nothing created
