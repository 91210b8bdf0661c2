"""What the revision workflow offers whom (`REVISION_WORKFLOW.available_actions`), written out by hand as the
specification: every state × every role, each step of the per-agency review chain (data: which step comes next is the
chain's, not the workflow's), the drafter's office, and the rule that nobody reviews what they drafted or submitted."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from catalog.errors import WrongState
from catalog.models import REVISION_WORKFLOW, Item, ReviewStep, Revision

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
PERSONAS = ["clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin", "outsider"]
DRAFTING = ["edit", "submit", "discard"]
REVIEWING = ["approve", "return"]
CHAIN = [ReviewStep.SECRECY_REVIEW, ReviewStep.OFFICE_REVIEW, ReviewStep.DEPUTY_APPROVAL, ReviewStep.PRINCIPAL_APPROVAL]
# the step → who holds its permission in the township (beside the platform administrator)
STEP_HOLDER = {ReviewStep.SECRECY_REVIEW: "reviewer", ReviewStep.OFFICE_REVIEW: "office_admin",
               ReviewStep.DEPUTY_APPROVAL: "deputy", ReviewStep.PRINCIPAL_APPROVAL: "principal"}


def revision(township, office, status, *, drafter, step_index=0, chain=CHAIN) -> Revision:
    return Revision(item=Item(agency=township), number=1, status=status, chain=list(chain), step_index=step_index,
                    office=office, title="关于低保对象的公示", formed_on=TODAY, created_by_id=drafter.pk,
                    submitted_by_id=drafter.pk if status != "draft" else None)


def names(obj, user) -> list[str]:
    return [t.name for t in REVISION_WORKFLOW.available_actions(obj, user, TODAY)]


@pytest.mark.parametrize("status", ["draft", "returned"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_is_edited_submitted_or_discarded_by_the_drafters_of_its_office(
        request, township, party_office, clerk, status, persona):
    obj = revision(township, party_office, status, drafter=clerk)
    expected = DRAFTING if persona in ("clerk", "office_admin", "platform_admin") else []
    assert names(obj, request.getfixturevalue(persona)) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_clerk_of_another_office_may_not_touch_the_draft_the_office_may(
        request, township, farm_station, clerk, persona):
    obj = revision(township, farm_station, "draft", drafter=clerk)
    expected = DRAFTING if persona in ("office_admin", "platform_admin") else []
    assert names(obj, request.getfixturevalue(persona)) == expected


@pytest.mark.parametrize("step_index", range(len(CHAIN)))
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_step_of_the_chain_is_offered_to_the_holder_of_its_permission(
        request, township, party_office, clerk, step_index, persona):
    obj = revision(township, party_office, "in_review", drafter=clerk, step_index=step_index)
    expected = REVIEWING if persona in (STEP_HOLDER[CHAIN[step_index]], "platform_admin") else []
    assert names(obj, request.getfixturevalue(persona)) == expected


@pytest.mark.parametrize("step", list(STEP_HOLDER))
def test_nobody_reviews_what_they_drafted_or_submitted(request, township, party_office, clerk, step):
    holder = request.getfixturevalue(STEP_HOLDER[step])
    drafted = revision(township, party_office, "in_review", drafter=holder, chain=[step])
    assert names(drafted, holder) == []
    submitted = revision(township, party_office, "in_review", drafter=clerk, chain=[step])
    submitted.submitted_by_id = holder.pk
    assert names(submitted, holder) == []
    assert names(revision(township, party_office, "in_review", drafter=clerk, chain=[step]), holder) == REVIEWING


def test_the_chain_is_data_a_step_it_lacks_is_nobodys(township, party_office, clerk, reviewer, deputy):
    # a chain without 保密审查: its first step is the 分管领导's, and the 保密审查员 has no part
    obj = revision(township, party_office, "in_review", drafter=clerk,
                   chain=[ReviewStep.DEPUTY_APPROVAL, ReviewStep.PRINCIPAL_APPROVAL])
    assert (names(obj, deputy), names(obj, reviewer)) == (REVIEWING, [])
    # past its last step (a published revision keeps its chain): nobody
    done = revision(township, party_office, "in_review", drafter=clerk, step_index=4)
    assert (names(done, reviewer), names(done, deputy)) == ([], [])


@pytest.mark.parametrize("status", ["published", "withheld", "superseded", "discarded"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_finished_revision_offers_nothing(request, township, party_office, clerk, status, persona):
    obj = revision(township, party_office, status, drafter=clerk, step_index=3)
    assert names(obj, request.getfixturevalue(persona)) == []


def test_anonymous_visitors_are_offered_nothing(township, party_office, clerk):
    for status in Revision.Status.values:
        assert names(revision(township, party_office, status, drafter=clerk), AnonymousUser()) == []


def test_every_transition_is_offered_somewhere_and_approve_has_no_fixed_target():
    assert set(REVISION_WORKFLOW.transitions) == {*DRAFTING, *REVIEWING, "supersede"}
    assert REVISION_WORKFLOW.get("approve").target is None  # the chain decides: next step, published or withheld


@pytest.mark.parametrize(("status", "name", "message"), [
    ("in_review", "edit", "“审核中”状态的信息不能修改，只有草稿或已退回的信息可以修改。"),
    ("published", "submit", "“已发布”状态的信息不能修改，只有草稿或已退回的信息可以修改。"),
    ("withheld", "discard", "“不予公开”状态的信息不能修改，只有草稿或已退回的信息可以修改。"),
    ("draft", "approve", "该信息当前为“草稿”，不在审核中。"),
    ("returned", "return", "该信息当前为“已退回”，不在审核中。"),
])
def test_a_wrong_state_is_refused_in_the_services_words(township, party_office, clerk, status, name, message):
    with pytest.raises(WrongState) as exc:
        REVISION_WORKFLOW.guard(revision(township, party_office, status, drafter=clerk), name, TODAY)
    assert (exc.value.message, exc.value.code, exc.value.status) == (message, "invalid_transition", 409)
