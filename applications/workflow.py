"""The workflow of an application for disclosure, declared once (casework.workflow): its states with their tones,
and every event with the states it may start from, the state it leads to and the legal conditions beyond the state.

The services guard each event's source state through it (`_require_state`), so the refusal reads the same from the
portal, the back office and the API; the back office shows one form per `available_actions(...)` and the API returns
them as `actions` on every application; templates take the state's label and tone from it.

A legal condition is asked about *today* when the action is offered (`available_actions`, `can`, `guard(obj)`). The
services check the same conditions, with the same codes and messages, about the day of the event (`on`, which may lie
in the past), each at its own point in their order of checks (applications/tests/test_available_actions.py holds the
two to the same refusal):

    abandon-correction (A21)  the correction period set has passed (Art.30); not while it is 期限待定
    abandon-fee (A22)         the payment period has passed (§3.4); not while it is 期限待定
    request-correction        not yet notified: a correction is notified once (一次性告知)
    extend                    not yet extended, and no Art.35 reasonable period set
    reasonable-period         not yet set, and only under the 2019 rules (Art.35)
    fee-notice                no fee notice yet; under the 2019 rules received from 2021-01-01 (信息处理费,
                              国办函〔2020〕109号), under the 2007 rules at any time (成本费用, 2007 Art.27)
    split                     no fee notice sent

The states (see also the diagram in `applications.services`):

    待确认 → 办理中 ⇄ 补正中 / 征求意见中 / 待缴费 → 已答复 or 视为放弃 → 已送达 → 已归档; 办理中 → 已拆分
"""

from agencies.access import Perm
from casework.workflow import Condition, Transition, Workflow
from workdays.explanations import cn_date

from . import rules
from .errors import ApplicationError, DeadlineRuleViolation, WrongState
from .models import CLOCK_STATUSES, OPEN_STATUSES, Status


def _one(application, name: str):
    """The application's correction / extension / fee / reasonable period, or None (one query, then cached)."""
    return getattr(application, name, None)


# --- legal conditions ----------------------------------------------------------------------------------------------

def _not_yet_corrected(application, today):
    if _one(application, "correction") is not None:
        return "已经告知过补正：补正应当一次性告知，不能再次要求补正。"
    return None


def _a21_in_rule_set(application, today):
    code = rules.REPLY_CODE_BY_CODE["A21"]
    if not code.basis_for(application.rule_set):
        return f"本申请适用{application.ruleset.label}，该条例没有“{code.label}”这一答复类型。"
    return None


def _correction_period_passed(application, today):
    correction = _one(application, "correction")
    if correction.deadline is None:
        return "补正期限待定（超出已载入的工作日历），期限届满后才能视为放弃申请。"
    if today <= correction.deadline:
        return f"补正期限至{cn_date(correction.deadline, with_year=True)}，期限届满后才能视为放弃申请。"
    return None


def _payment_period_passed(application, today):
    fee = _one(application, "fee")
    if fee.payment_due is None:
        return "缴费期限待定（超出已载入的工作日历），期限届满后才能视为放弃申请。"
    if today <= fee.payment_due:
        return f"缴费期限至{cn_date(fee.payment_due, with_year=True)}，期限届满后才能视为放弃申请。"
    return None


def _not_yet_extended(application, today):
    if _one(application, "extension") is not None:
        return "本申请已经延期答复过一次，不能再次延期。"
    return None


def _no_reasonable_period_before_extension(application, today):
    if _one(application, "reasonable_period") is not None:
        return "本申请已依据条例第三十五条确定延迟答复的合理期限，不能再按第三十三条延期。"
    return None


def _no_reasonable_period_yet(application, today):
    if _one(application, "reasonable_period") is not None:
        return "本申请已经确定过延迟答复的合理期限，不能再次确定。"
    return None


def _reasonable_period_in_rule_set(application, today):
    if application.rule_set != rules.RULE_SET_2019:
        return "2007年条例没有确定延迟答复合理期限的规定（2019年条例第三十五条），请按延期答复办理。"
    return None


def _no_fee_notice_yet(application, today):
    if _one(application, "fee") is not None:
        return "本申请已经发出过收费通知。"
    return None


def _fees_apply(application, today):
    """The rule set picks the fee: the 2007 rules' cost fees (检索、复制、邮寄, Art.27) whenever the application was
    received under them; the 2019 rules' 信息处理费 only from 2021-01-01. Which service sends it is the rule set's too
    (`send_cost_fee_notice`, `send_fee_notice`), each refusing the other's."""
    if application.rule_set == rules.RULE_SET_2007:
        return None
    if application.received_on < rules.FEES_FROM:
        return "信息处理费自2021年1月1日起收取（国办函〔2020〕109号），本申请不适用。"
    return None


def _not_split_after_fee_notice(application, today):
    if _one(application, "fee") is not None:
        return "已发出收费通知的申请不能拆分。"
    return None


NOT_YET_CORRECTED = Condition(_not_yet_corrected, code="correction_already_requested", error=WrongState)
A21_IN_RULE_SET = Condition(_a21_in_rule_set, code="reply_code_not_in_rule_set", error=ApplicationError)
CORRECTION_PERIOD_PASSED = Condition(_correction_period_passed, code="abandonment_not_due",
                                     error=DeadlineRuleViolation)
PAYMENT_PERIOD_PASSED = Condition(_payment_period_passed, code="abandonment_not_due", error=DeadlineRuleViolation)
NOT_YET_EXTENDED = Condition(_not_yet_extended, code="extension_already_granted", error=WrongState)
NO_REASONABLE_PERIOD_BEFORE_EXTENSION = Condition(_no_reasonable_period_before_extension,
                                                  code="reasonable_period_already_set", error=WrongState)
NO_REASONABLE_PERIOD_YET = Condition(_no_reasonable_period_yet, code="reasonable_period_already_set", error=WrongState)
REASONABLE_PERIOD_IN_RULE_SET = Condition(_reasonable_period_in_rule_set, code="reasonable_period_not_in_rule_set",
                                          error=ApplicationError)
NO_FEE_NOTICE_YET = Condition(_no_fee_notice_yet, code="fee_already_noticed", error=WrongState)
FEES_APPLY = Condition(_fees_apply, code="fee_not_applicable", error=ApplicationError)
NOT_SPLIT_AFTER_FEE_NOTICE = Condition(_not_split_after_fee_notice, code="wrong_state", error=WrongState)


def _wrong_state(workflow: Workflow, state: str, transition: Transition) -> str:
    allowed = "、".join(Status(s).label for s in transition.sources)
    return f"申请处于“{workflow.state_label(state)}”状态，不能{transition.refusal_verb}（只有“{allowed}”状态可以）。"


def _event(name, label, verb, sources, target=None, *conditions) -> Transition:
    return Transition(name, label, tuple(sources), target, perm=Perm.APPLICATIONS_HANDLE, conditions=conditions,
                      verb=verb)


S = Status
ON_THE_CLOCK = (S.IN_PROGRESS, S.CONSULTATION, S.AWAITING_FEE)

# The order is the order of the back office's event forms and of the API's `actions`.
APPLICATION_WORKFLOW = Workflow(
    key="applications.application", label="申请", states=Status, initial=S.AWAITING_CONFIRMATION,
    open_states=OPEN_STATUSES, timed_states=CLOCK_STATUSES,
    tones={S.AWAITING_CONFIRMATION: "warn", S.IN_PROGRESS: "ok", S.CORRECTION: "warn", S.CONSULTATION: "warn",
           S.AWAITING_FEE: "warn", S.REPLIED: "ok", S.ABANDONED: "muted", S.DELIVERED: "ok", S.ARCHIVED: "muted",
           S.SPLIT: "muted"},
    wrong_state_message=_wrong_state, wrong_state_error=WrongState,
    transitions=[
        _event("confirm-receipt", "确认收到申请", "确认收到申请", (S.AWAITING_CONFIRMATION,), S.IN_PROGRESS),
        _event("request-correction", "告知补正", "告知补正", (S.IN_PROGRESS,), S.CORRECTION, NOT_YET_CORRECTED),
        _event("receive-correction", "收到补正", "登记收到补正", (S.CORRECTION,), S.IN_PROGRESS),
        _event("abandon-correction", "逾期未补正，视为放弃（A21）", "以“逾期不补正”办结", (S.CORRECTION,), S.ABANDONED,
               A21_IN_RULE_SET, CORRECTION_PERIOD_PASSED),
        # the state stays 征求意见中 while another consultation is open
        _event("start-consultation", "征求第三方或其他机关意见", "征求意见", (S.IN_PROGRESS, S.CONSULTATION),
               S.CONSULTATION),
        _event("consultation-received", "登记对方收到征求意见函的日期", "登记对方收到征求意见函的日期",
               (S.CONSULTATION,)),
        _event("end-consultation", "登记征求意见结果", "登记征求意见结果", (S.CONSULTATION,), S.IN_PROGRESS),
        _event("extend", "延期答复", "延期答复", ON_THE_CLOCK, None, NOT_YET_EXTENDED,
               NO_REASONABLE_PERIOD_BEFORE_EXTENSION),
        _event("reasonable-period", "确定延迟答复的合理期限（申请数量、频次明显超过合理范围，条例第三十五条）",
               "确定延迟答复的合理期限", ON_THE_CLOCK, None, NO_REASONABLE_PERIOD_YET, REASONABLE_PERIOD_IN_RULE_SET),
        _event("fee-notice", "发出收费通知", "发出收费通知", (S.IN_PROGRESS,), S.AWAITING_FEE, NO_FEE_NOTICE_YET,
               FEES_APPLY),
        _event("fee-notice-received", "登记申请人收到收费通知的日期", "登记申请人收到收费通知的日期",
               (S.AWAITING_FEE,)),
        _event("fee-paid", "登记缴费", "登记缴费", (S.AWAITING_FEE,), S.IN_PROGRESS),
        # a reduction keeps the application 待缴费; waiving the whole fee returns it to 办理中
        _event("waive-fee", "减免收费", "减免收费", (S.AWAITING_FEE,)),
        _event("abandon-fee", "逾期未缴费，视为放弃（A22）", "以“逾期未缴费”办结", (S.AWAITING_FEE,), S.ABANDONED,
               PAYMENT_PERIOD_PASSED),
        _event("reply", "答复", "答复", (S.IN_PROGRESS, S.CONSULTATION), S.REPLIED),
        _event("split", "拆分申请（一事一申请）", "拆分", (S.IN_PROGRESS,), S.SPLIT, NOT_SPLIT_AFTER_FEE_NOTICE),
        _event("deliver", "登记送达", "登记送达", (S.REPLIED, S.ABANDONED), S.DELIVERED),
        _event("archive", "归档", "归档", (S.DELIVERED, S.ABANDONED), S.ARCHIVED),
    ],
)
