"""What the annual-report workflow offers whom (`REPORT_WORKFLOW.available_actions`), written out by hand as the
specification: every state × every role × the legal conditions (the report year has ended; an imported report takes
no step), and the refusals in the words the services have always used."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from reports import services
from reports.errors import WrongState
from reports.models import REPORT_WORKFLOW, AnnualReport, ReportOrigin
from reports.tests.test_workflow import fill_texts
from security.tests.helpers import log_in
from security.tests.token_factories import api_key_for

pytestmark = pytest.mark.django_db

DURING = date(2025, 11, 3)  # the 2025 report cannot be published yet
AFTER = date(2026, 1, 12)
NOW = "2026-01-12 10:00 +0800"

# state → persona → actions, on a day after the report year
AFTER_YEAR = {
    "draft": {"office_admin": ["edit", "submit"], "platform_admin": ["edit", "submit"]},
    "returned": {"office_admin": ["edit", "submit"], "platform_admin": ["edit", "submit"]},
    # the 第一责任人 is a leader of the agency itself: the platform administrator's cascading grant is not enough
    "submitted": {"deputy": ["approve", "return"], "supervisor": ["county_return"],
                  "platform_admin": ["county_return"]},
    "approved": {"office_admin": ["publish"], "deputy": ["publish"], "supervisor": ["county_return"],
                 "platform_admin": ["publish", "county_return"]},
    "published": {"supervisor": ["county_return"], "platform_admin": ["county_return"]},
}
PERSONAS = ["office_admin", "deputy", "principal", "clerk", "supervisor", "platform_admin", "outsider"]


def report(township, status, origin=ReportOrigin.COMPUTED) -> AnnualReport:
    return AnnualReport(agency=township, year=2025, format_version="2021", status=status, title="2025年度报告",
                        origin=origin)


def login(user) -> Client:
    c = Client()
    log_in(c, user)
    return c


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def names(obj, user, today) -> list[str]:
    return [t.name for t in REPORT_WORKFLOW.available_actions(obj, user, today)]


def test_the_table_covers_every_state_and_every_transition():
    assert set(AFTER_YEAR) == set(REPORT_WORKFLOW.states.values)
    offered = {n for by_persona in AFTER_YEAR.values() for actions in by_persona.values() for n in actions}
    assert offered == set(REPORT_WORKFLOW.transitions)


@pytest.mark.parametrize("status", list(AFTER_YEAR))
@pytest.mark.parametrize("persona", PERSONAS)
def test_after_the_report_year_each_role_is_offered_its_steps(request, township, status, persona):
    user = request.getfixturevalue(persona)
    obj = report(township, status)
    expected = AFTER_YEAR[status].get(persona, [])
    assert names(obj, user, AFTER) == expected
    for name in REPORT_WORKFLOW.transitions:
        assert REPORT_WORKFLOW.can(user, obj, name, AFTER) == (name in expected)


@pytest.mark.parametrize("status", list(AFTER_YEAR))
@pytest.mark.parametrize("persona", PERSONAS)
def test_during_the_report_year_nobody_is_offered_publication(request, township, status, persona):
    expected = [n for n in AFTER_YEAR[status].get(persona, []) if n != "publish"]
    assert names(report(township, status), request.getfixturevalue(persona), DURING) == expected


@pytest.mark.parametrize("status", list(AFTER_YEAR))
@pytest.mark.parametrize("persona", PERSONAS)
def test_an_imported_report_takes_no_step(request, township, status, persona):
    imported = report(township, status, ReportOrigin.IMPORTED)
    assert names(imported, request.getfixturevalue(persona), AFTER) == []


def test_anonymous_visitors_are_offered_nothing(township):
    assert all(names(report(township, s), AnonymousUser(), AFTER) == [] for s in AFTER_YEAR)


@pytest.mark.parametrize(("status", "name", "message"), [
    ("submitted", "edit", "“待第一责任人审定”的年度报告不能修改；只有编制中或已退回的报告可以修改。"),
    ("approved", "submit", "“已审定待发布”的年度报告不能修改；只有编制中或已退回的报告可以修改。"),
    ("draft", "approve", "只有待审定的年度报告可以审定，该报告当前为“编制中”。"),
    ("approved", "return", "只有待审定的年度报告可以退回，该报告当前为“已审定待发布”。"),
    ("returned", "county_return", "“已退回修改”的年度报告不需要退回。"),
    ("submitted", "publish", "只有经第一责任人审定的年度报告可以发布，该报告当前为“待第一责任人审定”。"),
])
def test_a_wrong_state_is_refused_in_the_services_words(township, status, name, message):
    with pytest.raises(WrongState) as exc:
        REPORT_WORKFLOW.guard(report(township, status), name, AFTER)
    assert (exc.value.message, exc.value.code, exc.value.status) == (message, "invalid_transition", 409)


def test_the_legal_conditions_are_refused_with_their_codes(township):
    with pytest.raises(WrongState) as early:
        REPORT_WORKFLOW.guard(report(township, "approved"), "publish", date(2025, 12, 31))
    assert (early.value.code, early.value.message) == ("report_year_not_ended", "2025年度尚未结束，年度报告不能发布。")
    REPORT_WORKFLOW.guard(report(township, "approved"), "publish", date(2026, 1, 1))  # the first day after: allowed
    with pytest.raises(WrongState) as imported:
        REPORT_WORKFLOW.guard(report(township, "published", ReportOrigin.IMPORTED), "county_return", AFTER)
    assert imported.value.code == "report_imported" and "导入的往年年报" in imported.value.message


@pytest.fixture
def submitted(registers, township, office_admin):
    with time_machine.travel(NOW, tick=False):
        r = services.generate_report(township, 2025, acting_user=office_admin)
        fill_texts(r, office_admin)
        return services.submit_report(r, acting_user=office_admin)


@time_machine.travel(NOW, tick=False)
def test_the_report_page_offers_the_steps_of_the_workflow(submitted, office_admin, deputy):
    page = login(deputy).get(f"/manage/reports/{submitted.pk}/").content.decode()
    assert "审定通过" in page and "退回修改（须填写意见）" in page and "提交第一责任人审定</button>" not in page
    page = login(office_admin).get(f"/manage/reports/{submitted.pk}/").content.decode()
    assert "审定通过" not in page and "发布到政府信息公开年报栏目" not in page
    services.approve_report(submitted, acting_user=deputy)
    page = login(office_admin).get(f"/manage/reports/{submitted.pk}/").content.decode()
    assert "发布到政府信息公开年报栏目" in page and 'class="badge badge-muted">已审定待发布' in page


@time_machine.travel(NOW, tick=False)
def test_the_api_returns_the_callers_actions_with_their_endpoints(submitted, township, office_admin, deputy,
                                                                  supervisor):
    base = f"http://testserver/api/v1/reports/annual/{township.code}/2025"
    state = api(deputy).get(f"/api/v1/reports/annual/{township.code}/2025/").json()
    assert state["actions"] == [{"name": "approve", "label": "审定", "method": "POST", "url": f"{base}/approve/"},
                                {"name": "return", "label": "退回修改", "method": "POST", "url": f"{base}/return/"}]
    assert api(office_admin).get(f"/api/v1/reports/annual/{township.code}/2025/").json()["actions"] == []
    approved = api(deputy).post(f"{base}/approve/", {"comment": "同意"}, format="json").json()
    assert approved["status"] == "approved"
    assert [a["name"] for a in approved["actions"]] == ["publish"]
    assert api(supervisor).get(f"/api/v1/reports/annual/{township.code}/2025/").json()["actions"] == [
        {"name": "county_return", "label": "县政务公开办退回", "method": "POST", "url": f"{base}/county-return/"}]
    published = api(office_admin).post(f"{base}/publish/", {}, format="json").json()
    assert published["status"] == "published" and published["actions"] == []
    # the public (no token) get the published version, without actions
    assert APIClient().get(f"/api/v1/reports/annual/{township.code}/2025/").json()["actions"] == []
