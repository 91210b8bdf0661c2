"""The back office as its users work in it: the 工作台, drafting, reviewing, and bad input."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine

from agencies.tests.factories import StaffRegistryEntryFactory
from catalog import services
from catalog.models import Item, Revision
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db


def login(client, user):
    log_in(client, user)
    return client


def test_login_page_and_redirect(client, clerk):
    assert client.get("/manage/").status_code == 302
    page = client.get("/manage/login/").content.decode()
    assert "用户名" in page and "密码" in page and "登录" in page
    response = client.post("/manage/login/", {"username": "clerk", "password": "correct-horse-battery"})
    assert response.status_code == 302
    from django.test import Client

    wrong = Client().post("/manage/login/", {"username": "clerk", "password": "nope"})
    assert wrong.status_code == 400 and "正确的" in wrong.content.decode()


@time_machine.travel("2026-03-25 10:00 +0800", tick=False)
def test_workbench_shows_each_persons_work_with_counts(client, township, category, party_office, clerk, reviewer):
    overdue = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                    title="逾期的草稿", formed_on=date(2026, 2, 2), summary="x", body_html="<p>x</p>")
    waiting = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                    title="等待审核", formed_on=date(2026, 3, 20), summary="x", body_html="<p>x</p>")
    services.submit_for_review(waiting, acting_user=clerk)
    clerk_view = login(client, clerk).get("/manage/").context["work"]
    assert [r.title for r in clerk_view.my_drafts] == ["逾期的草稿"]
    assert [r.title for r in clerk_view.overdue] == ["逾期的草稿"]
    assert clerk_view.awaiting_me == []
    reviewer_view = login(client, reviewer).get("/manage/").context["work"]
    assert [r.title for r in reviewer_view.awaiting_me] == ["等待审核"]
    assert overdue.publish_due < date(2026, 3, 25)


def test_drafting_in_the_browser_keeps_input_on_error(client, township, category, party_office, clerk):
    login(client, clerk)
    form = {"agency": township.code, "title": "关于防汛的通知", "category": category.pk, "office": party_office.pk,
            "formed_on": "2026-03-02", "doc_no": "防汛〔26〕1号", "summary": "防汛安排", "disclosure_mode": "proactive",
            "scope": "public", "body_html": "<p>正文</p>"}
    bad = client.post("/manage/items/new/", form)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "文号" in html and "关于防汛的通知" in html and "〔" in html
    assert not Item.objects.exists()
    form["doc_no"] = "东政发〔2026〕1号"
    ok = client.post("/manage/items/new/", form)
    assert ok.status_code == 302
    assert Revision.objects.get().title == "关于防汛的通知"


def test_reviewing_in_the_browser(client, township, category, party_office, clerk, reviewer):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="待审", formed_on=date(2026, 3, 2), summary="x",
                                     body_html="<p>电话13812345678</p>")
    services.submit_for_review(revision, acting_user=clerk)
    login(client, reviewer)
    page = client.get(f"/manage/items/{revision.item_id}/").content.decode()
    assert "敏感信息提示" in page and "138****5678" in page and "13812345678" not in page.split("正文")[0]
    refused = client.post(f"/manage/revisions/{revision.pk}/approve/", {"expected_step": 0,
                                                                        "secrecy_result": "disclose"})
    assert refused.status_code == 400 and "尚未确认" in refused.content.decode()
    finding = revision.findings.get()
    client.post(f"/manage/findings/{finding.pk}/acknowledge/", {"note": "保留联系电话，属于单位电话"})
    ok = client.post(f"/manage/revisions/{revision.pk}/approve/", {"expected_step": 0, "secrecy_result": "disclose"})
    assert ok.status_code == 302
    revision.refresh_from_db()
    assert revision.step_index == 1


def test_returning_needs_a_comment(client, township, category, party_office, clerk, reviewer):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="待审", formed_on=date(2026, 3, 2), summary="x", body_html="<p>x</p>")
    services.submit_for_review(revision, acting_user=clerk)
    login(client, reviewer)
    assert client.post(f"/manage/revisions/{revision.pk}/return/", {"expected_step": 0, "comment": ""}).status_code == 400
    assert client.post(f"/manage/revisions/{revision.pk}/return/",
                       {"expected_step": 0, "comment": "请补充"}).status_code == 302


def test_another_agency_cannot_open_the_item(client, township, category, party_office, clerk, outsider):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="内部", formed_on=date(2026, 3, 2))
    login(client, outsider)
    assert client.get(f"/manage/items/{revision.item_id}/").status_code == 404
    assert client.post(f"/manage/revisions/{revision.pk}/submit/").status_code == 404


def test_registry_exports_in_the_layout_of_annex_2(client, township, office_admin):
    StaffRegistryEntryFactory(agency=township, name="李天涛", position="乡长", contact="18746567000", sort_order=0)
    StaffRegistryEntryFactory(agency=township, name="王乐", position="秘书", contact="15546565866", sort_order=1)
    response = login(client, office_admin).get(f"/manage/agency/registry.xlsx?agency={township.code}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "政务公开分管领导及工作机构工作人员登记表"
    assert sheet["A2"].value.startswith("单位：东升乡")
    assert [c.value for c in sheet[3]] == ["姓名", "职务", "联系方式", "备注"]
    assert [c.value for c in sheet[4]][:3] == ["李天涛", "乡长", "18746567000"]
    assert sheet["C4"].data_type == "s"


def test_site_settings_are_format_checked(client, county, platform_admin):
    login(client, platform_admin)
    bad = client.post("/manage/site/", {"site_name": "平台", "site_code": "23122100", "icp_no": "ICP13005961",
                                        "psb_no": "123"})
    assert bad.status_code == 400 and "10位数字" in bad.content.decode()
    ok = client.post("/manage/site/", {"site_name": "平台", "site_code": "2312210001", "icp_no": "黑ICP备13005961号-1",
                                       "psb_no": "黑公网安备 23122102000101号"})
    assert ok.status_code == 302


def test_calendar_admin_recomputes_and_reports(client, county, township, category, party_office, clerk,
                                              platform_admin):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="x", formed_on=date(2026, 3, 2))
    login(client, platform_admin)
    response = client.post("/manage/calendar/", {"form": "day", "date": "2026-03-10", "kind": "holiday",
                                                 "name": "临时"}, follow=True)
    assert "主动公开信息1件" in response.content.decode()
    revision.refresh_from_db()
    assert revision.publish_due == date(2026, 3, 31)
    weekday_makeup = client.post("/manage/calendar/", {"form": "day", "date": "2026-03-11", "kind": "workday"})
    assert weekday_makeup.status_code == 400
