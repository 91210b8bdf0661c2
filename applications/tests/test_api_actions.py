"""The API's `actions` on every application (list and detail): what the requesting person may record now, read from
the applications workflow, each with the endpoint that records it; and the two 视为放弃 endpoints the list names."""

from datetime import date

import pytest
import time_machine

from agencies.tests.clients import client_for
from applications import services
from applications.models import Status

from .conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _friday():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


def _correction(agency, user, deadline):
    application = register(agency, user, on=date(2026, 3, 16))
    services.request_correction(application, acting_user=user, on=date(2026, 3, 17), items="请写明所需信息的年份。",
                                deadline=deadline)
    return application


def _action(pk, name, label):
    return {"name": name, "label": label, "method": "POST", "url": f"http://testserver/api/v1/applications/{pk}/{name}/"}


def test_the_detail_lists_the_actions_the_person_may_record_now(township, office_admin, deputy):
    passed = _correction(township, office_admin, deadline=date(2026, 3, 19))
    running = _correction(township, office_admin, deadline=date(2026, 3, 25))
    api = client_for("api", office_admin)
    assert api.get(f"/api/v1/applications/{passed.pk}/").json()["actions"] == [
        _action(passed.pk, "receive-correction", "收到补正"),
        _action(passed.pk, "abandon-correction", "逾期未补正，视为放弃（A21）")]
    assert api.get(f"/api/v1/applications/{running.pk}/").json()["actions"] == [
        _action(running.pk, "receive-correction", "收到补正")]  # 视为放弃 only after the period
    assert client_for("api", deputy).get(f"/api/v1/applications/{passed.pk}/").json()["actions"] == []


def test_an_event_returns_the_actions_of_the_new_state(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 16))
    body = client_for("api", office_admin).post(f"/api/v1/applications/{application.pk}/reply/",
                                                {"date": "2026-03-20", "reply_code": "A2"}, format="json").json()
    assert (body["status"], body["actions"]) == ("replied", [_action(application.pk, "deliver", "登记送达")])


def test_the_list_gives_each_application_its_actions_without_a_query_per_row(township, office_admin, supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = client_for("api", office_admin)

    def read():
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/applications/?status=open")
        assert response.status_code == 200
        return response.json()["results"], len(captured)

    first = register(township, office_admin, on=date(2026, 3, 16))
    rows, one = read()
    assert rows[0]["actions"] == [_action(first.pk, name, label) for name, label in [
        ("request-correction", "告知补正"), ("start-consultation", "征求第三方或其他机关意见"), ("extend", "延期答复"),
        ("reasonable-period", "确定延迟答复的合理期限（申请数量、频次明显超过合理范围，条例第三十五条）"),
        ("fee-notice", "发出收费通知"), ("reply", "答复"), ("split", "拆分申请（一事一申请）")]]
    _correction(township, office_admin, deadline=date(2026, 3, 19))
    extended = register(township, office_admin, on=date(2026, 3, 16))
    services.extend(extended, acting_user=office_admin, on=date(2026, 3, 17), days=10, reason="需要调取档案")
    charged = register(township, office_admin, on=date(2026, 3, 16))
    services.send_fee_notice(charged, acting_user=office_admin, on=date(2026, 3, 17), method="per_page", pages=40)
    for _ in range(4):
        register(township, office_admin, on=date(2026, 3, 16))
    rows, eight = read()
    assert len(rows) == 8 and eight == one
    by_id = {row["id"]: [a["name"] for a in row["actions"]] for row in rows}
    assert "extend" not in by_id[extended.pk] and "fee-notice" in by_id[extended.pk]
    assert by_id[charged.pk] == ["extend", "reasonable-period", "fee-notice-received", "fee-paid", "waive-fee"]
    county = client_for("api", supervisor).get("/api/v1/applications/?status=open").json()["results"]
    assert len(county) == 8 and all(row["actions"] == [] for row in county)  # the county reads, handles none


def test_following_the_abandon_action_concludes_the_application_as_a21(township, office_admin, deputy):
    application = _correction(township, office_admin, deadline=date(2026, 3, 19))
    [_, abandon] = client_for("api", office_admin).get(f"/api/v1/applications/{application.pk}/").json()["actions"]
    assert client_for("api", deputy).post(abandon["url"], {"date": "2026-03-20"}, format="json").status_code == 403
    response = client_for("api", office_admin).post(abandon["url"], {"date": "2026-03-20", "text": "逾期未补正"},
                                                     format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["reply_code"], body["reply_text"]) == (Status.ABANDONED, "A21", "逾期未补正")
    assert [a["name"] for a in body["actions"]] == ["deliver", "archive"]


def test_abandoning_for_an_unpaid_fee_before_the_period_ends_is_refused(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 16))
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 3, 17), method="per_page", pages=40)
    response = client_for("api", office_admin).post(f"/api/v1/applications/{application.pk}/abandon-fee/",
                                                     {"date": "2026-03-20"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "abandonment_not_due")
    application.refresh_from_db()
    assert application.status == Status.AWAITING_FEE


def test_the_schema_documents_the_actions_and_the_abandon_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    for name in ("Application", "ApplicationList"):
        actions = components[name]["properties"]["actions"]
        assert actions["type"] == "array" and actions["items"]["$ref"] == "#/components/schemas/Action"
    assert set(components["Action"]["properties"]) == {"name", "label", "method", "url"}
    for action in ("abandon-correction", "abandon-fee"):
        assert f"/api/v1/applications/{{id}}/{action}/" in schema["paths"]
