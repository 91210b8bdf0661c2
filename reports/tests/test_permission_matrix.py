"""The permission matrix of statistics and annual reports: every role × every API and back-office action.

Each action is performed over real HTTP (the API with a token, the back office with a session) by each persona on a
fresh state built through the services on the real (empty) registers; the expected outcome is success for the roles
listed and a 4xx (401/403/404) for everyone else — or, for the back office and anonymous people, the login page —
with the database unchanged. The 第一责任人 is the township's 分管领导 alone: neither the 主要领导 nor the platform
administrator nor the county may approve or return a report for it.
"""

from dataclasses import dataclass

import pytest
import time_machine

from agencies.tests.clients import client_for
from audit.selectors import events_for
from reports import services
from reports.models import AnnualReport, QuarterlyStatement, ReportCell, ReportStatus
from reports.tests.test_workflow import fill_texts

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"
YEAR = 2025

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]
# who holds 查看统计与年报 in the township (the others get the public view, or nothing)
VIEWERS = {"deputy", "principal", "office_admin", "supervisor", "platform_admin"}
EDITORS = {"office_admin", "platform_admin"}  # 编制年报
COUNTY = {"supervisor", "platform_admin"}  # 监督各单位年报
FIRST_RESPONSIBLE = {"deputy"}  # 分管领导 of the township itself
PUBLISHERS = EDITORS | FIRST_RESPONSIBLE
EVERYONE = set(PERSONAS)


@dataclass
class World:
    township: object
    people: dict


@pytest.fixture
def world(township, other_township, clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin,
          outsider):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider}
    return World(township, people)


# --- states ----------------------------------------------------------------------------------------------------

def _nothing(w: World) -> World:
    return w


def _draft(w: World) -> AnnualReport:
    return services.generate_report(w.township, YEAR, acting_user=w.people["office_admin"])


def _complete(w: World) -> AnnualReport:
    report = _draft(w)
    fill_texts(report, w.people["office_admin"])
    return report


def _submitted(w: World) -> AnnualReport:
    report = _complete(w)
    services.submit_report(report, acting_user=w.people["office_admin"])
    return report


def _approved(w: World) -> AnnualReport:
    report = _submitted(w)
    services.approve_report(report, acting_user=w.people["deputy"])
    return report


def _published(w: World) -> AnnualReport:
    report = _approved(w)
    services.publish_report(report, acting_user=w.people["office_admin"])
    return report


def _statement(w: World) -> QuarterlyStatement:
    return services.submit_quarterly(w.township, YEAR, 4, acting_user=w.people["office_admin"])


# --- what changed ------------------------------------------------------------------------------------------------

def _status(report) -> str:
    return AnnualReport.objects.get(pk=report.pk).status


def _refreshed(report) -> bool:
    """A refresh on an empty register changes no cell: its audit event is what it leaves."""
    return events_for(report).filter(action="reports.report.refreshed").exists()


def _cell(report, table, row, column) -> int:
    return ReportCell.objects.get(report=report, table=table, row=row, column=column).value


# --- how each action is performed ------------------------------------------------------------------------------

def api(method, url_fn, payload=None):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), payload or {}, format="json")
    return perform


def web(method, url_fn, payload=None):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), payload or {})
    return perform


def annual(report_or_world, action=""):
    code = report_or_world.township.code if isinstance(report_or_world, World) else report_or_world.agency.code
    return f"/api/v1/reports/annual/{code}/{YEAR}/" + (f"{action}/" if action else "")


def manage(report, tail=""):
    return f"/manage/reports/{report.pk}/{tail}"


INNOVATION = {"text": "推行“一网通查”。"}

# action → (state builder, how to perform it, personas allowed, what changed on success (None: a read))
ACTIONS = {
    # --- API ---
    "api.annual.view_draft": (_draft, api("get", annual), VIEWERS, None),
    "api.annual.view_published": (_published, api("get", annual), EVERYONE, None),
    "api.annual.generate": (_nothing, api("post", lambda w: annual(w, "generate")), EDITORS,
                            lambda w: AnnualReport.objects.filter(agency=w.township, year=YEAR).exists()),
    "api.annual.cell": (_draft, api("post", lambda r: annual(r, "cells"),
                                    {"table": "table2", "row": "licensing", "column": "decisions", "value": "7"}),
                        EDITORS, lambda r: _cell(r, "table2", "licensing", "decisions") == 7),
    "api.annual.override": (_draft, api("post", lambda r: annual(r, "cells"),
                                        {"table": "table3", "row": "received", "column": "research", "value": "2",
                                         "reason": "补录纸质申请"}),
                            EDITORS, lambda r: _cell(r, "table3", "received", "research") == 2),
    "api.annual.text": (_draft, api("put", lambda r: annual(r, "texts/other_innovation"), INNOVATION), EDITORS,
                        lambda r: r.texts.get(key="other_innovation").text == INNOVATION["text"]),
    "api.annual.refresh": (_draft, api("post", lambda r: annual(r, "refresh")), EDITORS,
                           lambda r: _refreshed(r)),
    "api.annual.submit": (_complete, api("post", lambda r: annual(r, "submit")), EDITORS,
                          lambda r: _status(r) == ReportStatus.SUBMITTED),
    "api.annual.approve": (_submitted, api("post", lambda r: annual(r, "approve")), FIRST_RESPONSIBLE,
                           lambda r: _status(r) == ReportStatus.APPROVED),
    "api.annual.return": (_submitted, api("post", lambda r: annual(r, "return"), {"comment": "请补充"}),
                          FIRST_RESPONSIBLE, lambda r: _status(r) == ReportStatus.RETURNED),
    "api.annual.publish": (_approved, api("post", lambda r: annual(r, "publish")), PUBLISHERS,
                           lambda r: _status(r) == ReportStatus.PUBLISHED),
    "api.annual.county_return": (_published, api("post", lambda r: annual(r, "county-return"),
                                                 {"comment": "请补充考核结果"}),
                                 COUNTY, lambda r: _status(r) == ReportStatus.RETURNED),
    "api.county": (_nothing, api("get", lambda w: f"/api/v1/reports/county/{YEAR}/"), COUNTY, None),
    "api.quarterly": (_nothing, api("get", lambda w: f"/api/v1/reports/quarterly/{w.township.code}/{YEAR}/4/"),
                      VIEWERS, None),
    # --- back office ---
    "web.dashboard": (_nothing, web("get", lambda w: f"/manage/reports/?agency={w.township.code}"), VIEWERS, None),
    "web.report.view": (_draft, web("get", lambda r: manage(r)), VIEWERS, None),
    "web.report.cell_view": (_draft, web("get", lambda r: manage(r, "cells/table3/received/total/")), VIEWERS, None),
    "web.report.download": (_draft, web("get", lambda r: manage(r, "download.json")), VIEWERS, None),
    "web.report.generate": (_nothing, None, EDITORS,
                            lambda w: AnnualReport.objects.filter(agency=w.township, year=YEAR).exists()),
    "web.report.cell": (_draft, web("post", lambda r: manage(r, "cells/table2/licensing/decisions/"), {"value": "7"}),
                        EDITORS, lambda r: _cell(r, "table2", "licensing", "decisions") == 7),
    "web.report.text": (_draft, web("post", lambda r: manage(r, "texts/other_innovation/"), INNOVATION), EDITORS,
                        lambda r: r.texts.get(key="other_innovation").text == INNOVATION["text"]),
    "web.report.submit": (_complete, web("post", lambda r: manage(r, "action/submit/")), EDITORS,
                          lambda r: _status(r) == ReportStatus.SUBMITTED),
    "web.report.approve": (_submitted, web("post", lambda r: manage(r, "action/approve/")), FIRST_RESPONSIBLE,
                           lambda r: _status(r) == ReportStatus.APPROVED),
    "web.report.return": (_submitted, web("post", lambda r: manage(r, "action/return/"), {"comment": "请补充"}),
                          FIRST_RESPONSIBLE, lambda r: _status(r) == ReportStatus.RETURNED),
    "web.report.publish": (_approved, web("post", lambda r: manage(r, "action/publish/")), PUBLISHERS,
                           lambda r: _status(r) == ReportStatus.PUBLISHED),
    "web.report.county_return": (_published, web("post", lambda r: manage(r, "action/county_return/"),
                                                 {"comment": "请补充考核结果"}),
                                 COUNTY, lambda r: _status(r) == ReportStatus.RETURNED),
    "web.county": (_nothing, web("get", lambda w: f"/manage/reports/county/?year={YEAR}"), COUNTY, None),
    "web.county_cell": (_nothing, web("get", lambda w: f"/manage/reports/county/{YEAR}/cells/table3/received/total/"),
                        COUNTY, None),
    "web.quarterly": (_nothing, web("get", lambda w: f"/manage/reports/quarterly/?agency={w.township.code}"
                                                     f"&year={YEAR}&quarter=4"), VIEWERS, None),
    "web.quarterly.submit": (_nothing, None, EDITORS,
                             lambda w: QuarterlyStatement.objects.filter(agency=w.township).exists()),
    "web.quarterly.county": (_nothing, web("get", lambda w: f"/manage/reports/quarterly/county/?year={YEAR}&quarter=4"),
                             COUNTY, None),
    "web.quarterly.return": (_statement, web("post", lambda s: f"/manage/reports/quarterly/{s.pk}/",
                                             {"comment": "数据有误"}), COUNTY,
                             lambda s: QuarterlyStatement.objects.get(pk=s.pk).status == "returned"),
    # --- the portal (the public record) ---
    "portal.report": (_published, web("get", lambda r: f"/gk/{r.agency.code}/annual-reports/{YEAR}/"), EVERYONE, None),
    "portal.report_draft": (_draft, web("get", lambda r: f"/gk/{r.agency.code}/annual-reports/{YEAR}/"), set(), None),
}

# back-office forms that name the agency in their body: (url, fields besides the agency)
POSTED_AGENCY = {"web.report.generate": ("/manage/reports/generate/", {"year": str(YEAR)}),
                 "web.quarterly.submit": ("/manage/reports/quarterly/submit/", {"year": str(YEAR), "quarter": "4"})}




@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    state = build(world)
    user = world.people.get(persona)
    client = client_for(action.split(".")[0], user)
    if action in POSTED_AGENCY:
        url, fields = POSTED_AGENCY[action]
        response = client.post(url, {"agency": world.township.code, **fields})
    else:
        response = perform(client, state)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code)
        if changed is not None:  # a back-office form answers 302 even when refused: the database tells
            assert changed(state), (action, persona, "nothing changed")
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"], (action, persona)
        if changed is not None:
            assert not changed(state), (action, persona, "the database changed")


@time_machine.travel(NOW, tick=False)
def test_a_draft_seen_by_an_outsider_through_the_api_is_not_revealed(world):
    _draft(world)
    response = client_for("api", world.people["outsider"]).get(annual(world))
    assert response.status_code == 404 and response.json()["code"] == "report_not_found"


@time_machine.travel(NOW, tick=False)
def test_viewers_get_the_report_as_it_stands_and_the_public_the_published_version(world):
    report = _published(world)
    services.county_return_report(report, acting_user=world.people["supervisor"], comment="请补充考核结果")
    staff = client_for("api", world.people["principal"]).get(annual(world)).json()
    public = client_for("api", None).get(annual(world)).json()
    assert (staff["status"], public["status"]) == ("returned", "published")
