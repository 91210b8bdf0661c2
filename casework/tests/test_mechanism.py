"""The shared case mechanism, specified through the 复议诉讼 register: the transition table, guarded transitions with
their audit event in the same transaction, clocks, recomputation when the calendar changes."""

from datetime import date

import pytest
import time_machine

from audit.models import AuditEvent
from audit.selectors import events_for
from casework import services as casework
from casework.errors import CaseError, WrongState
from gongkai.errors import DomainError, PermissionDenied
from oversight.models import (
    COMPLAINT_WORKFLOW,
    REVIEW_WORKFLOW,
    SUGGESTION_WORKFLOW,
    ReviewCase,
    ReviewKind,
    ReviewStatus,
)
from oversight.services import review
from workdays.models import CalendarDay
from workdays.services import add_calendar_year, set_calendar_day

pytestmark = pytest.mark.django_db


def new_case(agency, user, **extra):
    values = {"kind": ReviewKind.RECONSIDERATION, "filed_on": date(2026, 3, 2), "received_on": date(2026, 3, 4),
              "body": "望奎县人民政府", **extra}
    return review.register_review_case(agency, acting_user=user, **values)


def test_each_register_declares_its_allowed_state_changes():
    assert COMPLAINT_WORKFLOW.allowed_status_changes == {
        "received": {"handling", "received", "closed"},
        "handling": {"handling", "closed"},
        "closed": {"closed", "handling"},
    }
    assert REVIEW_WORKFLOW.allowed_status_changes["decided"] == {"decided", "answered"}
    assert SUGGESTION_WORKFLOW.allowed_status_changes["disclosing"] == {"disclosing", "public", "replied"}


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_opening_a_case_numbers_it_starts_its_clock_and_records_the_event(township, office_admin):
    case = new_case(township, office_admin)
    assert case.number == "FS2026-0001"
    assert case.status == ReviewStatus.REGISTERED
    assert case.due_on == date(2026, 3, 18)  # 10 working days after 3月4日
    assert case.due_explanation == "收到复议申请书副本 2026年3月4日，次日起算；书面答复期限10个工作日，截止2026年3月18日"
    assert case.is_open and not case.is_overdue and case.days_left == 9
    [event] = events_for(case)
    assert (event.action, event.actor, event.to_state) == ("oversight.review_case.created", office_admin,
                                                          "registered")
    assert new_case(township, office_admin).number == "FS2026-0002"


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_overdue_is_derived_from_the_due_date_and_the_timed_states(township, office_admin):
    case = new_case(township, office_admin)
    assert case.is_overdue and case.days_left == -2
    assert list(ReviewCase.objects.overdue()) == [case]
    review.answer_review_case(case, acting_user=office_admin, answered_on=date(2026, 3, 20))
    assert not case.is_overdue  # answered: still open (waiting for the decision) but its own clock has stopped
    assert case.is_open and ReviewCase.objects.overdue().count() == 0


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_a_transition_from_the_wrong_state_is_refused_with_409_and_leaves_no_trace(township, office_admin):
    case = new_case(township, office_admin)
    review.decide_review_case(case, acting_user=office_admin, result="upheld", closed_on=date(2026, 3, 19))
    with pytest.raises(WrongState) as excinfo:
        review.answer_review_case(case, acting_user=office_admin, answered_on=date(2026, 3, 20))
    assert excinfo.value.status == 409
    assert excinfo.value.message == "该复议诉讼案件当前为“已审结”，不能登记答复（答辩）。"
    assert [e.action for e in events_for(case)] == ["oversight.review_case.created", "oversight.review_case.decide"]


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_the_transition_guards_the_state_in_the_database_not_a_stale_copy(township, office_admin):
    case = new_case(township, office_admin)
    stale = ReviewCase.objects.get(pk=case.pk)
    review.decide_review_case(case, acting_user=office_admin, result="corrected", closed_on=date(2026, 3, 19))
    with pytest.raises(WrongState):
        review.decide_review_case(stale, acting_user=office_admin, result="upheld", closed_on=date(2026, 3, 19))
    assert ReviewCase.objects.get(pk=case.pk).result == "corrected"


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_an_error_inside_a_transition_rolls_back_the_change_and_its_audit_event(township, office_admin):
    case = new_case(township, office_admin)
    before = AuditEvent.objects.count()

    def apply(c):
        c.result_note = "不会保存"
        raise CaseError("出错了。")

    with pytest.raises(DomainError):
        casework.transition(case, "edit", acting_user=office_admin, apply=apply)
    assert AuditEvent.objects.count() == before
    assert ReviewCase.objects.get(pk=case.pk).result_note == ""


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_transitions_need_the_manage_permission_in_the_case_agency(township, office_admin, outsider, deputy,
                                                                   supervisor):
    case = new_case(township, office_admin)
    for person in (outsider, deputy):  # another township's office; a leader who may only look
        with pytest.raises(PermissionDenied):
            review.answer_review_case(case, acting_user=person, answered_on=date(2026, 3, 20))
    review.answer_review_case(case, acting_user=supervisor, answered_on=date(2026, 3, 20))  # the county cascades
    assert case.status == ReviewStatus.ANSWERED


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_routing_assigns_an_office_and_a_person_of_the_same_agency(township, office_admin, party_office, clerk,
                                                                   other_township):
    from agencies.tests.factories import OfficeFactory

    case = new_case(township, office_admin)
    with pytest.raises(CaseError):
        review.route_review_case(case, acting_user=office_admin, office=OfficeFactory(agency=other_township))
    with pytest.raises(CaseError):  # a 信息员 has no right to see supervision registers
        review.route_review_case(case, acting_user=office_admin, assignee=clerk)
    review.route_review_case(case, acting_user=office_admin, office=party_office, assignee=office_admin)
    assert (case.office, case.assignee) == (party_office, office_admin)
    assert events_for(case).last().data == {"office": "党政办公室", "assignee": "孙公开"}


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_a_calendar_change_recomputes_open_clocks_and_records_it_on_each_case(township, office_admin,
                                                                              platform_admin):
    case = new_case(township, office_admin)
    decided = new_case(township, office_admin, result="upheld", closed_on=date(2026, 3, 5))
    assert case.due_on == date(2026, 3, 18)
    counts = set_calendar_day(date(2026, 3, 10), CalendarDay.Kind.HOLIDAY, name="临时放假", acting_user=platform_admin)
    assert counts["oversight.reviewcase"] == 1
    case.refresh_from_db()
    assert case.due_on == date(2026, 3, 19)
    event = events_for(case).last()
    assert (event.action, event.data) == ("casework.due_recomputed", {"from": "2026-03-18", "to": "2026-03-19"})
    assert "2026-03-10 设为放假" in event.comment
    assert not events_for(decided).filter(action="casework.due_recomputed").exists()


@time_machine.travel("2026-12-24 10:00 +0800", tick=False)
def test_a_case_staff_register_beyond_the_loaded_calendar_is_recorded_with_its_due_date_pending(township,
                                                                                                 office_admin):
    case = new_case(township, office_admin, filed_on=date(2026, 12, 22), received_on=date(2026, 12, 24))
    case.refresh_from_db()
    assert case.due_on is None and case.is_provisional
    assert case.due_explanation.startswith("期限待定：工作日历尚未载入2027年")


@time_machine.travel("2026-12-24 10:00 +0800", tick=False)
def test_a_provisional_due_date_is_filled_in_when_the_next_year_is_loaded(township, office_admin, platform_admin):
    case = ReviewCase(agency=township, kind=ReviewKind.RECONSIDERATION, filed_on=date(2026, 12, 22),
                      received_on=date(2026, 12, 24), body="望奎县人民政府")
    casework.start_clock(case, case.received_on, review.RECONSIDERATION_ANSWER)
    casework.open_case(case, acting_user=office_admin)
    assert case.due_on is None and case.is_provisional
    assert case.due_explanation.startswith("期限待定：工作日历尚未载入2027年")
    add_calendar_year(2027, source="国务院办公厅关于2027年部分节假日安排的通知", acting_user=platform_admin,
                      holidays={date(2027, 1, 1): "元旦"})
    case.refresh_from_db()
    assert case.due_on == date(2027, 1, 8)  # 12-25, 28, 29, 30, 31, 1-4, 5, 6, 7, 8 (1月1日 off)
    assert not case.is_provisional


def test_an_agency_sets_its_own_period_for_new_cases(township, office_admin, outsider):
    from casework.clocks import ClockRule

    default = ClockRule(15, "working_days", "收到投诉举报", "答复期限")
    assert casework.rule_for("oversight.complaint", township, default) == default
    casework.set_service_level("oversight.complaint", township, acting_user=office_admin, length=10)
    assert casework.rule_for("oversight.complaint", township, default).length == 10
    with pytest.raises(PermissionDenied):
        casework.set_service_level("oversight.complaint", township, acting_user=outsider, length=5)
    with pytest.raises(CaseError):
        casework.set_service_level("oversight.complaint", township, acting_user=office_admin, length=0)
