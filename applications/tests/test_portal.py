"""The public pages: apply online (the same service as the API), the receipt with the 查询码, tracking, throttling."""

import re
from datetime import date

import pytest
from django.core.cache import cache

from applications import services
from applications.models import Application, Channel, Status

from .conftest import ID_ZHANG, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(agency, client, **overrides):
    page = client.get("/apply/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {"agency": agency.code, "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card",
            "id_number": ID_ZHANG, "phone": "13812345678", "address": "黑龙江省绥化市望奎县东升乡东升村3组",
            "postcode": "152100", "email": "", "description": "东升乡2026年农村低保审批名单", "doc_no": "",
            "form_of_provision": "paper", "route": "post", "declaration": "on", "token": token, "website": ""}
    data.update(overrides)
    return data


def test_the_form_has_the_fields_of_article_29(client, township):
    page = client.get("/apply/").content.decode()
    for label in ("申请人类型", "公民", "法人或者其他组织：商业企业", "法人或者其他组织：科研机构", "姓名或名称", "证件类型",
                  "证件号码", "联系电话", "通信地址", "电子邮箱", "所需信息的名称、文号或者特征性描述", "获取信息的方式",
                  "获取信息的途径", township.name):
        assert label in page


def test_apply_online_and_get_a_printable_receipt_with_the_tracking_code(client, township):
    response = client.post("/apply/", form_data(township, client))
    assert response.status_code == 302 and response["Location"] == "/apply/receipt/"
    application = Application.objects.get()
    assert (application.channel, application.status, application.arrived_on, application.received_on) == (
        Channel.ONLINE, Status.AWAITING_CONFIRMATION, date(2026, 12, 30), None)
    receipt = client.get("/apply/receipt/").content.decode()
    assert application.tracking_code in receipt and application.number in receipt
    assert "张*" in receipt and ID_ZHANG not in receipt and "13812345678" not in receipt and "东升村3组" not in receipt


def test_a_double_submission_creates_one_application(client, township):
    data = form_data(township, client)
    client.post("/apply/", data)
    client.post("/apply/", data)
    assert Application.objects.count() == 1


def test_an_invalid_id_number_is_shown_on_the_form_with_what_was_typed(client, township):
    response = client.post("/apply/", form_data(township, client, id_number="231221198001011230"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "居民身份证号码不正确" in page and "东升乡2026年农村低保审批名单" in page
    assert not Application.objects.exists()


def test_an_organisation_needs_a_valid_credit_code(client, township):
    response = client.post("/apply/", form_data(township, client, applicant_type="business", id_type="uscc",
                                                id_number="91231221MA1B2C3D4X", applicant_name="某公司"))
    assert response.status_code == 400 and "统一社会信用代码不正确" in response.content.decode()


def test_a_flood_from_one_address_is_throttled(client, township):
    statuses = [client.post("/apply/", form_data(township, client, id_number="bad")).status_code for _ in range(6)]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429
    assert "提交过于频繁" in client.post("/apply/", form_data(township, client)).content.decode()
    assert not Application.objects.exists()


def test_tracking_shows_state_due_date_and_letters_but_no_personal_data(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2), channel=Channel.EMAIL)
    services.confirm_receipt(application, acting_user=office_admin, on=date(2026, 3, 3))
    response = client.post("/track/", {"code": application.tracking_code.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "办理中" in page and "2026年3月31日" in page and "政府信息公开申请登记回执" in page
    assert ID_ZHANG not in page and "13812345678" not in page and "东升村" not in page and "张三" not in page
    letter = application.letters.get()
    download = client.get(f"/track/letters/{letter.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_letters_need_the_tracking_code_in_this_session(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    letter = application.letters.get()
    assert client.get(f"/track/letters/{letter.pk}/").status_code == 404


def test_an_unknown_tracking_code(client):
    response = client.post("/track/", {"code": "ABCDEFGHJKMN"})
    assert response.status_code == 404 and "未找到该查询码" in response.content.decode()


def test_a_replied_application_shows_its_reply(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 10), reply_code="A12")
    page = client.post("/track/", {"code": application.tracking_code}).content.decode()
    assert "已答复" in page and "经检索没有所申请公开信息" in page and "政府信息公开申请答复书" in page


def _dangling_references(page: str) -> set[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    referenced = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()}
    return referenced - ids


def test_help_texts_and_errors_are_tied_to_their_fields(client, township):
    """Screen readers read a field's help and its error with the field: every aria-describedby points at an element
    of the page, and a field in error says so (aria-invalid)."""
    assert _dangling_references(client.get("/apply/").content.decode()) == set()
    page = client.post("/apply/", form_data(township, client, id_number="231221198001011230")).content.decode()
    assert _dangling_references(page) == set()
    field = re.search(r'<input[^>]*name="id_number"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and "id_id_number_error" in field
    assert 'id="id_id_number_error" role="alert"' in page


def test_tracking_never_names_the_party_consulted(client, township, office_admin):
    """The applicant sees that a consultation stops the clock, not who was consulted (a third party's identity is
    protected like the applicant's own)."""
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 3, 9), party="third_party",
                                party_name="李某某（房屋承租人）")
    page = client.post("/track/", {"code": application.tracking_code}).content.decode()
    assert "征求第三方意见（尚未答复，暂计至答复期限） 3月9日至3月30日不计入" in page
    assert "李某某" not in page and "征求意见函" not in page  # the letter to the party is not the applicant's
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 20), outcome="objected")
    page = client.post("/track/", {"code": application.tracking_code}).content.decode()
    assert "征求第三方意见 3月9日至3月20日不计入（10个工作日）" in page and "李某某" not in page


def test_a_provisional_due_date_is_explained_to_the_applicant_without_a_guess(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 21))
    page = client.post("/track/", {"code": application.tracking_code}).content.decode()
    assert "答复期限" in page and "待定" in page and "2027年" not in page  # no date guessed
    receipt = application.letters.get()
    assert "答复截止日期：待定。" in receipt.body and "本机关确定后另行告知。" in receipt.body


def test_tracking_shows_the_article_35_period_and_its_reason_without_names(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.set_reasonable_period(application, acting_user=office_admin, on=date(2026, 3, 20),
                                   due_on=date(2026, 5, 29), reason="申请数量较多，需逐件检索档案")
    page = client.post("/track/", {"code": application.tracking_code}).content.decode()
    assert "2026年5月29日" in page and "需逐件检索档案" in page and "第三十五条" in page
    assert "孙公开" not in page and "张三" not in page
    assert "政府信息公开申请延迟答复告知书" in page  # the letter goes to the applicant


def test_tracking_names_the_cost_fee_of_a_2007_application_and_a_pending_correction_period(
        client, township, office_admin):
    charged = register(township, office_admin, on=date(2017, 9, 29))
    services.send_cost_fee_notice(charged, acting_user=office_admin, on=date(2017, 10, 9),
                                  items=[{"kind": "copying", "quantity": 30, "unit_price": "0.50"}])
    page = client.post("/track/", {"code": charged.tracking_code}).content.decode()
    assert "检索、复制、邮寄等成本费用" in page and "15.00元" in page and "信息处理费" not in page
    assert "政府信息公开收费通知书" in page
    correcting = register(township, office_admin, on=date(2026, 12, 28))
    services.request_correction(correcting, acting_user=office_admin, on=date(2026, 12, 29), items="请写明年份。")
    page = client.post("/track/", {"code": correcting.tracking_code}).content.decode()
    assert "补正期限" in page and "待定" in page and "2027年" not in page
