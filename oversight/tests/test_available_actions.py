"""What each supervision register offers whom in each state (`Workflow.available_actions`), written out by hand as
the specification: every action × every state × the roles (the register's handlers, who may only read, outsiders).
The registers have no legal condition beyond the state; their clocks only colour the due date."""

from datetime import date

import pytest

from oversight.models import Complaint, ReviewCase, SiteErrorReport, Suggestion, WorkPlanTask

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)

# register → state → the actions of a handler (oversight.manage in the case's agency), in the order buttons show
HANDLER = {
    ReviewCase: {
        "registered": ["route", "answer", "decide", "edit"],
        "answered": ["route", "decide", "edit"],
        "decided": ["reopen", "edit"],
    },
    Suggestion: {
        "handling": ["route", "edit", "reply"],
        "replied": ["edit", "revise_reply", "submit_disclosure", "withhold_disclosure"],
        "disclosing": ["edit", "made_public", "disclosure_failed"],
        "public": ["edit"],
        "not_public": ["edit"],
    },
    Complaint: {
        "received": ["route", "edit", "close"],
        "handling": ["route", "edit", "close"],
        "closed": ["edit", "reopen"],
    },
    SiteErrorReport: {
        "received": ["route", "transfer", "fix", "reject"],
        "fixed": ["reopen"],
        "rejected": ["reopen"],
    },
    WorkPlanTask: {
        "open": ["edit", "complete", "cancel"],
        "done": ["reopen"],
        "cancelled": ["reopen"],
    },
}
CASES = [(model, state) for model, states in HANDLER.items() for state in states]
IDS = [f"{model.__name__}-{state}" for model, state in CASES]


def case(model, state, agency):
    return model(agency=agency, status=state, received_on=TODAY)


def names(obj, user) -> list[str]:
    return [t.name for t in obj.workflow.available_actions(obj, user, TODAY)]


def test_the_table_covers_every_state_and_every_transition_of_each_register():
    for model, states in HANDLER.items():
        assert set(states) == set(model.workflow.states.values)
        offered = {name for actions in states.values() for name in actions}
        assert offered == set(model.workflow.transitions)


@pytest.mark.parametrize(("model", "state"), CASES, ids=IDS)
@pytest.mark.parametrize("persona", ["office_admin", "supervisor", "platform_admin"])
def test_a_handler_is_offered_what_the_state_allows(request, township, model, state, persona):
    user = request.getfixturevalue(persona)
    obj = case(model, state, township)
    assert names(obj, user) == HANDLER[model][state]
    assert all(obj.workflow.can(user, obj, name, TODAY) for name in HANDLER[model][state])
    refused = set(model.workflow.transitions) - set(HANDLER[model][state])
    assert not any(obj.workflow.can(user, obj, name, TODAY) for name in refused)


@pytest.mark.parametrize(("model", "state"), CASES, ids=IDS)
@pytest.mark.parametrize("persona", ["deputy", "principal", "clerk", "reviewer", "outsider"])
def test_who_may_only_read_or_has_no_part_is_offered_nothing(request, township, model, state, persona):
    obj = case(model, state, township)
    assert names(obj, request.getfixturevalue(persona)) == []


@pytest.mark.parametrize(("model", "state"), CASES, ids=IDS)
def test_anonymous_visitors_are_offered_nothing(township, model, state):
    from django.contrib.auth.models import AnonymousUser

    assert names(case(model, state, township), AnonymousUser()) == []


def test_the_guard_refuses_what_is_not_offered_with_the_registers_words(township):
    from casework.errors import WrongState

    decided = case(ReviewCase, "decided", township)
    with pytest.raises(WrongState) as exc:
        decided.workflow.guard(decided, "answer", TODAY)
    assert exc.value.message == "该复议诉讼案件当前为“已审结”，不能登记答复（答辩）。"
    assert exc.value.status == 409 and exc.value.code == "invalid_transition"
