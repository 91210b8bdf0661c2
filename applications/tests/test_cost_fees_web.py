"""The 2007 cost fees from the back office and the API: the fee-notice form and endpoint take the items for an
application under the 2007 rules and the 信息处理费 method for one under the 2019 rules, refuse the other with a
Chinese message and a 4xx, and show the items (the fee notice serializer, the detail page)."""

from datetime import date

import pytest

from agencies.tests.clients import client_for
from applications.models import FeeNotice, Status

from .conftest import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]

RECEIVED = date(2017, 9, 29)


def _url(application, action):
    return f"/api/v1/applications/{application.pk}/{action}/"


# --- API ------------------------------------------------------------------------------------------------------------

def test_the_api_sends_a_cost_fee_notice_and_returns_its_items(township, office_admin):
    application = register(township, office_admin, on=RECEIVED)
    api = client_for("api", office_admin)
    listed = api.get(f"/api/v1/applications/{application.pk}/").json()["actions"]
    assert "fee-notice" in [a["name"] for a in listed]

    response = api.post(_url(application, "fee-notice"), {
        "date": "2017-10-09", "standard": "望奎县物价局核定标准",
        "items": [{"kind": "copying", "quantity": 30, "unit_price": "0.50", "description": "A4纸复印"},
                  {"kind": "postage", "quantity": 1, "unit_price": "12.00"}]}, format="json")

    assert response.status_code == 200, response.json()
    fee = response.json()["fee"]
    assert (fee["method"], fee["fee_name"], fee["computed_amount"], fee["amount"], fee["standard"]) == (
        "cost", "检索、复制、邮寄等成本费用", "27.00", "27.00", "望奎县物价局核定标准")
    assert fee["items"] == [
        {"kind": "copying", "kind_label": "复制费", "description": "A4纸复印", "unit": "页", "quantity": 30,
         "unit_price": "0.50", "amount": "15.00"},
        {"kind": "postage", "kind_label": "邮寄费", "description": "", "unit": "件", "quantity": 1,
         "unit_price": "12.00", "amount": "12.00"}]
    assert response.json()["status"] == Status.AWAITING_FEE

    waived = api.post(_url(application, "waive-fee"), {"date": "2017-10-10", "reason": "持低保证明",
                                                       "waiver_ground": "exempt_group", "amount": "0"}, format="json")
    assert waived.status_code == 200, waived.json()
    assert (waived.json()["fee"]["waiver_ground"], waived.json()["fee"]["waived_amount"],
            waived.json()["fee"]["reduced_on"]) == ("exempt_group", "27.00", "2017-10-10")


@pytest.mark.parametrize(("received", "data", "status", "code"), [
    # a 2007 application: the 2019 tiers are refused
    (RECEIVED, {"method": "per_page", "pages": 300}, 400, "fee_rule_set_mismatch"),
    # a 2019 application: the cost fees are refused
    (date(2026, 6, 1), {"items": [{"kind": "copying", "quantity": 30, "unit_price": "0.50"}]}, 400,
     "fee_rule_set_mismatch"),
    # both at once
    (RECEIVED, {"method": "per_page", "items": [{"kind": "copying", "quantity": 3, "unit_price": "1"}]}, 400,
     "fee_both_methods"),
    # a ground without a cost fee
    (date(2026, 6, 1), {"method": "per_page", "pages": 40, "waiver_ground": "hardship"}, 400,
     "waiver_ground_not_applicable"),
])
def test_the_api_refuses_the_other_rule_sets_fee(township, office_admin, received, data, status, code):
    application = register(township, office_admin, on=received)
    response = client_for("api", office_admin).post(_url(application, "fee-notice"),
                                                    {"date": received.isoformat(), **data}, format="json")
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
    assert "。" in response.json()["detail"] and not FeeNotice.objects.exists()


@pytest.mark.parametrize("item", [
    {"kind": "lawyer", "quantity": 1, "unit_price": "1"},
    {"kind": "copying", "quantity": 0, "unit_price": "1"},
    {"kind": "copying", "quantity": 1, "unit_price": "1.005"},
    {"kind": "copying", "quantity": "many", "unit_price": "1"},
])
def test_malformed_items_are_a_400_never_a_500(township, office_admin, item):
    application = register(township, office_admin, on=RECEIVED)
    response = client_for("api", office_admin).post(_url(application, "fee-notice"),
                                                    {"date": "2017-10-09", "items": [item]}, format="json")
    assert response.status_code == 400 and not FeeNotice.objects.exists()


# --- back office ----------------------------------------------------------------------------------------------------

def test_the_back_office_form_asks_for_the_costs_of_a_2007_application_and_the_method_of_a_2019_one(
        township, office_admin):
    old = register(township, office_admin, on=RECEIVED)
    new = register(township, office_admin, on=date(2026, 12, 1))
    web = client_for("web", office_admin)
    old_page = web.get(f"/manage/applications/{old.pk}/").content.decode()
    assert "检索费：数量（人次）" in old_page and "复制费：单价（元/页）" in old_page and "收费标准依据" in old_page
    assert "本申请适用2007年条例：依申请提供政府信息可以收取检索、复制、邮寄等成本费用" in old_page
    assert 'name="fee-notice-method"' not in old_page
    new_page = web.get(f"/manage/applications/{new.pk}/").content.decode()
    assert 'name="fee-notice-method"' in new_page and "检索费：数量" not in new_page


def test_the_back_office_sends_a_cost_fee_notice_and_shows_its_items(township, office_admin):
    application = register(township, office_admin, on=RECEIVED)
    web = client_for("web", office_admin)
    response = web.post(f"/manage/applications/{application.pk}/fee-notice/", {
        "fee-notice-date": "2017-10-09", "fee-notice-retrieval_quantity": "1", "fee-notice-retrieval_unit_price": "5",
        "fee-notice-copying_quantity": "30", "fee-notice-copying_unit_price": "0.50",
        "fee-notice-copying_description": "A4纸复印", "fee-notice-standard": "望奎县物价局核定标准"})
    assert response.status_code == 302
    fee = FeeNotice.objects.get(application=application)
    assert (fee.method, fee.computed_amount, fee.items.count()) == ("cost", 20, 2)
    page = web.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "复制费（A4纸复印）：30页 × 0.50元 = 15.00元" in page and "收费标准：望奎县物价局核定标准" in page
    # the waiver form asks for the ground
    assert 'name="waive-fee-ground"' in page

    response = web.post(f"/manage/applications/{application.pk}/waive-fee/", {
        "waive-fee-date": "2017-10-10", "waive-fee-amount": "0", "waive-fee-reason": "家庭经济困难",
        "waive-fee-ground": "hardship", "waive-fee-approver": ""})
    assert response.status_code == 302
    fee.refresh_from_db()
    assert (fee.outcome, fee.waiver_ground) == ("waived", "hardship")


def test_a_half_filled_item_or_the_other_rule_sets_fee_is_refused_on_the_page(township, office_admin):
    old = register(township, office_admin, on=RECEIVED)
    web = client_for("web", office_admin)
    response = web.post(f"/manage/applications/{old.pk}/fee-notice/", {
        "fee-notice-date": "2017-10-09", "fee-notice-copying_quantity": "30"})
    assert response.status_code == 400
    assert "复制费请同时填写数量和单价（不收取的两项都不填）。" in response.content.decode()
    response = web.post(f"/manage/applications/{old.pk}/fee-notice/", {"fee-notice-date": "2017-10-09"})
    assert response.status_code == 400 and "请逐项填写收费项目" in response.content.decode()
    # a 2019 application posted with the 2007 items: the form has no such fields, the method is required
    new = register(township, office_admin, on=date(2026, 12, 1))
    response = web.post(f"/manage/applications/{new.pk}/fee-notice/", {
        "fee-notice-date": "2026-12-02", "fee-notice-copying_quantity": "30", "fee-notice-copying_unit_price": "1"})
    assert response.status_code == 400 and not FeeNotice.objects.exists()
