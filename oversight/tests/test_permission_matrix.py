"""The permission matrix of the supervision registers and of the standard catalogue's coverage: every role × every
API and back-office action.

Each action is performed over real HTTP (the API with a token, the back office with a session) by each persona on a
fresh state. The roles listed succeed (and the action's effect is checked); everyone else gets 401/403/404 (the back
office sends anonymous people to the login page) and the registers, the catalogue and the audit trail are unchanged
row for row.

    oversight.view    deputy, principal, office_admin (their township), supervisor, platform_admin (every agency)
    oversight.manage  office_admin (their township), supervisor, platform_admin
    catalog.view      every member of the township, supervisor, platform_admin
    catalog.manage    office_admin (their township), platform_admin
The outsider is the 信息公开办 of another township: nothing of 东升乡 is theirs.
"""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from audit.models import AuditEvent
from catalog import matters
from catalog.models import AreaExemption, DisclosureMatter, StandardArea
from oversight.models import (
    Complaint,
    Delivery,
    ReadingPoint,
    ReviewCase,
    SiteErrorReport,
    Suggestion,
    Visit,
    WorkPlan,
    WorkPlanTask,
)
from oversight.services import complaints, corrections, reading, review, suggestions, workplan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_now")]

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]
VIEW = {"deputy", "principal", "office_admin", "supervisor", "platform_admin"}
MANAGE = {"office_admin", "supervisor", "platform_admin"}
# pages over every agency the person may see (the outsider sees their own township's: checked separately below)
ANY_VIEW = VIEW | {"outsider"}
CATALOG_VIEW = {"clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin"}
CATALOG_MANAGE = {"office_admin", "platform_admin"}
# making a reply public drafts a catalogue item in the 建议提案办理 column: the register's handler who also keeps the
# agency's catalogue
DISCLOSE = {"office_admin", "platform_admin"}
# a 找错 report of the county's own pages forwarded to the township: handled in both
TRANSFER = {"supervisor", "platform_admin"}


@pytest.fixture
def _now():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


@dataclass
class World:
    township: object
    county: object
    office: object
    people: dict

    @property
    def admin(self):
        return self.people["office_admin"]


@pytest.fixture
def world(county, township, other_township, party_office, category, clerk, reviewer, deputy, principal,
          office_admin, supervisor, platform_admin, outsider):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider}
    return World(township, county, party_office, people)


# --- states -------------------------------------------------------------------------------------------------------

def review_case(w: World, **extra) -> ReviewCase:
    return review.register_review_case(w.township, acting_user=w.admin, kind="reconsideration",
                                       filed_on=date(2026, 3, 2), body="望奎县人民政府", **extra)


def decided_case(w: World) -> ReviewCase:
    return review_case(w, result="upheld", closed_on=date(2026, 3, 19))


def case_with_document(w: World) -> ReviewCase:
    case = review_case(w)
    pdf = SimpleUploadedFile("答复书.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    review.add_review_document(case, pdf, acting_user=w.admin, kind="answer")
    return case


def suggestion(w: World) -> Suggestion:
    return suggestions.register_suggestion(w.township, acting_user=w.admin, kind="npc", session_year=2026,
                                           proposal_no="第1号", proposer="刘代表", title="关于改善村道的建议",
                                           assigned_on=date(2026, 3, 2))


def replied(w: World) -> Suggestion:
    s = suggestion(w)
    suggestions.reply_to_suggestion(s, acting_user=w.admin, reply_text="刘代表：村道已修缮。", replied_on=date(2026, 3, 20),
                                    result_class="A")
    return s


def complaint(w: World) -> Complaint:
    c, _ = complaints.log_complaint(w.township, acting_user=w.admin, channel="hotline", received_on=date(2026, 3, 20),
                                    summary="来电反映惠农补贴未公示。", name="李四", contact="13945561234")
    return c


def closed_complaint(w: World) -> Complaint:
    c = complaint(w)
    complaints.close_complaint(c, acting_user=w.admin, result="substantiated", reply="已督促公示。")
    return c


def site_error(w: World) -> SiteErrorReport:
    return corrections.report_site_error(page_url=f"/gk/{w.township.code}/", description="栏目页面有错别字。",
                                         contact="13945561234")


def county_site_error(w: World) -> SiteErrorReport:
    return corrections.report_site_error(page_url="/search/", description="搜索页面显示异常。")


def reading_point(w: World) -> ReadingPoint:
    return reading.save_reading_point(w.township, acting_user=w.admin, name="东升乡查阅点", place="党政办公室",
                                      address="东升乡政府院内", hours="工作日")


def plan(w: World) -> WorkPlan:
    return workplan.create_work_plan(w.township, acting_user=w.admin, year=2026, title="东升乡2026年政务公开工作方案")


def task(w: World) -> WorkPlanTask:
    return workplan.add_task(plan(w), acting_user=w.admin, title="更新指南", owner="党政办公室",
                             due_on=date(2026, 4, 30))


def matter(w: World) -> DisclosureMatter:
    return matters.create_matter(w.township, acting_user=w.admin, area=StandardArea.objects.get(name="涉农补贴"),
                                 level1="惠农补贴", level2="耕地地力保护补贴发放", content="补贴对象、标准")


def nothing(w: World) -> World:
    return w


def status_of(model, value):
    return lambda obj: model.objects.get(pk=obj.pk).status == value


# --- actions --------------------------------------------------------------------------------------------------------

def api(method, url, payload=None, fmt="json"):
    def perform(client, w, obj):
        data = payload(w, obj) if callable(payload) else (payload or {})
        return getattr(client, method)(url(w, obj), data, format=fmt)
    return perform


def web(method, url, payload=None):
    def perform(client, w, obj):
        data = payload(w, obj) if callable(payload) else (payload or {})
        return getattr(client, method)(url(w, obj), data)
    return perform


def pdf_upload(w, obj):
    return {"file": SimpleUploadedFile("决定书.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                                       "application/pdf"), "kind": "decision"}


REVIEW_CASE = {"kind": "reconsideration", "filed_on": "2026-03-02", "body": "望奎县人民政府", "result": "pending"}
SUGGESTION = {"kind": "npc", "session_year": 2026, "proposal_no": "第9号", "proposer": "王代表",
              "title": "关于路灯维修的建议", "assigned_on": "2026-03-02"}
HOTLINE = {"channel": "hotline", "received_on": "2026-03-20", "summary": "来电反映低保公示时间太短。"}

# name → (state, action, personas allowed, effect on success or None for reads)
ACTIONS = {
    # --- API: 复议诉讼 ---
    "api.review_case.create": (nothing, api("post", lambda w, o: "/api/v1/review-cases/",
                                            lambda w, o: {"agency": w.township.code, **REVIEW_CASE}),
                               MANAGE, lambda w: ReviewCase.objects.filter(agency=w.township).exists()),
    "api.review_case.view": (review_case, api("get", lambda w, o: f"/api/v1/review-cases/{o.pk}/"), VIEW, None),
    "api.review_case.answer": (review_case, api("post", lambda w, o: f"/api/v1/review-cases/{o.pk}/answer/",
                                                {"answered_on": "2026-03-20"}),
                               MANAGE, status_of(ReviewCase, "answered")),
    "api.review_case.decide": (review_case, api("post", lambda w, o: f"/api/v1/review-cases/{o.pk}/decide/",
                                                {"result": "corrected", "closed_on": "2026-03-20"}),
                               MANAGE, status_of(ReviewCase, "decided")),
    "api.review_case.reopen": (decided_case, api("post", lambda w, o: f"/api/v1/review-cases/{o.pk}/reopen/",
                                                 {"reason": "登记有误"}),
                               MANAGE, status_of(ReviewCase, "answered")),
    "api.review_case.document": (review_case, api("post", lambda w, o: f"/api/v1/review-cases/{o.pk}/documents/",
                                                  pdf_upload, fmt="multipart"),
                                 MANAGE, lambda o: o.documents.exists()),
    "api.review_case.table_four": (review_case, api("get", lambda w, o: "/api/v1/review-cases/table-four/",
                                                    lambda w, o: {"agency": w.township.code, "year": 2026}),
                                   VIEW, None),
    # --- API: 建议提案 ---
    "api.suggestion.create": (nothing, api("post", lambda w, o: "/api/v1/suggestions/",
                                           lambda w, o: {"agency": w.township.code, **SUGGESTION}),
                              MANAGE, lambda w: Suggestion.objects.filter(agency=w.township).exists()),
    "api.suggestion.view": (suggestion, api("get", lambda w, o: f"/api/v1/suggestions/{o.pk}/"), VIEW, None),
    "api.suggestion.reply": (suggestion, api("post", lambda w, o: f"/api/v1/suggestions/{o.pk}/reply/",
                                             {"reply_text": "已办理。", "replied_on": "2026-03-20",
                                              "result_class": "A"}),
                             MANAGE, status_of(Suggestion, "replied")),
    "api.suggestion.revise_reply": (replied, api("post", lambda w, o: f"/api/v1/suggestions/{o.pk}/revise-reply/",
                                                 {"reply_text": "刘代表：村道已全部修缮。"}),
                                    MANAGE, lambda o: Suggestion.objects.get(pk=o.pk).reply_text.endswith("全部修缮。")),
    "api.suggestion.disclose": (replied, api("post", lambda w, o: f"/api/v1/suggestions/{o.pk}/disclose/"),
                                DISCLOSE, status_of(Suggestion, "disclosing")),
    "api.suggestion.withhold": (replied, api("post", lambda w, o: f"/api/v1/suggestions/{o.pk}/withhold-disclosure/",
                                             {"reason": "涉及个人隐私。"}),
                                MANAGE, status_of(Suggestion, "not_public")),
    # --- API: 投诉举报 ---
    "api.complaint.create": (nothing, api("post", lambda w, o: "/api/v1/complaints/",
                                          lambda w, o: {"agency": w.township.code, **HOTLINE}),
                             MANAGE, lambda w: Complaint.objects.filter(agency=w.township).exists()),
    "api.complaint.view": (complaint, api("get", lambda w, o: f"/api/v1/complaints/{o.pk}/"), VIEW, None),
    "api.complaint.route": (complaint, api("post", lambda w, o: f"/api/v1/complaints/{o.pk}/route/",
                                           lambda w, o: {"office": w.office.pk}),
                            MANAGE, status_of(Complaint, "handling")),
    "api.complaint.classify": (complaint, api("post", lambda w, o: f"/api/v1/complaints/{o.pk}/classify/",
                                              {"concerns_disclosure": True, "subject": "not_proactive"}),
                               MANAGE, lambda o: Complaint.objects.get(pk=o.pk).concerns_disclosure),
    "api.complaint.close": (complaint, api("post", lambda w, o: f"/api/v1/complaints/{o.pk}/close/",
                                           {"result": "unfounded", "reply": "经核实已公示。"}),
                            MANAGE, status_of(Complaint, "closed")),
    "api.complaint.reopen": (closed_complaint, api("post", lambda w, o: f"/api/v1/complaints/{o.pk}/reopen/",
                                                   {"reason": "投诉人不满意"}),
                             MANAGE, status_of(Complaint, "handling")),
    # --- API: 网站纠错 ---
    "api.site_error.view": (site_error, api("get", lambda w, o: f"/api/v1/site-error-reports/{o.pk}/"), VIEW, None),
    "api.site_error.fix": (site_error, api("post", lambda w, o: f"/api/v1/site-error-reports/{o.pk}/fix/",
                                           {"fix_note": "已改正。"}),
                           MANAGE, status_of(SiteErrorReport, "fixed")),
    "api.site_error.reject": (site_error, api("post", lambda w, o: f"/api/v1/site-error-reports/{o.pk}/reject/",
                                              {"fix_note": "经核实无误。"}),
                              MANAGE, status_of(SiteErrorReport, "rejected")),
    # --- API: 查阅点、送交、查阅登记 ---
    "api.reading_point.create": (nothing, api("post", lambda w, o: "/api/v1/reading-points/",
                                              lambda w, o: {"agency": w.township.code, "name": "查阅点", "place": "党政办",
                                                            "address": "乡政府院内", "hours": "工作日"}),
                                 MANAGE, lambda w: ReadingPoint.objects.filter(agency=w.township).exists()),
    "api.delivery.create": (nothing, api("post", lambda w, o: "/api/v1/deliveries/",
                                         lambda w, o: {"agency": w.township.code, "direction": "received",
                                                       "counterpart_kind": "village", "counterpart": "东升村",
                                                       "document_title": "村务公开资料", "delivered_on": "2026-03-20",
                                                       "received_by": "王乐"}),
                            MANAGE, lambda w: Delivery.objects.filter(agency=w.township).exists()),
    "api.visit.create": (reading_point, api("post", lambda w, o: "/api/v1/visits/",
                                            lambda w, o: {"reading_point": o.pk, "visited_on": "2026-03-20",
                                                          "consulted": "惠农补贴公示"}),
                         MANAGE, lambda o: Visit.objects.filter(reading_point=o).exists()),
    # --- API: 年度工作要点 ---
    "api.work_plan.create": (nothing, api("post", lambda w, o: "/api/v1/work-plans/",
                                          lambda w, o: {"agency": w.township.code, "year": 2026,
                                                        "title": "东升乡2026年政务公开工作方案"}),
                             MANAGE, lambda w: WorkPlan.objects.filter(agency=w.township).exists()),
    "api.work_plan.add_task": (plan, api("post", lambda w, o: f"/api/v1/work-plans/{o.pk}/tasks/",
                                         {"title": "更新指南", "owner": "党政办公室", "due_on": "2026-04-30"}),
                               MANAGE, lambda o: o.tasks.exists()),
    "api.work_plan.complete_task": (task, api("post", lambda w, o: f"/api/v1/work-plan-tasks/{o.pk}/complete/",
                                              {"evidence": "已更新指南。"}),
                                    MANAGE, status_of(WorkPlanTask, "done")),
    # --- API: summaries and coverage ---
    "api.supervision_summary": (nothing, api("get", lambda w, o: "/api/v1/supervision/summary/",
                                             lambda w, o: {"agency": w.township.code, "start": "2026-01-01",
                                                           "end": "2026-12-31"}),
                                VIEW, None),
    "api.coverage.agency": (matter, api("get", lambda w, o: f"/api/v1/coverage/{w.township.code}/"),
                            CATALOG_VIEW, None),
    # --- back office: registers ---
    "web.index": (nothing, web("get", lambda w, o: "/manage/oversight/"), ANY_VIEW, None),
    "web.review_case.new": (nothing, web("post", lambda w, o: "/manage/oversight/review-cases/new/",
                                         lambda w, o: {"agency": w.township.code, **REVIEW_CASE}),
                            MANAGE, lambda w: ReviewCase.objects.filter(agency=w.township).exists()),
    "web.review_case.view": (review_case, web("get", lambda w, o: o.get_absolute_url()), VIEW, None),
    "web.review_case.answer": (review_case, web("post", lambda w, o: o.get_absolute_url(),
                                                {"action": "answer", "answered_on": "2026-03-20"}),
                               MANAGE, status_of(ReviewCase, "answered")),
    "web.review_case.document": (case_with_document,
                                 web("get", lambda w, o: f"/manage/oversight/review-cases/{o.pk}/documents/"
                                                         f"{o.documents.get().pk}/"),
                                 VIEW, None),
    "web.suggestion.new": (nothing, web("post", lambda w, o: "/manage/oversight/suggestions/new/",
                                        lambda w, o: {"agency": w.township.code, **SUGGESTION}),
                           MANAGE, lambda w: Suggestion.objects.filter(agency=w.township).exists()),
    "web.suggestion.view": (suggestion, web("get", lambda w, o: o.get_absolute_url()), VIEW, None),
    "web.suggestion.reply": (suggestion, web("post", lambda w, o: o.get_absolute_url(),
                                             {"action": "reply", "reply_text": "已办理。", "replied_on": "2026-03-20",
                                              "result_class": "A", "disclosure_form": "full"}),
                             MANAGE, status_of(Suggestion, "replied")),
    "web.suggestion.disclose": (replied, web("post", lambda w, o: o.get_absolute_url(), {"action": "disclose"}),
                                DISCLOSE, status_of(Suggestion, "disclosing")),
    "web.complaint.new": (nothing, web("post", lambda w, o: "/manage/oversight/complaints/new/",
                                       lambda w, o: {"agency": w.township.code, **HOTLINE}),
                          MANAGE, lambda w: Complaint.objects.filter(agency=w.township).exists()),
    "web.complaint.view": (complaint, web("get", lambda w, o: o.get_absolute_url()), VIEW, None),
    "web.complaint.close": (complaint, web("post", lambda w, o: o.get_absolute_url(),
                                           {"action": "close", "result": "unfounded", "reply": "经核实已公示。"}),
                            MANAGE, status_of(Complaint, "closed")),
    "web.complaint.reveal_contact": (complaint, web("post", lambda w, o: o.get_absolute_url(), {"action": "reveal"}),
                                     MANAGE, lambda o: AuditEvent.objects.filter(
                                         action="oversight.complaint.contact_revealed").exists()),
    "web.site_error.view": (site_error, web("get", lambda w, o: o.get_absolute_url()), VIEW, None),
    "web.site_error.fix": (site_error, web("post", lambda w, o: o.get_absolute_url(),
                                           {"action": "fix", "fix_note": "已改正。"}),
                           MANAGE, status_of(SiteErrorReport, "fixed")),
    "web.site_error.transfer": (county_site_error, web("post", lambda w, o: o.get_absolute_url(),
                                                       lambda w, o: {"action": "transfer", "agency": w.township.code}),
                                TRANSFER, lambda o: SiteErrorReport.objects.get(pk=o.pk).agency_id != o.agency_id),
    "web.reading_points.view": (reading_point, web("get", lambda w, o: f"/manage/oversight/reading-points/"
                                                                       f"?agency={w.township.code}"),
                                VIEW, None),
    "web.reading_points.visit": (reading_point, web("post", lambda w, o: "/manage/oversight/reading-points/",
                                                    lambda w, o: {"agency": w.township.code, "action": "visit",
                                                                  "reading_point": o.pk, "visited_on": "2026-03-20",
                                                                  "consulted": "惠农补贴公示"}),
                                 MANAGE, lambda o: Visit.objects.filter(reading_point=o).exists()),
    "web.reading_point.edit": (reading_point, web("post", lambda w, o: o.get_absolute_url(),
                                                  {"name": "东升乡查阅点", "place": "乡档案室", "address": "东升乡政府院内",
                                                   "hours": "工作日", "is_active": "on"}),
                               MANAGE, lambda o: ReadingPoint.objects.get(pk=o.pk).place == "乡档案室"),
    "web.subscriptions": (nothing, web("get", lambda w, o: "/manage/oversight/subscriptions/"), ANY_VIEW, None),
    "web.work_plans.create": (nothing, web("post", lambda w, o: "/manage/oversight/work-plans/",
                                           lambda w, o: {"agency": w.township.code, "year": "2026",
                                                         "title": "东升乡2026年政务公开工作方案"}),
                              MANAGE, lambda w: WorkPlan.objects.filter(agency=w.township).exists()),
    "web.work_plan.view": (plan, web("get", lambda w, o: o.get_absolute_url()), VIEW, None),
    "web.work_plan.add_task": (plan, web("post", lambda w, o: o.get_absolute_url(),
                                         {"action": "add", "title": "更新指南", "owner": "党政办公室",
                                          "due_on": "2026-04-30"}),
                               MANAGE, lambda o: o.tasks.exists()),
    "web.ratings": (nothing, web("get", lambda w, o: "/manage/oversight/ratings/"), ANY_VIEW, None),
    "web.service_levels.set": (nothing, web("post", lambda w, o: "/manage/oversight/service-levels/",
                                            lambda w, o: {"agency": w.township.code,
                                                          "register": "oversight.complaint", "length": "10"}),
                               MANAGE, lambda w: apps.get_model("casework", "ServiceLevel").objects.filter(
                                   agency=w.township).exists()),
    # --- back office: coverage of the standard catalogue ---
    "web.coverage.agency": (matter, web("get", lambda w, o: f"/manage/coverage/{w.township.code}/"),
                            CATALOG_VIEW, None),
    "web.coverage.not_involved": (nothing, web("post", lambda w, o: f"/manage/coverage/{w.township.code}/",
                                               lambda w, o: {"action": "exempt", "reason": "乡级无此职责。",
                                                             "area": StandardArea.objects.get(name="保障性住房").pk}),
                                  CATALOG_MANAGE, lambda w: AreaExemption.objects.filter(agency=w.township).exists()),
    "web.matter.new": (nothing, web("post", lambda w, o: f"/manage/coverage/{w.township.code}/matters/new/",
                                    lambda w, o: {"area": StandardArea.objects.get(name="涉农补贴").pk,
                                                  "level1": "惠农补贴", "level2": "耕地地力保护补贴", "content": "补贴对象",
                                                  "time_limit_days": "20", "channels": ["政府网站"],
                                                  "audience": ["public"], "modes": ["proactive"],
                                                  "tiers": ["township"]}),
                       CATALOG_MANAGE, lambda w: DisclosureMatter.objects.filter(agency=w.township).exists()),
    "web.matter.deactivate": (matter, web("post", lambda w, o: f"/manage/coverage/matters/{o.pk}/",
                                          {"action": "deactivate", "reason": "职责调整"}),
                              CATALOG_MANAGE, lambda o: not DisclosureMatter.objects.get(pk=o.pk).is_active),
}




SNAPSHOT_MODELS = [*apps.get_app_config("oversight").get_models(), *apps.get_app_config("casework").get_models(),
                   *(apps.get_model("catalog", name) for name in ("Category", "Item", "Revision", "DisclosureMatter",
                                                                  "AreaExemption")),
                   AuditEvent]


def snapshot() -> dict:
    """Every row of the registers, the catalogue's items and matters, and the audit trail (what a refused request
    must leave alone)."""
    return {model._meta.label: sorted(map(repr, model.objects.values_list())) for model in SNAPSHOT_MODELS}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    state = build(world)
    client = client_for(action.split(".")[0], world.people.get(persona))
    before = snapshot()
    response = perform(client, world, state)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code,
                                            getattr(response, "data", None) or response.content[:300])
        if changed is not None:
            assert changed(state), (action, persona, "no effect")
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        assert snapshot() == before, (action, persona, "the database changed")


LISTS = {
    "api.review_cases": (review_case, "/api/v1/review-cases/"),
    "api.suggestions": (suggestion, "/api/v1/suggestions/"),
    "api.complaints": (complaint, "/api/v1/complaints/"),
    "api.site_errors": (site_error, "/api/v1/site-error-reports/"),
    "api.reading_points": (reading_point, "/api/v1/reading-points/"),
    "api.work_plans": (plan, "/api/v1/work-plans/"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(LISTS))
def test_lists_show_the_township_records_to_the_roles_that_may_see_them(world, name, persona):
    build, url = LISTS[name]
    record = build(world)
    response = client_for("api", world.people.get(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert (record.pk in ids) is (persona in VIEW), (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_county_coverage_lists_the_agencies_each_role_may_see(world, persona):
    response = client_for("api", world.people.get(persona)).get("/api/v1/coverage/")
    if persona == "anonymous":
        assert response.status_code == 401
        return
    codes = {row["agency"] for row in response.json()["agencies"]}
    assert (world.township.code in codes) is (persona in CATALOG_VIEW), persona
    assert (world.county.code in codes) is (persona in {"supervisor", "platform_admin"}), persona
