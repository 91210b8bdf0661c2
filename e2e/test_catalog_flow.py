"""End-to-end: the public portal and the whole approval flow, in headless Debian chromium."""

import re

import pytest

from catalog.models import Item
from catalog.tests.factories import ItemFactory

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_browses_searches_and_reads_an_item(page, township, category):
    ItemFactory(agency=township, category=category, title="关于做好秸秆禁烧工作的通知",
                body_html="<p>各村要加强巡查，严禁露天焚烧秸秆。</p>", doc_no="东政发〔2017〕8号")
    page.goto("/")
    page.get_by_role("link", name="东升乡人民政府").first.click()
    page.get_by_role("link", name=re.compile("公告公示")).first.click()
    page.get_by_role("link", name="关于做好秸秆禁烧工作的通知").click()
    assert page.get_by_role("heading", name="关于做好秸秆禁烧工作的通知").is_visible()
    assert page.locator("table.meta-table").inner_text().count("东政发〔2017〕8号") == 1

    page.get_by_label("搜索政府信息").fill("巡查 秸秆")
    page.get_by_label("搜索政府信息").press("Enter")
    assert page.locator("mark").first.inner_text() in ("巡查", "秸秆")
    assert page.get_by_role("link", name="关于做好秸秆禁烧工作的通知").is_visible()


def test_elder_mode_enlarges_text_without_javascript(browser, live_server, township):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="长辈版（大字）").click()
    assert "elder" in (page.locator("body").get_attribute("class") or "")
    page.get_by_role("link", name="切换到标准版").click()
    assert "elder" not in (page.locator("body").get_attribute("class") or "")
    context.close()


def test_keyboard_users_can_skip_to_the_content(page, township):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"


def test_the_whole_approval_flow_in_the_browser(browser, live_server, township, category, party_office, clerk,
                                                reviewer, deputy, principal):
    def as_person(user):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, user.username)
        return context, page

    context, page = as_person(clerk)
    page.get_by_role("link", name="起草新信息").first.click()
    page.get_by_label("名称").fill("关于开展春季防火宣传的通知")
    page.get_by_label("信息分类").select_option(label="法定主动公开内容 / 公告公示")
    page.get_by_label("起草办所").select_option(label="党政办公室")
    page.get_by_label("生成日期").fill("2026-11-20")
    page.get_by_label("文号").fill("东政发[2026]21号")
    page.get_by_label("内容概述").fill("春季森林草原防火宣传安排。")
    page.get_by_label("正文").fill("<p>各村：请于3月底前完成防火宣传。联系人电话13812345678。</p>")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("已提交审核。").is_visible()
    context.close()

    context, page = as_person(reviewer)
    page.get_by_role("link", name="关于开展春季防火宣传的通知").first.click()
    assert page.get_by_text("138****5678").first.is_visible()
    page.get_by_role("button", name="提交审查结论").click()  # refused: the finding is not acknowledged yet
    assert page.get_by_text("尚未确认").is_visible()
    page.get_by_placeholder("处理说明（如：已删除）").fill("删除联系电话")
    page.get_by_role("button", name="确认").click()
    page.get_by_label("保密审查结果").select_option(label="部分公开")
    page.get_by_label("删除内容说明（部分公开时必填）").fill("删除个人联系电话")
    page.locator("summary", has_text="部分公开：修改正文").click()
    page.get_by_label("删除后的正文（部分公开时可修改）").fill("<p>各村：请于3月底前完成防火宣传。</p>")
    page.get_by_role("button", name="提交审查结论").click()
    assert page.get_by_text("审核意见已提交。").is_visible()
    context.close()

    for person in (deputy, principal):
        context, page = as_person(person)
        page.get_by_role("link", name="关于开展春季防火宣传的通知").first.click()
        page.get_by_label("审核意见").fill("同意。")
        page.get_by_role("button", name="同意").click()
        assert page.get_by_text("审核意见已提交。").is_visible()
        context.close()

    item = Item.objects.get(title="关于开展春季防火宣传的通知")
    assert item.status == Item.Status.PUBLISHED and item.doc_no == "东政发〔2026〕21号"
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/item/{item.index_no}/")
    assert page.get_by_role("heading", name="关于开展春季防火宣传的通知").is_visible()
    assert "13812345678" not in page.content()
    assert page.get_by_text(item.index_no).first.is_visible()
    context.close()
