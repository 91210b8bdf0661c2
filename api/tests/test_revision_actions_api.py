"""Every catalogue revision in the API carries the caller's actions from the revision workflow, each with the endpoint
performing it; the chain (data) decides who comes next."""

import pytest
from rest_framework.test import APIClient

from security.tests.token_factories import api_key_for

pytestmark = pytest.mark.django_db


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def names(response) -> list[str]:
    return [a["name"] for a in response.json()["actions"]]


def test_each_person_sees_their_step_of_the_chain(township, category, party_office, clerk, reviewer, deputy,
                                                  principal):
    created = token_client(clerk).post("/api/v1/staff/drafts/", {
        "agency": township.code, "category": category.pk, "office": party_office.pk, "title": "接口起草的通知",
        "formed_on": "2026-03-02", "summary": "概述", "body_html": "<p>正文</p>"}, format="json").json()
    pk = created["id"]
    base = f"http://testserver/api/v1/staff/revisions/{pk}"
    assert created["actions"] == [
        {"name": "edit", "label": "修改", "method": None, "url": None},  # PATCH on the revision itself
        {"name": "submit", "label": "提交审核", "method": "POST", "url": f"{base}/submit/"},
        {"name": "discard", "label": "作废", "method": "POST", "url": f"{base}/discard/"},
    ]
    assert names(token_client(reviewer).get(f"/api/v1/staff/revisions/{pk}/")) == []

    submitted = token_client(clerk).post(f"{base}/submit/")
    assert submitted.json()["status"] == "in_review" and names(submitted) == []  # nobody reviews their own
    at_secrecy = token_client(reviewer).get(f"/api/v1/staff/revisions/{pk}/").json()["actions"]
    assert at_secrecy == [{"name": "approve", "label": "审核通过", "method": "POST", "url": f"{base}/approve/"},
                          {"name": "return", "label": "退回修改", "method": "POST", "url": f"{base}/return/"}]
    assert names(token_client(deputy).get(f"/api/v1/staff/revisions/{pk}/")) == []

    passed = token_client(reviewer).post(f"{base}/approve/", {"secrecy_result": "disclose"}, format="json")
    assert names(passed) == []  # the next step is the 分管领导's
    assert names(token_client(deputy).get(f"/api/v1/staff/revisions/{pk}/")) == ["approve", "return"]
    token_client(deputy).post(f"{base}/approve/", {}, format="json")
    assert names(token_client(principal).get(f"/api/v1/staff/revisions/{pk}/")) == ["approve", "return"]
    done = token_client(principal).post(f"{base}/approve/", {}, format="json")
    assert done.json()["status"] == "published" and names(done) == []


def test_a_returned_revision_goes_back_to_its_drafter(township, category, party_office, clerk, reviewer):
    pk = token_client(clerk).post("/api/v1/staff/drafts/", {
        "agency": township.code, "category": category.pk, "office": party_office.pk, "title": "通知",
        "formed_on": "2026-03-02", "summary": "概述", "body_html": "<p>正文</p>"}, format="json").json()["id"]
    token_client(clerk).post(f"/api/v1/staff/revisions/{pk}/submit/")
    returned = token_client(reviewer).post(f"/api/v1/staff/revisions/{pk}/return/", {"comment": "请补充附件。"},
                                           format="json")
    assert returned.json()["status"] == "returned" and names(returned) == []
    assert names(token_client(clerk).get(f"/api/v1/staff/revisions/{pk}/")) == ["edit", "submit", "discard"]
    wrong = token_client(reviewer).post(f"/api/v1/staff/revisions/{pk}/approve/", {}, format="json")
    assert wrong.status_code == 409 and wrong.json()["detail"] == "该信息当前为“已退回”，不在审核中。"
