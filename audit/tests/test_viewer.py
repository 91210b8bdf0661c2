"""The audit administrator's page /manage/audit/: what they see (their agencies and below), the filters, keyset
pages newest first, the chain's state, and the XLSX export that is itself an audit event."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Role
from agencies.tests.clients import client_for
from agencies.tests.factories import person
from audit import services as audit_services
from audit.models import AuditEvent
from audit.services import record

from .test_chain import raw_delete

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def auditor(county):
    return person(county, Role.AUDIT_ADMIN, "auditor", full_name="吴审计")


@pytest.fixture
def township_auditor(township):
    return person(township, Role.AUDIT_ADMIN, "t_auditor", full_name="郑审计")


def ids_on(response) -> list[int]:
    return [event.pk for event, *_labels in response.context["rows"]]


def test_the_county_auditor_sees_every_event_and_a_township_auditor_only_the_township(
        county, township, other_township, office_admin, outsider, auditor, township_auditor):
    mine = record(township, "agencies.agency.updated", actor=office_admin, comment="东升乡")
    theirs = record(other_township, "agencies.agency.updated", actor=outsider, comment="先锋镇")
    system = record(office_admin, "agencies.user.created", actor=None, agency=None)
    county_wide = client_for("web", auditor).get("/manage/audit/")
    assert county_wide.status_code == 200
    assert {mine.pk, theirs.pk, system.pk} <= set(ids_on(county_wide))
    assert ids_on(client_for("web", township_auditor).get("/manage/audit/")) == [mine.pk]


def test_rows_are_newest_first_with_chinese_labels(township, office_admin, auditor):
    old = record(township, "applications.personal_data.viewed", actor=office_admin,
                 at=datetime(2017, 3, 1, 9, tzinfo=BEIJING))
    new = record(township, "agencies.agency.updated", actor=office_admin)
    response = client_for("web", auditor).get("/manage/audit/")
    assert ids_on(response)[:2] == [new.pk, old.pk]  # the chain's order, not created_at
    page = response.content.decode()
    assert "查看申请人个人信息" in page and "修改机关信息" in page and "孙公开" in page
    assert response.context["rows"][0][2] == "机关"  # the record's kind in Chinese
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_filters_narrow_the_events(county, township, other_township, office_admin, outsider, clerk, auditor):
    at = datetime(2026, 3, 10, 10, tzinfo=BEIJING)
    reveal = record(township, "applications.personal_data.viewed", actor=office_admin, at=at)
    update = record(township, "agencies.agency.updated", actor=clerk, at=datetime(2026, 3, 12, 23, 30, tzinfo=BEIJING))
    elsewhere = record(other_township, "agencies.agency.updated", actor=outsider, at=at)
    client = client_for("web", auditor)

    def ids(**params) -> set[int]:
        response = client.get("/manage/audit/", params)
        assert response.status_code == 200, response.content.decode()[:500]
        return set(ids_on(response)) & {reveal.pk, update.pk, elsewhere.pk}

    assert ids() == {reveal.pk, update.pk, elsewhere.pk}
    assert ids(date_from="2026-03-11", date_to="2026-03-12") == {update.pk}  # to the end of the day, Beijing time
    assert ids(date_to="2026-03-10") == {reveal.pk, elsewhere.pk}
    assert ids(agency=township.code) == {reveal.pk, update.pk}
    assert ids(agency=county.code) == {reveal.pk, update.pk, elsewhere.pk}  # the agency and those below it
    assert ids(actor="clerk") == {update.pk} == ids(actor="王乐")
    assert ids(group="personal_data") == {reveal.pk}
    assert ids(group="agencies") == {update.pk, elsewhere.pk}
    assert ids(action="agencies.agency.updated", agency=other_township.code) == {elsewhere.pk}
    assert ids(target_type="agencies.agency") == {reveal.pk, update.pk, elsewhere.pk}
    assert ids(target_type="agencies.office") == set()


@pytest.mark.parametrize("params, message", [
    ({"date_from": "2026-03-12", "date_to": "2026-03-01"}, "截止日期不能早于起始日期"),
    ({"date_from": "2026-02-30"}, "有效的日期"),
    ({"group": "nonsense"}, "选择一个有效的选项"),
    ({"before": "99999999999999999999"}, "确保该值小于或等于"),
    ({"date_to": "9999-12-31"}, "日期不能晚于9998年12月31日"),  # the day after overflowed: a 500
    ({"date_from": "0001-01-01"}, "日期不能早于1900年1月1日"),
])
def test_bad_filters_are_refused_with_the_reason(auditor, params, message):
    response = client_for("web", auditor).get("/manage/audit/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("path", ["/manage/audit/", "/manage/audit/export.xlsx"])
def test_an_agency_outside_the_auditors_tree_is_not_found(township, other_township, township_auditor, path):
    response = client_for("web", township_auditor).get(path, {"agency": other_township.code})
    assert response.status_code == 404
    assert "不属于您可以审计的机关" in response.content.decode()
    assert client_for("web", township_auditor).get(path, {"agency": "999999999"}).status_code == 404


def test_pages_are_keyset_pages_of_fifty_newest_first(township, office_admin, auditor):
    made = [record(township, "agencies.agency.updated", actor=office_admin, comment=str(n)).pk for n in range(120)]
    client = client_for("web", auditor)
    seen, url = [], "/manage/audit/?agency=" + township.code
    for _ in range(3):
        response = client.get(url)
        seen += ids_on(response)
        before = response.context["next_before"]
        if before is None:
            break
        assert f"before={before}" in response.content.decode()
        url = f"/manage/audit/?agency={township.code}&before={before}"
    assert [len(seen[:50]), len(seen[50:100]), len(seen[100:])] == [50, 50, 20]
    assert seen == sorted(made, reverse=True)
    assert response.context["next_before"] is None


def test_the_list_runs_a_bounded_number_of_queries(township, office_admin, clerk, auditor):
    client = client_for("web", auditor)
    client.get("/manage/audit/")
    for n in range(60):
        record(township, "agencies.agency.updated", actor=office_admin if n % 2 else clerk, comment=str(n))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/manage/audit/").status_code == 200
    assert len(queries) <= 20, [q["sql"][:120] for q in queries]


def test_the_page_shows_the_chain_state_and_a_full_verification_can_be_run(township, office_admin, auditor):
    events = [record(township, "agencies.agency.updated", actor=office_admin) for _ in range(3)]
    client = client_for("web", auditor)
    page = client.get("/manage/audit/").content.decode()
    assert "链头正常" in page and "尚未进行完整校验" in page
    response = client.post("/manage/audit/verify/", follow=True)
    page = response.content.decode()
    assert "审计记录完整" in page and "最近一次完整校验" in page and "吴审计" in page
    raw_delete(events[-1].pk)
    assert "链头异常" in client.get("/manage/audit/").content.decode()
    page = client.post("/manage/audit/verify/", follow=True).content.decode()
    assert "审计记录不完整" in page


def test_the_export_holds_the_filtered_events_and_is_itself_an_event(township, other_township, office_admin,
                                                                     outsider, auditor):
    mine = record(township, "applications.personal_data.viewed", actor=office_admin, comment="核对身份",
                  data={"fields": ["id_number"]})
    record(other_township, "agencies.agency.updated", actor=outsider)
    response = client_for("web", auditor).get("/manage/audit/export.xlsx", {"agency": township.code})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("编号", "时间", "操作人")
    body = [r for r in rows[2:] if r[0] is not None]
    assert [r[0] for r in body] == [mine.pk]
    assert body[0][2] == "孙公开" and body[0][5] == "查看申请人个人信息" and body[0][11] == "核对身份"
    assert body[0][13] == mine.hash
    exported = AuditEvent.objects.order_by("-id").first()
    assert (exported.action, exported.actor, exported.agency) == ("audit.events.exported", auditor, township)
    assert exported.data["rows"] == 1 and exported.data["filters"]["agency"] == township.code


def test_an_export_beyond_the_limit_is_refused_with_the_reason(township, office_admin, auditor, monkeypatch):
    monkeypatch.setattr(audit_services, "EXPORT_LIMIT", 2)
    for _ in range(3):
        record(township, "agencies.agency.updated", actor=office_admin)
    before = AuditEvent.objects.count()
    response = client_for("web", auditor).get("/manage/audit/export.xlsx", {"agency": township.code})
    assert response.status_code == 400
    assert "超过单次导出上限 2 条" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_the_navigation_shows_the_audit_entry_to_the_auditor_only(auditor, platform_admin):
    assert "审计记录" in client_for("web", auditor).get("/manage/").content.decode()
    assert "审计记录" not in client_for("web", platform_admin).get("/manage/").content.decode()


def test_a_superuser_may_not_read_the_audit_trail(county, db):
    from agencies.tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for("web", root).get("/manage/audit/").status_code == 403


def test_dates_in_the_filter_form_are_kept(auditor):
    response = client_for("web", auditor).get("/manage/audit/", {"date_from": date(2026, 3, 1).isoformat()})
    assert 'value="2026-03-01"' in response.content.decode()
