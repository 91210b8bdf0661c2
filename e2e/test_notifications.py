"""Notices end to end: an online applicant who gave an e-mail address and a mobile number gets the receipt notice,
then the reply notice (the development file backends, as a developer reads them), and follows the notice's link to
the tracking page, where the 查询码 from the notice shows the reply."""

import email
import json
import re
from email.policy import default

import pytest
import time_machine
from playwright.sync_api import expect

from applications import services
from applications.models import Application
from notifications.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)

ID_NUMBER = "231221198001010116"


@pytest.fixture
def file_backends(settings, tmp_path, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.SMS_BACKEND = "oversight.sms.FileSmsBackend"  # the setting's old value keeps working
    settings.VAR_DIR = tmp_path
    settings.GONGKAI_BASE_URL = live_server.url
    return tmp_path


def mails(folder) -> list:
    """Every message the file e-mail backend wrote, decoded."""
    found = []
    # The backend names its files by the second and an object id, so files of one second sort in no set order.
    for path in sorted((folder / "mail").glob("*.log"), key=lambda path: path.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip(), policy=default))
    return found


def texts(folder) -> list[dict]:
    return [json.loads(line) for path in sorted((folder / "sms").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_online_applicant_gets_the_receipt_and_the_reply_and_follows_the_link(page, live_server, township,
                                                                                  office_admin, file_backends):
    with time_machine.travel("2026-11-27 09:30 +0800", tick=True):
        page.goto("/apply/")
        page.get_by_label("向哪个机关申请").select_option(label="东升乡人民政府")
        page.get_by_label("姓名或名称").fill("张三")
        page.get_by_label("证件号码").fill(ID_NUMBER)
        page.get_by_label("联系电话").fill("13812345678")
        page.get_by_label("通信地址").fill("黑龙江省绥化市望奎县东升乡东升村3组")
        page.get_by_label("电子邮箱").fill("zhangsan@example.com")
        page.get_by_label("所需信息的名称、文号或者特征性描述").fill("东升乡2026年农村最低生活保障审批名单及发放标准")
        expect(page.get_by_label("通过电子邮件或手机短信告知办理进展")).to_be_checked()
        page.get_by_label("我确认以上填写的内容真实、准确").check()
        page.get_by_role("button", name="提交申请").click()
        expect(page.get_by_role("heading", name="政府信息公开申请回执")).to_be_visible()
        code = page.locator(".tracking-code strong").inner_text().strip()

        # The receipt notice, by e-mail and by SMS.
        [receipt] = mails(file_backends)
        [receipt_text] = texts(file_backends)
        body = receipt.get_body().get_content()
        assert receipt["To"] == "zhangsan@example.com" and code in receipt["Subject"] and code in body
        assert receipt_text["to"] == "13812345678" and code in receipt_text["body"]
        assert ID_NUMBER not in body + receipt_text["body"]

        # The agency confirms receipt and replies (the back office is tested in test_applications.py).
        application = Application.objects.get(tracking_code=code)
        services.confirm_receipt(application, acting_user=office_admin, on=application.arrived_on,
                                 note="电话确认")
        services.reply(application, acting_user=office_admin, on=application.arrived_on, reply_code="A2",
                       text="所需信息随本答复书一并提供。")

    [reply] = [message for message in mails(file_backends) if "您的申请已作出答复" in message["Subject"]]
    reply_body = reply.get_body().get_content()
    assert "《政府信息公开申请答复书》" in reply_body
    assert sum("已答复您的申请" in text["body"] for text in texts(file_backends)) == 1
    assert ID_NUMBER not in reply_body
    assert list(Delivery.objects.order_by("pk").values_list("event", "channel", "status")) == [
        ("application.received", "email", "sent"), ("application.received", "sms", "sent"),
        ("application.confirmed", "email", "sent"), ("application.confirmed", "sms", "sent"),
        ("application.replied", "email", "sent"), ("application.replied", "sms", "sent")]

    # The applicant follows the notice's link, types the 查询码 from the notice, and sees the reply and its letter.
    link = re.search(r"查询办理进展、下载文书：(\S+)（", reply_body).group(1)
    notice_code = re.search(r"查询码：([A-Z0-9]{12})", reply_body).group(1)
    assert link == f"{live_server.url}/track/"
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_label("查询码").fill(notice_code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".public-status").first).to_have_text("已答复")
    expect(page.get_by_role("link", name="政府信息公开申请答复书（PDF）")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(ID_NUMBER)
