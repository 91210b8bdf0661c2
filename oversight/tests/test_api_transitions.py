"""The registers' transition endpoints built from each workflow (api/views/transitions.py) and the `actions` every
case carries in the API: what the caller may do now, each with the endpoint performing it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from api.views import oversight as views
from api.views.transitions import Endpoint, RegisterAPI
from oversight.models import Complaint, ReviewCase, SiteErrorReport, Suggestion, WorkPlanTask
from oversight.services import complaints, corrections, review, suggestions, workplan
from security.tests.token_factories import api_key_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_now")]

REGISTERS = {"review": views.REVIEW_CASES, "suggestion": views.SUGGESTIONS, "complaint": views.COMPLAINTS,
             "site_error": views.SITE_ERRORS, "task": views.WORK_PLAN_TASKS}


@pytest.fixture
def _now():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def review_case(township, user) -> ReviewCase:
    return review.register_review_case(township, acting_user=user, kind="reconsideration",
                                       filed_on=date(2026, 3, 2), body="望奎县人民政府")


def suggestion(township, user) -> Suggestion:
    return suggestions.register_suggestion(township, acting_user=user, kind="npc", session_year=2026,
                                           proposal_no="第9号", proposer="王代表", title="关于路灯维修的建议",
                                           assigned_on=date(2026, 3, 2))


def complaint(township, user) -> Complaint:
    return complaints.log_complaint(township, acting_user=user, channel="hotline", received_on=date(2026, 3, 20),
                                    summary="来电反映低保公示时间太短。")[0]


def site_error(township, user) -> SiteErrorReport:
    return corrections.report_site_error(page_url=f"/gk/{township.code}/", description="页面有错别字。")


def task(township, user) -> WorkPlanTask:
    plan = workplan.create_work_plan(township, acting_user=user, year=2026, title="2026年政务公开工作方案")
    return workplan.add_task(plan, acting_user=user, title="公开财政预算", owner="党政办公室", due_on=date(2026, 6, 30))


MAKE = {"review": review_case, "suggestion": suggestion, "complaint": complaint, "site_error": site_error,
        "task": task}


# --- the endpoints keep their addresses ---------------------------------------------------------------------------

def test_every_endpoint_keeps_its_url_and_url_name():
    paths = {
        "api-review-case": "/api/v1/review-cases/7/", "api-review-case-answer": "/api/v1/review-cases/7/answer/",
        "api-review-case-decide": "/api/v1/review-cases/7/decide/",
        "api-review-case-reopen": "/api/v1/review-cases/7/reopen/",
        "api-suggestion": "/api/v1/suggestions/7/", "api-suggestion-reply": "/api/v1/suggestions/7/reply/",
        "api-suggestion-revise-reply": "/api/v1/suggestions/7/revise-reply/",
        "api-suggestion-disclose": "/api/v1/suggestions/7/disclose/",
        "api-suggestion-withhold": "/api/v1/suggestions/7/withhold-disclosure/",
        "api-complaint": "/api/v1/complaints/7/", "api-complaint-route": "/api/v1/complaints/7/route/",
        "api-complaint-classify": "/api/v1/complaints/7/classify/",
        "api-complaint-close": "/api/v1/complaints/7/close/", "api-complaint-reopen": "/api/v1/complaints/7/reopen/",
        "api-site-error": "/api/v1/site-error-reports/7/", "api-site-error-fix": "/api/v1/site-error-reports/7/fix/",
        "api-site-error-reject": "/api/v1/site-error-reports/7/reject/",
        "api-work-plan-task-complete": "/api/v1/work-plan-tasks/7/complete/",
    }
    assert {name: reverse(name, args=[7]) for name in paths} == paths


def test_an_endpoint_naming_a_transition_the_workflow_lacks_fails_at_import():
    with pytest.raises(KeyError):
        RegisterAPI(Complaint, url_name="x", out=object, fetch=lambda u, pk: None,
                    endpoints=[Endpoint("answer", lambda *a: None)])


def test_every_transition_endpoint_is_in_the_openapi_schema_with_actions_on_every_case(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for register in REGISTERS.values():
        for pattern in register.urls(""):
            route = str(pattern.pattern).replace("<int:pk>", "{id}")
            prefix = {"api-review-case": "review-cases/", "api-suggestion": "suggestions/",
                      "api-complaint": "complaints/", "api-site-error": "site-error-reports/",
                      "api-work-plan-task": "work-plan-tasks/"}[register.url_name]
            assert f"/api/v1/{prefix}{route}" in schema["paths"]
    components = schema["components"]["schemas"]
    for out in ("ReviewCaseOut", "SuggestionOut", "ComplaintOut", "SiteErrorOut", "TaskOut"):
        assert components[out]["properties"]["actions"]["items"]["$ref"] == "#/components/schemas/Action"
    assert set(components["Action"]["properties"]) == {"name", "label", "method", "url"}


# --- actions in responses ---------------------------------------------------------------------------------------------

def test_a_review_case_lists_what_its_handler_may_do_now_with_the_endpoints(township, office_admin):
    case = review_case(township, office_admin)
    api = client_for(office_admin)
    detail = api.get(f"/api/v1/review-cases/{case.pk}/").json()
    assert detail["actions"] == [
        {"name": "route", "label": "指定承办", "method": None, "url": None},  # the back office only
        {"name": "answer", "label": "登记答复（答辩）", "method": "POST", "url": absolute(f"/api/v1/review-cases/{case.pk}/answer/")},
        {"name": "decide", "label": "登记审结结果", "method": "POST", "url": absolute(f"/api/v1/review-cases/{case.pk}/decide/")},
        {"name": "edit", "label": "修改登记信息", "method": None, "url": None},
    ]
    listed = api.get("/api/v1/review-cases/").json()["results"]
    assert listed[0]["actions"] == detail["actions"]

    answered = api.post(detail["actions"][1]["url"], {"answered_on": "2026-03-20"}, format="json").json()
    assert [a["name"] for a in answered["actions"]] == ["route", "decide", "edit"]
    decided = api.post(f"/api/v1/review-cases/{case.pk}/decide/", {"result": "upheld", "closed_on": "2026-03-20"},
                       format="json").json()
    assert [a["name"] for a in decided["actions"]] == ["reopen", "edit"]
    assert decided["actions"][0]["url"] == absolute(f"/api/v1/review-cases/{case.pk}/reopen/")


def test_who_may_only_read_a_case_sees_no_actions(township, office_admin, deputy):
    case = review_case(township, office_admin)
    api = client_for(deputy)
    assert api.get(f"/api/v1/review-cases/{case.pk}/").json()["actions"] == []
    assert api.get("/api/v1/review-cases/").json()["results"][0]["actions"] == []


def test_the_actions_of_a_new_record_come_with_its_registration(township, office_admin):
    created = client_for(office_admin).post("/api/v1/complaints/", {
        "agency": township.code, "channel": "hotline", "received_on": "2026-03-20",
        "summary": "来电反映低保公示时间太短。"}, format="json").json()
    pk = created["id"]
    assert created["actions"] == [
        {"name": "route", "label": "分办", "method": "POST", "url": absolute(f"/api/v1/complaints/{pk}/route/")},
        {"name": "edit", "label": "修改登记信息", "method": "POST", "url": absolute(f"/api/v1/complaints/{pk}/classify/")},
        {"name": "close", "label": "办结", "method": "POST", "url": absolute(f"/api/v1/complaints/{pk}/close/")},
    ]


def test_a_suggestion_names_the_endpoints_of_its_disclosure_steps(township, office_admin):
    s = suggestion(township, office_admin)
    api = client_for(office_admin)
    replied = api.post(f"/api/v1/suggestions/{s.pk}/reply/", {
        "reply_text": "已列入今年计划。", "replied_on": "2026-03-20", "result_class": "B"}, format="json").json()
    assert {a["name"]: a["url"] for a in replied["actions"]} == {
        "edit": None,
        "revise_reply": absolute(f"/api/v1/suggestions/{s.pk}/revise-reply/"),
        "submit_disclosure": absolute(f"/api/v1/suggestions/{s.pk}/disclose/"),
        "withhold_disclosure": absolute(f"/api/v1/suggestions/{s.pk}/withhold-disclosure/"),
    }


def test_work_plan_tasks_carry_their_actions_in_the_plan(township, office_admin):
    t = task(township, office_admin)
    api = client_for(office_admin)
    plan = api.get("/api/v1/work-plans/").json()["results"][0]
    assert [(a["name"], a["url"]) for a in plan["tasks"][0]["actions"]] == [
        ("edit", None), ("complete", absolute(f"/api/v1/work-plan-tasks/{t.pk}/complete/")), ("cancel", None)]
    done = api.post(f"/api/v1/work-plan-tasks/{t.pk}/complete/", {"evidence": "已在网站公开。"}, format="json").json()
    assert done["status"] == "done" and [a["name"] for a in done["actions"]] == ["reopen"]


def test_every_site_error_action_url_performs_that_action(township, office_admin):
    report = site_error(township, office_admin)
    api = client_for(office_admin)
    actions = {a["name"]: a["url"] for a in api.get(f"/api/v1/site-error-reports/{report.pk}/").json()["actions"]}
    assert set(actions) == {"route", "transfer", "fix", "reject"}
    fixed = api.post(actions["fix"], {"fix_note": "已改正错别字。"}, format="json").json()
    assert fixed["status"] == "fixed" and [a["name"] for a in fixed["actions"]] == ["reopen"]


# --- errors of the generic endpoint: the same as the views it replaced -------------------------------------------

# register → (endpoint slug, a valid body, the state in which the endpoint is refused, how to get there)
REFUSED = {
    "review": ("answer", {"answered_on": "2026-03-20"},
               lambda c, u: review.decide_review_case(c, acting_user=u, result="upheld", closed_on=date(2026, 3, 20))),
    "suggestion": ("disclose", {}, None),
    "complaint": ("reopen", {"reason": "投诉人补充了材料。"}, None),
    "site_error": ("reject", {"fix_note": "无需修正。"},
                   lambda r, u: corrections.fix_site_error(r, acting_user=u, fix_note="已改正。")),
    "task": ("complete", {"evidence": "已公开。"}, lambda t, u: workplan.cancel_task(t, acting_user=u, reason="并入下一年度。")),
}
PREFIX = {"review": "review-cases", "suggestion": "suggestions", "complaint": "complaints",
          "site_error": "site-error-reports", "task": "work-plan-tasks"}


@pytest.mark.parametrize("register", REFUSED)
def test_an_action_the_state_does_not_allow_is_a_409_and_changes_nothing(township, office_admin, register):
    obj = MAKE[register](township, office_admin)
    slug, body, move = REFUSED[register]
    if move:
        move(obj, office_admin)
    before = type(obj).objects.get(pk=obj.pk).status
    response = client_for(office_admin).post(f"/api/v1/{PREFIX[register]}/{obj.pk}/{slug}/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition" and "不能" in response.json()["detail"]
    assert type(obj).objects.get(pk=obj.pk).status == before


@pytest.mark.parametrize("register", REFUSED)
def test_an_unknown_record_is_a_404_and_another_agencys_a_403(township, office_admin, outsider, register):
    obj = MAKE[register](township, office_admin)
    slug, body, _ = REFUSED[register]
    assert client_for(office_admin).post(f"/api/v1/{PREFIX[register]}/999999/{slug}/", body,
                                         format="json").status_code == 404
    refused = client_for(outsider).post(f"/api/v1/{PREFIX[register]}/{obj.pk}/{slug}/", body, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert APIClient().post(f"/api/v1/{PREFIX[register]}/{obj.pk}/{slug}/", body, format="json").status_code == 401


def test_bad_input_to_a_transition_endpoint_is_a_400_naming_the_field(township, office_admin):
    case = review_case(township, office_admin)
    response = client_for(office_admin).post(f"/api/v1/review-cases/{case.pk}/answer/", {"answered_on": "昨天"},
                                             format="json")
    assert response.status_code == 400 and response.json()["field"] == "answered_on"
    assert ReviewCase.objects.get(pk=case.pk).status == "registered"


def test_routing_to_an_unknown_person_is_a_404_and_the_complaint_stays_unrouted(township, office_admin):
    c = complaint(township, office_admin)
    response = client_for(office_admin).post(f"/api/v1/complaints/{c.pk}/route/", {"assignee": "nobody"},
                                             format="json")
    assert response.status_code == 404 and response.json()["code"] == "user_not_found"
    assert Complaint.objects.get(pk=c.pk).status == "received"
