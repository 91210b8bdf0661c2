"""End-to-end: the office generates the annual report, completes it, the 第一责任人 approves, the office publishes,
the public reads it on the portal and downloads the PDF; the dashboard draws its charts under the strict CSP; the
county sees the report in its view."""

import re
from datetime import date

import pytest

from applications import services as apps
from reports.scripted import applicant

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

PLACEHOLDER_PARTS = ["（五）监督保障", "五、存在的主要问题及改进情况", "（二）落实上级年度政务公开工作要点情况",
                     "（四）年度政务公开工作创新情况"]


def _person_page(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    login(page, user.username)
    return context, page


def test_generate_approve_publish_and_read_on_the_portal(browser, live_server, township, office_admin, deputy,
                                                         supervisor):
    for n, (kind, code) in enumerate([("natural_person", "A2"), ("business", "A3"), ("legal_services", "A12")]):
        a = apps.register_application(township, applicant(kind, n), acting_user=office_admin, channel="in_person",
                                      arrived_on=date(2025, 3, 3 + n))
        apps.reply(a, acting_user=office_admin, on=date(2025, 3, 20 + n), reply_code=code)

    context, page = _person_page(browser, live_server, office_admin)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.get_by_role("link", name="统计与年报").first.click()
    page.locator('[data-chart="monthly"] svg').first.wait_for(state="visible")  # ECharts drew under the CSP
    assert not [e for e in errors if "Content Security Policy" in e]
    page.get_by_label(re.compile("生成年度报告")).fill("2025")
    page.get_by_role("button", name="生成").click()
    assert page.get_by_role("heading", name="东升乡人民政府2025年政府信息公开工作年度报告").first.is_visible()
    assert page.locator("table.t3 td.num").first.inner_text() == "1"

    page.get_by_role("button", name="提交第一责任人审定").click()
    assert page.get_by_text("年度报告未通过校验，不能提交审定").is_visible()

    for heading in PLACEHOLDER_PARTS:
        page.locator("#h-texts").locator("xpath=..").get_by_role("row", name=re.compile(re.escape(heading))) \
            .get_by_role("link", name="编辑").click()
        text = page.get_by_label("内容")
        text.fill(text.input_value().replace("【待填写：", "").replace("】", "（已核实）"))
        page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="0").and_(page.locator('a[href*="/cells/table3/received/research/"]')).click()
    assert page.get_by_text("没有登记记录（数值为0）。").is_visible()
    page.go_back()
    page.get_by_role("button", name="提交第一责任人审定").click()
    assert page.get_by_text("已提交第一责任人审定。").is_visible()
    context.close()

    context, page = _person_page(browser, live_server, deputy)
    page.get_by_role("link", name="统计与年报").first.click()
    page.get_by_role("link", name="东升乡人民政府2025年政府信息公开工作年度报告").first.click()
    page.get_by_label("审定意见（可选）").fill("同意发布。")
    page.get_by_role("button", name="审定通过").click()
    assert page.get_by_text("已审定，可以发布。").is_visible()
    context.close()

    context, page = _person_page(browser, live_server, office_admin)
    page.get_by_role("link", name="统计与年报").first.click()
    page.get_by_role("link", name="东升乡人民政府2025年政府信息公开工作年度报告").first.click()
    page.get_by_role("button", name="发布到政府信息公开年报栏目").click()
    assert page.get_by_text("已在政府信息公开年报栏目发布。").is_visible()
    context.close()

    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto(f"/gk/{township.code}/column/annual_report/")
    public.get_by_role("link", name="东升乡人民政府2025年政府信息公开工作年度报告").click()
    assert public.get_by_role("heading", name="东升乡人民政府2025年政府信息公开工作年度报告").is_visible()
    assert public.get_by_role("columnheader", name="申请人情况").is_visible()
    pdf = public.request.get(f"/gk/{township.code}/annual-reports/2025.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    public.context.close()

    context, page = _person_page(browser, live_server, supervisor)
    page.goto("/manage/reports/county/?year=2025")
    row = page.get_by_role("row", name=re.compile("东升乡人民政府"))
    assert row.first.get_by_text("已发布").is_visible()
    context.close()


def test_the_dashboard_is_readable_without_javascript(browser, live_server, township, office_admin):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    login(page, office_admin.username)
    page.goto("/manage/reports/")
    assert page.get_by_role("row", name=re.compile("新收申请（件）")).is_visible()
    assert page.locator('[data-chart="monthly"]').is_hidden()
    context.close()
