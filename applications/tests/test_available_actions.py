"""The applications workflow (applications.workflow) as the back office and the API read it: which events are offered
in every state (each action × each state), each legal condition on both sides of it, who is offered anything, and that
a condition refuses with the same error as the service that records the event. The applications are built through the
real services on working days of March 2026; today is Friday 2026-03-20."""

from datetime import date

import pytest
import time_machine

from applications import services
from applications.models import Channel, Status
from applications.workflow import APPLICATION_WORKFLOW as WORKFLOW
from gongkai.errors import DomainError

from .conftest import register

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _friday():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


# --- applications in each state ---------------------------------------------------------------------------------

def _in_progress(agency, user, on=date(2026, 3, 16)):
    return register(agency, user, on=on)


def _awaiting_confirmation(agency, user):
    return register(agency, user, on=date(2026, 3, 16), channel=Channel.EMAIL)


def _correction(agency, user, deadline=date(2026, 3, 19)):
    application = _in_progress(agency, user)
    services.request_correction(application, acting_user=user, on=date(2026, 3, 17), items="请写明所需信息的年份。",
                                deadline=deadline)
    return application


def _consultation(agency, user):
    application = _in_progress(agency, user)
    services.start_consultation(application, acting_user=user, on=date(2026, 3, 17), party="third_party",
                                party_name="某公司")
    return application


def _awaiting_fee(agency, user, on=date(2026, 3, 16)):
    application = _in_progress(agency, user, on=on)
    services.send_fee_notice(application, acting_user=user, on=on, method="per_page", pages=40)
    return application


def _replied(agency, user):
    application = _in_progress(agency, user)
    services.reply(application, acting_user=user, on=date(2026, 3, 18), reply_code="A2")
    return application


def _abandoned(agency, user):
    application = _correction(agency, user)
    services.reply(application, acting_user=user, on=TODAY, reply_code="A21")
    return application


def _delivered(agency, user):
    application = _replied(agency, user)
    services.deliver(application, acting_user=user, on=date(2026, 3, 19), method="direct")
    return application


def _archived(agency, user):
    application = _delivered(agency, user)
    services.archive(application, acting_user=user, on=TODAY)
    return application


def _split(agency, user):
    application = _in_progress(agency, user)
    services.split(application, acting_user=user, on=date(2026, 3, 17), parts=["2025年低保名单", "2026年低保名单"])
    return application


# state → (builder, the actions offered to a person who handles applications in the agency, in order)
OFFERED = {
    Status.AWAITING_CONFIRMATION: (_awaiting_confirmation, ["confirm-receipt"]),
    Status.IN_PROGRESS: (_in_progress, ["request-correction", "start-consultation", "extend", "reasonable-period",
                                        "fee-notice", "reply", "split"]),
    Status.CORRECTION: (_correction, ["receive-correction", "abandon-correction"]),  # the period passed on 3-19
    Status.CONSULTATION: (_consultation, ["start-consultation", "consultation-received", "end-consultation", "extend",
                                          "reasonable-period", "reply"]),
    Status.AWAITING_FEE: (_awaiting_fee, ["extend", "reasonable-period", "fee-notice-received", "fee-paid",
                                          "waive-fee"]),  # the payment period runs until April
    Status.REPLIED: (_replied, ["deliver"]),
    Status.ABANDONED: (_abandoned, ["deliver", "archive"]),
    Status.DELIVERED: (_delivered, ["archive"]),
    Status.ARCHIVED: (_archived, []),
    Status.SPLIT: (_split, []),
}


def _names(application, user, today=TODAY):
    return [t.name for t in WORKFLOW.available_actions(application, user, today)]


def test_every_state_is_specified_and_every_action_is_offered_somewhere():
    assert set(OFFERED) == set(Status.values)
    offered = {name for _builder, names in OFFERED.values() for name in names}
    assert offered | {"abandon-fee"} == set(WORKFLOW.transitions)  # abandon-fee: after the payment period, below


@pytest.mark.parametrize("state", list(OFFERED))
def test_the_actions_offered_in_each_state(state, township, office_admin, deputy, outsider, supervisor):
    builder, expected = OFFERED[state]
    application = builder(township, office_admin)
    application.refresh_from_db()
    assert application.status == state
    assert _names(application, office_admin) == expected
    for name in WORKFLOW.transitions:  # every action × this state: offered exactly when listed, and `can` agrees
        assert WORKFLOW.can(office_admin, application, name, TODAY) is (name in expected), name
        refusal = WORKFLOW.refusal(application, name, TODAY)
        assert (refusal is None) is (name in expected), name
        if state not in WORKFLOW.get(name).sources:
            assert refusal.status == 409 and refusal.code == "wrong_state", name
            assert refusal.message.startswith(f"申请处于“{Status(state).label}”状态，不能"), name
    # Looking is not handling; another township's office and the county's supervisor handle none of them.
    for person in (deputy, outsider, supervisor, None):
        assert _names(application, person) == []


# --- each legal condition, on both sides ------------------------------------------------------------------------

def _corrected(agency, user):
    application = _correction(agency, user, deadline=date(2026, 3, 25))
    services.receive_correction(application, acting_user=user, on=date(2026, 3, 18))
    return application


def _waived(agency, user):
    application = _awaiting_fee(agency, user)
    services.waive_fee(application, acting_user=user, on=date(2026, 3, 17), reason="低保户，全免")
    return application


def _extended(agency, user):
    application = _in_progress(agency, user)
    services.extend(application, acting_user=user, on=date(2026, 3, 17), days=10, reason="需要调取档案")
    return application


def _longer_period(agency, user):
    application = _in_progress(agency, user)
    services.set_reasonable_period(application, acting_user=user, on=date(2026, 3, 17), due_on=date(2026, 5, 29),
                                   reason="申请数量较多，需逐件检索档案。")
    return application


def _under_2007(agency, user):
    return _in_progress(agency, user, on=date(2017, 9, 29))


def _before_fees(agency, user):
    return _in_progress(agency, user, on=date(2020, 12, 1))


def _under_2007_corrected(agency, user):
    application = _under_2007(agency, user)
    services.request_correction(application, acting_user=user, on=date(2017, 10, 9), items="请写明年份。",
                                deadline=date(2017, 10, 20))
    return application


# (builder, action, offered?): each condition where it holds and where it does not
CONDITIONS = {
    "correction period passed (3-19)": (_correction, "abandon-correction", True),
    "correction period ends today": (lambda a, u: _correction(a, u, deadline=TODAY), "abandon-correction", False),
    "correction period ends later": (lambda a, u: _correction(a, u, deadline=date(2026, 3, 25)),
                                     "abandon-correction", False),
    "payment period passed": (lambda a, u: _awaiting_fee(a, u, on=date(2026, 1, 5)), "abandon-fee", True),
    "payment period running": (_awaiting_fee, "abandon-fee", False),
    "correction not yet notified": (_in_progress, "request-correction", True),
    "correction notified and received": (_corrected, "request-correction", False),
    "not yet extended": (_in_progress, "extend", True),
    "already extended": (_extended, "extend", False),
    "Art.35 period set, no extension": (_longer_period, "extend", False),
    "Art.35 under the 2019 rules": (_in_progress, "reasonable-period", True),
    "Art.35 already set": (_longer_period, "reasonable-period", False),
    "Art.35 under the 2007 rules": (_under_2007, "reasonable-period", False),
    "A21 under the 2007 rules too": (_under_2007_corrected, "abandon-correction", True),
    "fees from 2021": (_in_progress, "fee-notice", True),
    "received before 2021": (_before_fees, "fee-notice", False),
    "fee already noticed (waived)": (_waived, "fee-notice", False),
    "split without a fee notice": (_in_progress, "split", True),
    "no split after a fee notice": (_waived, "split", False),
}


@pytest.mark.parametrize("case", list(CONDITIONS))
def test_each_legal_condition(case, township, office_admin):
    builder, name, offered = CONDITIONS[case]
    application = builder(township, office_admin)
    application.refresh_from_db()
    assert application.status in WORKFLOW.get(name).sources  # the state allows it: only the condition decides
    assert (name in _names(application, office_admin)) is offered
    assert WORKFLOW.can(office_admin, application, name, TODAY) is offered
    if offered:
        assert WORKFLOW.guard(application, name, today=TODAY).name == name
    else:
        with pytest.raises(DomainError):
            WORKFLOW.guard(application, name, today=TODAY)


def test_the_payment_period_beyond_the_calendar_is_not_yet_passed(township, office_admin):
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        application = _in_progress(township, office_admin, on=date(2026, 12, 1))
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 12, 21), method="per_page",
                                 pages=40)
        application.refresh_from_db()
        assert application.fee.payment_due is None  # 期限待定: 2027 is not loaded
        assert "abandon-fee" not in _names(application, office_admin, date(2026, 12, 30))
        refusal = WORKFLOW.refusal(application, "abandon-fee", date(2026, 12, 30))
        assert (refusal.code, refusal.message) == ("abandonment_not_due",
                                                   "缴费期限待定（超出已载入的工作日历），期限届满后才能视为放弃申请。")


# --- the condition refuses as the service does --------------------------------------------------------------------

# (builder, action, the service recording it today)
SERVICE_REFUSALS = {
    "abandon-correction early": (
        lambda a, u: _correction(a, u, deadline=date(2026, 3, 25)), "abandon-correction",
        lambda app, u: services.reply(app, acting_user=u, on=TODAY, reply_code="A21")),
    "abandon-fee early": (
        _awaiting_fee, "abandon-fee", lambda app, u: services.reply(app, acting_user=u, on=TODAY, reply_code="A22")),
    "second correction": (
        _corrected, "request-correction",
        lambda app, u: services.request_correction(app, acting_user=u, on=TODAY, items="再次补正。")),
    "second extension": (
        _extended, "extend", lambda app, u: services.extend(app, acting_user=u, on=TODAY, days=5, reason="再延期")),
    "extension after Art.35": (
        _longer_period, "extend", lambda app, u: services.extend(app, acting_user=u, on=TODAY, days=5, reason="延期")),
    "second Art.35 period": (
        _longer_period, "reasonable-period",
        lambda app, u: services.set_reasonable_period(app, acting_user=u, on=TODAY, due_on=date(2026, 6, 30),
                                                      reason="数量较多")),
    "Art.35 under 2007": (
        _under_2007, "reasonable-period",
        lambda app, u: services.set_reasonable_period(app, acting_user=u, on=TODAY, due_on=date(2026, 6, 30),
                                                      reason="数量较多")),
    "second fee notice": (
        _waived, "fee-notice",
        lambda app, u: services.send_fee_notice(app, acting_user=u, on=TODAY, method="per_page", pages=40)),
    "fee before 2021": (
        _before_fees, "fee-notice",
        lambda app, u: services.send_fee_notice(app, acting_user=u, on=TODAY, method="per_page", pages=40)),
    "split after a fee notice": (
        _waived, "split", lambda app, u: services.split(app, acting_user=u, on=TODAY, parts=["甲", "乙"])),
}


@pytest.mark.parametrize("case", list(SERVICE_REFUSALS))
def test_a_condition_refuses_with_the_services_error(case, township, office_admin):
    builder, name, record = SERVICE_REFUSALS[case]
    application = builder(township, office_admin)
    application.refresh_from_db()
    offered = WORKFLOW.refusal(application, name, TODAY)
    with pytest.raises(DomainError) as service:
        record(application, office_admin)
    assert offered is not None
    assert (type(offered), offered.status, offered.code, offered.message) == (
        type(service.value), service.value.status, service.value.code, service.value.message)


def test_a_wrong_state_reads_as_the_services_refusal(township, office_admin):
    application = _replied(township, office_admin)
    with pytest.raises(DomainError) as service:
        services.extend(application, acting_user=office_admin, on=TODAY, days=5, reason="延期")
    assert service.value.message == "申请处于“已答复”状态，不能延期答复（只有“办理中、征求意见中、待缴费”状态可以）。"
    assert WORKFLOW.refusal(application, "extend", TODAY).message == service.value.message
    assert WORKFLOW.state_label(application.status) == "已答复" and WORKFLOW.state_tone(application.status) == "ok"
