"""Disclosure on application end to end, in a real browser: an applicant applies online on the portal and gets a
查询码; the township's 信息公开办 confirms receipt and replies in the back office; the applicant sees the reply and
its letter on the tracking page."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from applications.models import Application, Status

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def friday():
    # A fixed working day inside the loaded calendar (2026), time still running: the due date stays computable.
    with time_machine.travel("2026-11-27 09:30 +0800", tick=True):
        yield


def test_apply_online_confirm_reply_and_track(page, township, office_admin, friday):
    # The applicant applies on the portal.
    page.goto("/apply/")
    page.get_by_label("向哪个机关申请").select_option(label="东升乡人民政府")
    expect(page.get_by_label("公民", exact=True)).to_be_checked()
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件号码").fill("231221198001010116")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("通信地址").fill("黑龙江省绥化市望奎县东升乡东升村3组")
    page.get_by_label("所需信息的名称、文号或者特征性描述").fill("东升乡2026年农村最低生活保障审批名单及发放标准")
    page.get_by_label("我确认以上填写的内容真实、准确").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="政府信息公开申请回执")).to_be_visible()
    code = page.locator(".tracking-code strong").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{12}", code)
    expect(page.get_by_text("已提交，待确认")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("231221198001010116")

    application = Application.objects.get(tracking_code=code)
    assert application.status == Status.AWAITING_CONFIRMATION

    # The 信息公开办 confirms receipt with the applicant and replies.
    login(page, "office")
    page.goto("/manage/applications/?status=awaiting_confirmation")
    page.get_by_role("link", name=application.number).click()
    expect(page.locator("#application-status")).to_have_text("待确认")
    confirm = page.locator("#event-confirm-receipt")
    confirm.locator("summary").click()
    confirm.get_by_label("日期").fill("2026-11-27")
    confirm.get_by_label("确认方式").fill("电话确认")
    confirm.get_by_role("button", name="确认收到申请").click()
    expect(page.get_by_text("已确认收到申请，答复期限开始计算。")).to_be_visible()
    expect(page.locator("#due-explanation")).to_have_text(
        "收到申请 2026年11月27日，次日起算；答复期限20个工作日，截止2026年12月25日")
    reply = page.locator("#event-reply")
    reply.locator("summary").click()
    reply.get_by_label("日期").fill("2026-11-27")
    reply.get_by_label("答复类型（只能选一个）").select_option("A2")
    reply.get_by_label("答复内容或理由").fill("所需信息随本答复书一并提供。")
    reply.get_by_role("button", name="答复").click()
    expect(page.locator("#application-status")).to_have_text("已答复")
    expect(page.get_by_role("cell", name="政府信息公开申请答复书")).to_be_visible()

    # The applicant tracks it with the 查询码 (no login).
    page.context.clear_cookies()
    page.goto("/track/")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".public-status").first).to_have_text("已答复")
    expect(page.get_by_text("2026年11月27日").first).to_be_visible()
    letter_link = page.get_by_role("link", name="政府信息公开申请答复书（PDF）")
    expect(letter_link).to_be_visible()
    with page.expect_download() as download:
        letter_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    expect(page.locator("main")).not_to_contain_text("13812345678")
