"""The back-office pages of the registers and of the catalogue's coverage, as the people who use them."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from catalog import matters
from catalog.models import StandardArea
from catalog.tests.factories import ItemFactory
from oversight.models import Complaint, Delivery, ReadingPoint, ReviewCase, Visit, WorkPlanTask
from oversight.services import complaints, corrections, review, suggestions, workplan
from security.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_now")]


@pytest.fixture
def _now():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


def login(client, user):
    log_in(client, user)
    return client


def test_the_index_counts_each_register_and_is_refused_without_the_right(client, township, office_admin, clerk):
    complaints.submit_complaint(township, summary="东升乡网站惠农补贴信息未更新。")
    page = login(client, office_admin).get(reverse("backoffice:oversight"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "未办结 1 件" in body and "标准目录覆盖情况" in body
    log_in(client, clerk)
    assert client.get(reverse("backoffice:oversight")).status_code == 403


def test_a_case_result_without_a_closing_date_is_shown_again_with_what_was_typed(client, township, office_admin):
    login(client, office_admin)
    data = {"agency": township.code, "kind": "reconsideration", "filed_on": "2026-03-02", "body": "望奎县人民政府",
            "case_no": "望政复〔2026〕3号", "result": "upheld", "closed_on": ""}
    response = client.post(reverse("backoffice:review_case_new"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "结果为“结果维持”的案件须填写审结日期。" in body and "望政复〔2026〕3号" in body
    assert ReviewCase.objects.count() == 0
    response = client.post(reverse("backoffice:review_case_new"), {**data, "result": "pending"})
    case = ReviewCase.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "登记复议诉讼案件" in detail and "书面答复期限10个工作日" in detail
    response = client.post(case.get_absolute_url(), {"action": "decide", "result": "corrected", "closed_on": ""})
    assert response.status_code == 400 and "须填写审结日期" in response.content.decode()
    response = client.post(case.get_absolute_url(), {"action": "decide", "result": "corrected",
                                                      "closed_on": "2026-03-19"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.result == "corrected"
    assert "结果纠正" in client.get(reverse("backoffice:review_cases")).content.decode()


def test_the_hotline_log_shows_the_tracking_code_once(client, township, office_admin, party_office):
    login(client, office_admin)
    response = client.post(reverse("backoffice:complaint_new"), {
        "agency": township.code, "channel": "hotline", "received_on": "2026-03-20",
        "summary": "来电反映村务公开栏长期未更新。", "name": "李四", "contact": "13945561234", "subject": "other",
        "office": str(party_office.pk)}, follow=True)
    assert response.status_code == 200
    assert "请告知投诉人查询码" in response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.office == party_office and "139****1234" in response.content.decode()
    response = client.post(complaint.get_absolute_url(), {"action": "close", "result": "substantiated",
                                                          "reply": "已督促村委会更新公开栏。"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed"


def test_the_county_sees_the_township_complaints_and_another_township_does_not(client, township, supervisor,
                                                                               outsider):
    complaint, _ = complaints.submit_complaint(township, summary="东升乡网站惠农补贴信息未更新。")
    assert login(client, supervisor).get(complaint.get_absolute_url()).status_code == 200
    assert complaint.number in client.get(reverse("backoffice:complaints")).content.decode()
    log_in(client, outsider)
    assert client.get(complaint.get_absolute_url()).status_code == 403
    assert complaint.number not in client.get(reverse("backoffice:complaints")).content.decode()


def test_a_reply_with_a_phone_number_is_refused_on_the_page(client, township, office_admin):
    s = suggestions.register_suggestion(township, acting_user=office_admin, kind="npc", session_year=2026,
                                        proposal_no="第1号", proposer="刘代表", title="关于改善村道的建议",
                                        assigned_on=date(2026, 3, 2))
    login(client, office_admin)
    response = client.post(s.get_absolute_url(), {"action": "reply", "reply_text": "刘代表（13945561234）：已修缮。",
                                                   "replied_on": "2026-03-20", "result_class": "A",
                                                   "disclosure_form": "full"})
    assert response.status_code == 302
    response = client.post(s.get_absolute_url(), {"action": "disclose"})
    assert response.status_code == 400
    assert "复文中含有个人信息（手机号码139****1234）" in response.content.decode()
    assert 'id="action-revise_reply"' in response.content.decode()
    response = client.post(s.get_absolute_url(), {"action": "revise_reply", "reply_text": "刘代表：已修缮。",
                                                   "disclosure_form": "full"})
    assert response.status_code == 302
    assert client.post(s.get_absolute_url(), {"action": "disclose"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "disclosing" and s.item_id is not None


def test_a_site_error_is_fixed_from_its_page(client, county, township, supervisor):
    report = corrections.report_site_error(page_url=f"/gk/{township.code}/", description="机构职能页面有错别字。")
    login(client, supervisor)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "期限" in page.content.decode()
    response = client.post(report.get_absolute_url(), {"action": "fix", "fix_note": "已改正错别字。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "fixed"


def test_reading_points_deliveries_and_visits_on_one_page(client, township, office_admin):
    login(client, office_admin)
    url = reverse("backoffice:reading_points")
    assert client.post(url, {"action": "point", "name": "东升乡政府信息公开查阅点", "place": "乡政府党政办公室（乡档案室）",
                             "address": "东升乡政府院内", "hours": "工作日", "is_active": "on"}).status_code == 302
    point = ReadingPoint.objects.get()
    item = ItemFactory(agency=township)
    assert client.post(url, {"action": "delivery", "direction": "sent", "counterpart_kind": "library",
                             "counterpart": "望奎县图书馆", "item": item.index_no, "delivered_on": "2026-03-20",
                             "received_by": "孙馆员", "copies": "1"}).status_code == 302
    bad = client.post(url, {"action": "delivery", "direction": "received", "counterpart_kind": "library",
                            "counterpart": "县图书馆", "document_title": "文件", "delivered_on": "2026-03-20",
                            "received_by": "王乐", "copies": "1"})
    assert bad.status_code == 400 and "送交单位类型与送交方向不符" in bad.content.decode()
    assert client.post(url, {"action": "visit", "reading_point": str(point.pk), "visited_on": "2026-03-20",
                             "consulted": "惠农补贴公示", "visitor_name": "赵大民"}).status_code == 302
    body = client.get(url).content.decode()
    assert "望奎县图书馆" in body and "赵**" in body and "赵大民" not in body
    assert Delivery.objects.count() == 1 and Visit.objects.count() == 1


def test_each_reading_point_counts_its_own_visits_and_deliveries(client, township, office_admin):
    from oversight.services import reading

    point = reading.save_reading_point(township, acting_user=office_admin, name="查阅点", place="党政办公室",
                                       address="乡政府院内", hours="工作日")
    for n in range(3):
        reading.register_visit(point, acting_user=office_admin, visited_on=date(2026, 3, 2 + n), consulted="公示")
    for n in range(2):
        reading.register_delivery(township, acting_user=office_admin, direction="received", counterpart_kind="village",
                                  counterpart="东升村", document_title=f"村务公开资料{n}",
                                  delivered_on=date(2026, 3, 2), received_by="王乐", reading_point=point)
    body = login(client, office_admin).get(reverse("backoffice:reading_points")).content.decode()
    assert '<td class="num">3 / 2</td>' in body


def test_the_work_plan_page(client, township, office_admin):
    login(client, office_admin)
    response = client.post(reverse("backoffice:work_plans"), {"agency": township.code, "year": "2026",
                                                               "title": "东升乡2026年政务公开工作方案"})
    assert response.status_code == 302
    plan_url = response.url
    assert client.post(plan_url, {"action": "add", "title": "更新政府信息公开指南", "owner": "党政办公室",
                                  "due_on": "2026-04-30"}).status_code == 302
    task = WorkPlanTask.objects.get()
    bad = client.post(plan_url, {"action": "complete", "task": str(task.pk), "evidence": "已更新指南。",
                                 "completed_on": "2026-03-20", "evidence_item": "不存在的索引号"})
    assert bad.status_code == 400
    page = bad.content.decode()  # what was typed is shown again beside the message
    assert "佐证信息的索引号不存在" in page and ">已更新指南。</textarea>" in page and 'value="不存在的索引号"' in page
    assert client.post(plan_url, {"action": "complete", "task": str(task.pk),
                                  "evidence": "已更新指南。"}).status_code == 302
    assert "100%" in client.get(plan_url).content.decode()


def test_the_coverage_views_for_the_county_and_one_township(client, township, office_admin, supervisor, category):
    area = StandardArea.objects.get(name="涉农补贴")
    matters.create_matter(township, acting_user=office_admin, area=area, level1="惠农补贴", level2="耕地地力保护补贴",
                          content="补贴对象、标准", expected_every_days=365)
    login(client, supervisor)
    county = client.get(reverse("backoffice:coverage")).content.decode()
    assert "东升乡人民政府" in county
    page = client.get(reverse("backoffice:coverage_agency", args=[township.code])).content.decode()
    assert "应公开未公开" in page and "耕地地力保护补贴" in page
    log_in(client, office_admin)
    url = reverse("backoffice:coverage_agency", args=[township.code])
    housing = StandardArea.objects.get(name="保障性住房")
    bad = client.post(url, {"action": "exempt", "area": str(housing.pk), "reason": ""})
    assert bad.status_code == 400
    assert client.post(url, {"action": "exempt", "area": str(housing.pk),
                             "reason": "乡级无此职责。"}).status_code == 302
    assert "未涉及：乡级无此职责。" in client.get(url).content.decode()


def test_the_other_pages_render(client, township, office_admin, supervisor):
    review.register_review_case(township, acting_user=office_admin, kind="litigation_direct",
                                filed_on=date(2026, 3, 2), body="望奎县人民法院")
    login(client, supervisor)
    for name in ("review_cases", "suggestions", "complaints", "site_errors", "subscriptions", "work_plans",
                 "ratings", "reading_points", "service_levels"):
        response = client.get(reverse(f"backoffice:{name}"), {"agency": township.code}
                              if name in ("reading_points", "service_levels") else {})
        assert response.status_code == 200, name


def test_the_workbench_panel_lists_overdue_cases(client, township, office_admin):
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        review.register_review_case(township, acting_user=office_admin, kind="reconsideration",
                                    filed_on=date(2026, 3, 2), body="望奎县人民政府")
    login(client, office_admin)
    body = client.get(reverse("backoffice:workbench")).content.decode()
    assert "监督保障" in body and "已逾期" in body


def test_a_due_date_beyond_the_loaded_calendar_is_recorded_and_shown_as_pending(client, township, office_admin):
    with time_machine.travel("2026-12-24 10:00 +0800", tick=False):
        login(client, office_admin)
        response = client.post(reverse("backoffice:review_case_new"), {
            "agency": township.code, "kind": "reconsideration", "filed_on": "2026-12-22", "received_on": "2026-12-24",
            "body": "望奎县人民政府", "case_no": "望政复〔2026〕9号", "result": "pending"}, follow=True)
    assert response.status_code == 200
    case = ReviewCase.objects.get()
    assert case.case_no == "望政复〔2026〕9号" and case.is_provisional
    body = response.content.decode()
    assert "期限待定" in body and "工作日历尚未载入2027年的节假日安排" in body


def test_case_documents_are_downloaded_by_staff_who_may_see_the_case(client, township, office_admin, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = review.register_review_case(township, acting_user=office_admin, kind="reconsideration",
                                       filed_on=date(2026, 3, 2), body="望奎县人民政府")
    pdf = SimpleUploadedFile("决定书.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    document = review.add_review_document(case, pdf, acting_user=office_admin, kind="decision")
    url = reverse("backoffice:review_document", args=[case.pk, document.pk])
    response = login(client, office_admin).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    log_in(client, outsider)
    assert client.get(url).status_code == 403


def test_registration_details_are_corrected_on_the_pages(client, township, office_admin, party_office, farm_station):
    from audit.selectors import events_for

    login(client, office_admin)
    case = review.register_review_case(township, acting_user=office_admin, kind="reconsideration",
                                       filed_on=date(2026, 3, 2), body="望奎县人民政府", party_name="张三")
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="action-edit"' in page and "张三" not in page  # the party's name is never written into the form
    assert client.post(case.get_absolute_url(), {"action": "edit", "case_no": "望政复〔2026〕3号",
                                                 "body": "望奎县人民政府", "subject": "", "application_no": "",
                                                 "party_name": ""}).status_code == 302
    case.refresh_from_db()
    assert (case.case_no, case.party_name) == ("望政复〔2026〕3号", "张三")
    assert events_for(case).last().data == {"fields": ["case_no"]}

    s = suggestions.register_suggestion(township, acting_user=office_admin, kind="npc", session_year=2026,
                                        proposal_no="第1号", proposer="刘代表", title="关于改善村道的建议",
                                        assigned_on=date(2026, 3, 2), topics="民生民意", office=party_office,
                                        proposer_contact="13945561234")
    assert "13945561234" not in client.get(s.get_absolute_url()).content.decode()
    assert client.post(s.get_absolute_url(), {"action": "edit", "title": "关于硬化村道的建议", "proposer": "刘代表",
                                              "proposer_contact": "", "content": "", "topics": "民生民意、便民服务",
                                              "co_offices": [str(farm_station.pk)]}).status_code == 302
    s.refresh_from_db()
    assert (s.title, s.proposer_contact, [t.name for t in s.topics.all()], list(s.co_offices.all())) == (
        "关于硬化村道的建议", "13945561234", ["民生民意", "便民服务"], [farm_station])

    plan = workplan.create_work_plan(township, acting_user=office_admin, year=2026, title="2026年政务公开工作方案")
    task = workplan.add_task(plan, acting_user=office_admin, title="更新指南", owner="党政办公室", due_on=date(2026, 4, 30))
    bad = client.post(plan.get_absolute_url(), {"action": "edit", "task": task.pk, "title": "更新政府信息公开指南",
                                                "owner": "党政办公室", "due_on": "2028-01-01"})
    assert bad.status_code == 400 and 'value="更新政府信息公开指南"' in bad.content.decode()
    assert client.post(plan.get_absolute_url(), {"action": "edit", "task": task.pk, "title": "更新政府信息公开指南",
                                                 "owner": "党政办公室", "due_on": "2026-05-29"}).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.due_on) == ("更新政府信息公开指南", date(2026, 5, 29))
