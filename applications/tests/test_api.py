"""The staff API: registration, reading, one POST per event, the error codes, idempotency, permissions."""


import pytest
import time_machine
from rest_framework.test import APIClient

from applications.models import Application
from audit.models import AuditEvent
from security.tests.token_factories import api_key_for

from .conftest import ID_ZHANG, USCC_COMPANY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def payload(agency, **overrides):
    data = {"agency": agency.code, "channel": "in_person", "applicant_type": "natural_person",
            "applicant_name": "张三", "id_type": "id_card", "id_number": ID_ZHANG, "phone": "13812345678",
            "address": "黑龙江省绥化市望奎县东升乡东升村", "email": "", "description": "2026年东升乡低保名单",
            "form_of_provision": "paper", "arrived_on": "2026-03-02"}
    data.update(overrides)
    return data


@pytest.fixture
def api(office_admin):
    return client_for(office_admin)


def create(api, township, **overrides):
    response = api.post("/api/v1/applications/", payload(township, **overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def act(api, pk, action, **data):
    return api.post(f"/api/v1/applications/{pk}/{action}/", data, format="json")


def test_register_and_read(api, township):
    body = create(api, township)
    assert (body["status"], body["rule_set"], body["received_on"], body["due_date"]) == (
        "in_progress", "2019", "2026-03-02", "2026-03-30")
    assert body["due_date_explanation"] == "收到申请 2026年3月2日，次日起算；答复期限20个工作日，截止2026年3月30日"
    assert body["applicant"]["id_number"] != ID_ZHANG and body["applicant"]["masked"] is True
    assert body["applicant"]["phone"] == "138****5678"
    read = api.get(f"/api/v1/applications/{body['id']}/").json()
    assert {k: read[k] for k in ("status", "rule_set", "due_date", "reply_code")} == {
        "status": "in_progress", "rule_set": "2019", "due_date": "2026-03-30", "reply_code": ""}
    assert read["letters"][0]["title"] == "政府信息公开申请登记回执"


def test_a_session_through_correction_consultation_extension_and_reply(api, township):
    pk = create(api, township)["id"]
    r = act(api, pk, "request-correction", date="2026-03-04", items="请写明年份。", deadline="2026-03-18")
    assert (r.status_code, r.json()["status"], r.json()["due_date"]) == (200, "correction", None)
    r = act(api, pk, "receive-correction", date="2026-03-09")
    assert r.json()["due_date"] == "2026-04-07"
    r = act(api, pk, "start-consultation", date="2026-03-10", party="third_party", party_name="某公司")
    assert r.json()["status"] == "consultation"
    r = act(api, pk, "end-consultation", date="2026-03-20", outcome="agreed")
    assert r.json()["due_date"] == "2026-04-20"
    r = act(api, pk, "extend", date="2026-04-10", days=20, reason="需要调取多个村的档案")
    assert r.json()["due_date"] == "2026-05-20"
    assert "延期20个工作日经孙公开批准" in r.json()["due_date_explanation"]
    r = act(api, pk, "reply", date="2026-05-06", reply_code="A2")
    assert (r.json()["status"], r.json()["reply_code"], r.json()["reply_row"]) == ("replied", "A2", "granted")
    r = act(api, pk, "deliver", date="2026-05-07", method="post")
    assert r.json()["status"] == "delivered"
    r = act(api, pk, "archive", date="2026-05-08")
    assert r.json()["status"] == "archived"
    assert [letter["kind"] for letter in r.json()["letters"]] == [
        "receipt", "correction", "consultation", "extension", "reply"]


def test_fee_and_split_actions(api, township):
    pk = create(api, township)["id"]
    r = act(api, pk, "fee-notice", date="2026-03-03", method="per_page", pages=120)
    assert (r.status_code, r.json()["status"], r.json()["fee"]["amount"]) == (200, "awaiting_fee", "1100.00")
    r = act(api, pk, "waive-fee", date="2026-03-04", reason="申请人为低保户", amount="0")
    assert r.json()["status"] == "in_progress" and r.json()["fee"]["outcome"] == "waived"
    other = create(api, township)["id"]
    r = act(api, other, "split", date="2026-03-03", parts=["低保名单", "特困名单"])
    assert r.status_code == 201 and [p["number"] for p in r.json()] == ["2026-0002-1", "2026-0002-2"]
    pk2 = create(api, township)["id"]
    act(api, pk2, "fee-notice", date="2026-03-03", method="per_page", pages=40)
    r = act(api, pk2, "fee-paid", date="2026-03-05")
    assert r.json()["fee"]["outcome"] == "paid"


@pytest.mark.parametrize(("overrides", "code", "status"), [
    ({"id_number": ID_ZHANG[:-1] + ("0" if ID_ZHANG[-1] != "0" else "1")}, "invalid_id_number", 400),
    ({"applicant_type": "business", "id_type": "uscc", "id_number": USCC_COMPANY[:-1] + "0"}, "invalid_credit_code",
     400),
    ({"channel": "post", "arrived_on": "2026-03-05", "received_on": "2026-03-04"}, "received_before_arrival", 400),
    ({"arrived_on": "2027-01-04"}, "date_in_future", 400),
    ({"arrived_on": "2026/03/02"}, "invalid", 400),
    ({"channel": "pigeon"}, "invalid", 400),
])
def test_bad_registrations(api, township, overrides, code, status):
    response = api.post("/api/v1/applications/", payload(township, **overrides), format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]
    assert not Application.objects.exists()


def test_a_due_date_beyond_the_calendar_is_registered_as_provisional(api, township):
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        response = api.post("/api/v1/applications/", payload(township, arrived_on="2026-12-21"), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["due_date"] is None and "工作日历尚未载入2027年" in body["due_date_explanation"]
    assert Application.objects.get().due_is_provisional


def test_bad_actions_get_stable_codes_and_change_nothing(api, township):
    pk = create(api, township)["id"]
    cases = [
        ("reply", {"date": "2026-03-10"}, 400, "reply_code_required"),
        ("reply", {"date": "2026-03-10", "reply_code": "A30"}, 400, "unknown_reply_code"),
        ("extend", {"date": "2026-03-10", "days": 21, "reason": "x"}, 400, "extension_too_long"),
        ("extend", {"date": "2026-03-31", "days": 5, "reason": "x"}, 409, "extension_after_due_date"),
        ("fee-notice", {"date": "2026-03-10", "method": "per_application", "pages": 50}, 400, "fee_both_methods"),
        ("receive-correction", {"date": "2026-03-10"}, 409, "wrong_state"),
        ("confirm-receipt", {"date": "2026-03-10"}, 409, "wrong_state"),
        ("request-correction", {"date": "2026-03-20", "items": "x"}, 409, "correction_notice_late"),
        ("request-correction", {"date": "2027-01-04", "items": "x"}, 400, "date_in_future"),
        ("archive", {}, 400, "invalid"),
        ("consultation-received", {"date": "2026-03-10"}, 409, "wrong_state"),
        ("fee-notice-received", {"date": "2026-03-10"}, 409, "wrong_state"),
    ]
    before = api.get(f"/api/v1/applications/{pk}/").json()
    trail = (AuditEvent.objects.count(), Application.objects.get(pk=pk).updated_at)
    for action, data, status, code in cases:
        response = act(api, pk, action, **data)
        assert (response.status_code, response.json()["code"]) == (status, code), (action, response.json())
        assert response.json()["detail"], action
    assert api.get(f"/api/v1/applications/{pk}/").json() == before
    assert (AuditEvent.objects.count(), Application.objects.get(pk=pk).updated_at) == trail
    act(api, pk, "request-correction", date="2026-03-03", items="年份。")
    act(api, pk, "receive-correction", date="2026-03-04")
    response = act(api, pk, "request-correction", date="2026-03-05", items="再补正。")
    assert (response.status_code, response.json()["code"]) == (409, "correction_already_requested")


def test_double_submission_creates_one_application(api, township):
    first = api.post("/api/v1/applications/", payload(township), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    second = api.post("/api/v1/applications/", payload(township), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and Application.objects.count() == 1


def test_permissions(api, township, outsider, clerk, supervisor, deputy):
    pk = create(api, township)["id"]
    anonymous = APIClient().get(f"/api/v1/applications/{pk}/")
    assert anonymous.status_code in (401, 403)
    assert client_for(outsider).get(f"/api/v1/applications/{pk}/").status_code == 404
    assert act(client_for(outsider), pk, "reply", date="2026-03-10", reply_code="A2").status_code == 404
    response = client_for(clerk).post("/api/v1/applications/", payload(township), format="json")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    county = client_for(supervisor)
    assert county.get(f"/api/v1/applications/{pk}/").status_code == 200
    response = act(county, pk, "reply", date="2026-03-10", reply_code="A2")
    assert response.status_code == 403
    assert client_for(deputy).get(f"/api/v1/applications/{pk}/?personal=1").status_code == 403
    assert [a["id"] for a in county.get("/api/v1/applications/?status=open").json()["results"]] == [pk]


def test_unmasked_personal_data_is_audited(api, township, office_admin):
    pk = create(api, township)["id"]
    body = api.get(f"/api/v1/applications/{pk}/?personal=1").json()
    assert body["applicant"]["id_number"] == ID_ZHANG and body["applicant"]["masked"] is False
    assert AuditEvent.objects.filter(action="applications.personal_data.viewed", actor=office_admin).count() == 1


def test_code_lists_are_public(township):
    codes = APIClient().get("/api/v1/reply-codes/").json()
    assert len(codes) == 23
    partial = next(c for c in codes if c["code"] == "A3")
    assert partial["row"] == "partial" and partial["row_label"].startswith("（二）部分公开")
    types = APIClient().get("/api/v1/applicant-types/").json()
    assert [t["column"] for t in types] == ["natural_person", "business", "research", "public_interest",
                                           "legal_services", "other_org"]


def test_the_schema_documents_every_action():
    schema = APIClient().get("/api/schema/").content.decode()
    for action in ("confirm-receipt", "request-correction", "receive-correction", "start-consultation",
                   "consultation-received", "fee-notice-received",
                   "end-consultation", "extend", "fee-notice", "fee-paid", "waive-fee", "reply", "deliver", "split",
                   "archive"):
        assert f"/api/v1/applications/{{id}}/{action}/" in schema
    assert "/api/v1/reply-codes/" in schema and "/api/v1/applicant-types/" in schema



def _queries(callable_) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    assert getattr(result, "status_code", 200) == 200
    return len(captured)


def test_the_list_and_the_parts_of_a_split_run_a_bounded_number_of_queries(api, township, supervisor):
    """No query per row: the county's work list with 1 and with 8 applications; the parts a split returns, 2 or 5."""
    from api.serializers.applications import ApplicationSerializer
    from applications import selectors

    county = client_for(supervisor)
    create(api, township)
    one = _queries(lambda: county.get("/api/v1/applications/?status=open"))
    for _ in range(7):
        create(api, township)
    assert _queries(lambda: county.get("/api/v1/applications/?status=open")) == one

    def parts_read(n: int) -> int:
        pk = create(api, township)["id"]
        act(api, pk, "split", date="2026-03-03", parts=[f"第{i}项信息" for i in range(n)])
        parent = Application.objects.get(pk=pk)
        return _queries(lambda: ApplicationSerializer(selectors.parts_of(parent), many=True,
                                                      context={"personal": None}).data)

    assert parts_read(2) == parts_read(5)


def test_an_article_35_period_through_the_api(api, township):
    pk = create(api, township)["id"]  # received 2026-03-02, due 2026-03-30
    r = act(api, pk, "reasonable-period", date="2026-03-20", due_on="2026-03-30", reason="申请数量较多")
    assert (r.status_code, r.json()["code"]) == (400, "reasonable_period_not_later")
    r = act(api, pk, "reasonable-period", date="2026-03-20", due_on="2026-05-29", reason="申请数量较多，需逐件检索")
    assert (r.status_code, r.json()["due_date"]) == (200, "2026-05-29")
    assert r.json()["reasonable_period"] == {"due_on": "2026-05-29", "decided_on": "2026-03-20",
                                             "approved_by": "孙公开", "reason": "申请数量较多，需逐件检索",
                                             "original_due": "2026-03-30"}
    assert [letter["kind"] for letter in r.json()["letters"]] == ["receipt", "longer_period"]
    r = act(api, pk, "extend", date="2026-03-23", days=5, reason="档案")
    assert (r.status_code, r.json()["code"]) == (409, "reasonable_period_already_set")
