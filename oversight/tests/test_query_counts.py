"""Reads of the registers cost a fixed number of queries, whatever the number of records (no N+1): each page and
list is measured with a few records, then with more, and the query counts must be equal."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from casework.selectors import workbench_cases
from oversight import selectors
from oversight.services import complaints, corrections, reading, review, suggestions, workplan
from security.tests.helpers import log_in
from security.tests.token_factories import api_key_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_now")]


@pytest.fixture
def _now():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


def add_records(township, office_admin, party_office, n: int, offset: int = 0) -> None:
    """n records of every register, routed to an office and a person, some overdue."""
    point = reading.save_reading_point(township, acting_user=office_admin, name=f"查阅点{offset}", place="党政办公室",
                                       address="乡政府院内", hours="工作日")
    plan = workplan.create_work_plan(township, acting_user=office_admin, year=2026 - offset,
                                     title=f"{2026 - offset}年政务公开工作方案") if offset < 10 else None
    for i in range(offset, offset + n):
        case = review.register_review_case(township, acting_user=office_admin, kind="reconsideration",
                                           filed_on=date(2026, 3, 2), body="望奎县人民政府", case_no=f"第{i}号")
        review.route_review_case(case, acting_user=office_admin, office=party_office, assignee=office_admin)
        s = suggestions.register_suggestion(township, acting_user=office_admin, kind="npc", session_year=2026,
                                            proposal_no=f"第{i}号", proposer="代表", title="建议", topics="民生民意",
                                            assigned_on=date(2026, 3, 2), office=party_office)
        suggestions.route_suggestion(s, acting_user=office_admin, office=party_office, assignee=office_admin)
        c, _ = complaints.log_complaint(township, acting_user=office_admin, channel="box",
                                        received_on=date(2026, 2, 2), summary="投诉举报箱来信反映问题。")
        complaints.route_complaint(c, acting_user=office_admin, office=party_office, assignee=office_admin)
        corrections.report_site_error(page_url=f"/gk/{township.code}/", description="页面有错别字。")
        reading.register_visit(point, acting_user=office_admin, visited_on=date(2026, 3, 2), consulted="公示",
                               visitor_name="张三")
        reading.register_delivery(township, acting_user=office_admin, direction="received", counterpart_kind="village",
                                  counterpart="东升村", document_title="村务公开资料", delivered_on=date(2026, 3, 2),
                                  received_by="王乐", reading_point=point)
        if plan is not None:
            workplan.add_task(plan, acting_user=office_admin, title=f"任务{i}", owner="党政办公室",
                              due_on=date(plan.year, 3, 1))


def count(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def steady(township, office_admin, party_office, read) -> None:
    add_records(township, office_admin, party_office, 2)
    read()  # warm caches (grants, calendar)
    few = count(read)
    add_records(township, office_admin, party_office, 5, offset=2)
    assert count(read) == few


PAGES = ["backoffice:oversight", "backoffice:review_cases", "backoffice:suggestions", "backoffice:complaints",
         "backoffice:site_errors", "backoffice:work_plans", "backoffice:reading_points", "backoffice:workbench"]


@pytest.mark.parametrize("name", PAGES)
def test_back_office_pages_do_not_grow_with_the_records(client, township, office_admin, party_office, name):
    log_in(client, office_admin)
    url = reverse(name)

    def read():
        assert client.get(url).status_code == 200

    steady(township, office_admin, party_office, read)


API_LISTS = ["/api/v1/review-cases/", "/api/v1/suggestions/", "/api/v1/complaints/", "/api/v1/site-error-reports/",
             "/api/v1/reading-points/", "/api/v1/deliveries/", "/api/v1/visits/", "/api/v1/work-plans/"]


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_do_not_grow_with_the_records(township, office_admin, party_office, url):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(office_admin)}")

    def read():
        assert client.get(url).status_code == 200

    steady(township, office_admin, party_office, read)


def test_the_workbench_lists_and_the_register_index_cost_one_query_per_register(township, office_admin,
                                                                                party_office,
                                                                                django_assert_num_queries):
    add_records(township, office_admin, party_office, 3)
    workbench_cases(office_admin)  # grants and calendar cached for the request
    with django_assert_num_queries(15):  # mine, overdue, due soon × five registers
        cases = workbench_cases(office_admin)
    assert len(cases["mine"]) == 9 and cases["overdue"]
    with django_assert_num_queries(5):
        counts = selectors.open_counts(office_admin)
    assert counts["complaint"] == {"open": 3, "overdue": 3}
