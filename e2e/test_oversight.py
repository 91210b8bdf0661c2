"""End-to-end: a citizen files a complaint and follows it with its 查询码; a visitor reports an error on a page from
the footer link; both in headless Debian chromium, the complaint also without JavaScript."""

import re

import pytest

from oversight.models import Complaint, SiteErrorReport
from oversight.services import complaints, corrections

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "东升乡2026年耕地地力保护补贴发放情况没有按规定公示，请督促公开。"


def _file_complaint(page, township):
    page.goto(f"/hd/complaint/?agency={township.code}")
    assert page.get_by_label("投诉举报的机关").input_value() == township.code
    page.get_by_label("投诉事项").select_option("not_proactive")
    page.get_by_label("投诉举报内容").fill(TEXT)
    page.get_by_label("姓名", exact=True).fill("张三")
    page.get_by_label("联系电话或邮箱").fill("13945561234")
    page.get_by_role("button", name="提交投诉举报").click()
    page.wait_for_url("**/hd/complaint/done/")
    number = page.locator(".receipt-number").inner_text().strip()
    code = page.locator(".receipt-code").inner_text().strip()
    return number, code


def test_a_citizen_files_a_complaint_and_follows_it_with_the_code(page, township, office_admin):
    number, code = _file_complaint(page, township)
    assert re.fullmatch(r"TS\d{4}-0001", number) and len(code) == 10
    assert page.get_by_text("查询码只显示这一次").is_visible()

    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("登记编号").fill(number)
    page.get_by_label("查询码").fill("WRONGCODE2")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("未找到该投诉举报，请核对登记编号和查询码。").is_visible()

    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    assert page.locator(".complaint-status").inner_text() == "已受理"
    assert "13945561234" not in page.content() and "张三" not in page.content()

    complaint = Complaint.objects.get(number=number)
    complaints.close_complaint(complaint, acting_user=office_admin, result="substantiated",
                               reply="经核实，补贴发放情况已补充公示。")
    page.goto("/hd/complaint/track/")
    page.get_by_label("登记编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator(".complaint-status").inner_text() == "已办结"
    assert page.locator(".complaint-reply").inner_text() == "经核实，补贴发放情况已补充公示。"
    assert [li.inner_text().split(" ", 2)[-1] for li in page.locator(".public-progress li").all()] == [
        "已受理", "已办结"]


def test_the_complaint_form_works_without_javascript_and_keeps_what_was_typed(browser, live_server, township):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/hd/complaint/?agency={township.code}")
    page.get_by_label("投诉举报内容").fill("差")
    page.get_by_label("姓名", exact=True).fill("李四")
    page.get_by_role("button", name="提交投诉举报").click()
    assert page.get_by_text("请具体说明投诉举报的事项（至少5个字）。").is_visible()
    assert page.get_by_label("姓名", exact=True).input_value() == "李四"
    assert Complaint.objects.count() == 0
    context.close()


def test_a_visitor_reports_an_error_from_the_footer_of_any_page(phone_page, county, township):
    page = phone_page
    page.goto("/hd/reading-points/")
    page.get_by_role("link", name="我为政府网站找错").click()
    page.wait_for_url("**/hd/site-error/**")
    address = page.get_by_label("出错页面的地址").input_value()
    assert address.endswith("/hd/reading-points/")
    page.get_by_label("问题类型").select_option("outdated")
    page.get_by_label("问题描述").fill("查阅点列表中没有东升乡的查阅点。")
    page.get_by_label("联系方式（选填）").fill("citizen@example.com")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/hd/site-error/done/")
    assert re.fullmatch(r"ZC\d{4}-0001", page.locator(".receipt-number").inner_text().strip())
    assert page.get_by_text("3个工作日").first.is_visible()
    report = SiteErrorReport.objects.get()
    assert report.page_url == address and report.kind == "outdated" and report.contact == "citizen@example.com"
    assert report.due_on is not None or report.is_provisional


def test_the_county_records_the_fix_of_a_reported_error(page, county, township, supervisor):
    report = corrections.report_site_error(page_url="/hd/reading-points/", description="查阅点的开放时间写错了。",
                                           contact="13945561234")
    login(page, "supervisor")
    page.goto("/manage/oversight/site-errors/")
    page.get_by_role("link", name=report.number).click()
    assert page.get_by_text("139****1234").is_visible() and "13945561234" not in page.content()
    form = page.locator("#action-fix")
    form.get_by_label("处理情况").fill("已改正开放时间，并复核了其他查阅点信息。")
    form.get_by_role("button", name="登记已修正").click()
    assert page.get_by_text("已保存。").is_visible()
    report.refresh_from_db()
    assert (report.status, report.fix_note) == ("fixed", "已改正开放时间，并复核了其他查阅点信息。")
    assert not report.closed_late
