"""成本费用 (2007 regulation, 国务院令第492号, Art.27–28): the fee notice of an application handled under the 2007 rules,
itemised per cost (检索费、复制费、邮寄费) at the local standard.

The event is the workflow's `fee-notice` (办理中 → 待缴费), as for 信息处理费; its legal condition picks the rule set
(`applications.workflow.FEES_APPLY`). Payment, waiver (减免, Art.28) and the payment period then go through the same
services as the 2019 notices (`record_fee_paid`, `waive_fee`, `record_fee_notice_receipt`).

[I] The 2007 texts set no payment period and no consequence of non-payment; the platform applies the procedure of
the 2019 notices (20 working days from the day after receipt; the time from the notice to payment not counted when
settings.FEE_PERIOD_SUSPENDS_CLOCK; after the period, 视为放弃 A22) so that an application cannot stay 待缴费
forever. The notice says so to the applicant.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from agencies.access import Perm, require
from workdays.explanations import cn_date

from .. import clock, fees, rules
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState
from ..models import Application, FeeItem, FeeNotice, Letter, Status
from ..workflow import APPLICATION_WORKFLOW
from .fee_notices import _money
from .helpers import (
    _approver,
    _audit,
    _check_day,
    _clock_start,
    _iso,
    _issue,
    _lock,
    _refresh_clock,
    _require_state,
    _save,
    _sync,
)

NOT_UNDER_2019 = ("本申请适用2019年条例（国务院令第711号）：依申请提供政府信息不收取检索、复制、邮寄等成本费用（第四十二条），"
                  "只有申请数量、频次明显超过合理范围的才收取信息处理费（按件计收或按量计收）。")


def cost_items(raw) -> list[fees.CostItem]:
    """The items as staff or the API gave them (dicts with kind, quantity, unit_price, and optionally unit and
    description), checked: one to ten items, each a known kind, a whole positive quantity and a price in yuan."""
    if not isinstance(raw, list | tuple) or not raw:
        raise ApplicationError("请逐项填写收费项目（检索费、复制费、邮寄费），至少一项。", field="items",
                               code="cost_items_required")
    if len(raw) > fees.MAX_COST_ITEMS:
        raise ApplicationError(f"收费项目最多{fees.MAX_COST_ITEMS}项。", field="items", code="invalid_cost_item")
    items = []
    for n, entry in enumerate(raw, start=1):
        if isinstance(entry, fees.CostItem):
            entry = {"kind": entry.kind, "quantity": entry.quantity, "unit_price": entry.unit_price,
                     "unit": entry.unit, "description": entry.description}
        if not isinstance(entry, dict):
            raise ApplicationError(f"第{n}项收费项目格式不正确。", field="items", code="invalid_cost_item")
        kind = entry.get("kind")
        if kind not in fees.COST_KINDS:
            raise ApplicationError(f"第{n}项：收费项目只能是检索费、复制费或邮寄费（2007年条例第二十七条：检索、复制、邮寄等成本费用）。",
                                   field="items", code="invalid_cost_item")
        quantity = entry.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1 or quantity > 100_000:
            raise ApplicationError(f"第{n}项（{fees.COST_KINDS[kind]}）的数量应为1至100000的整数。", field="items",
                                   code="invalid_cost_item")
        price = _money(entry.get("unit_price"), "items")
        if price > Decimal("10000"):
            raise ApplicationError(f"第{n}项（{fees.COST_KINDS[kind]}）的单价不应超过10000元。", field="items",
                                   code="invalid_cost_item")
        unit = str(entry.get("unit") or fees.COST_UNITS[kind]).strip()[:10] or fees.COST_UNITS[kind]
        description = str(entry.get("description") or "").strip()[:100]
        items.append(fees.CostItem(kind, quantity, price, unit=unit, description=description))
    return items


def send_cost_fee_notice(application: Application, *, acting_user, on: date, items, standard: str = "",
                         applicant_received_on: date | None = None, reduce_to=None, reduction_reason: str = "",
                         waiver_ground: str = "", approver=None) -> FeeNotice:
    """Send the 收费通知 of an application under the 2007 rules: the costs of providing the information (Art.27:
    检索、复制、邮寄等成本费用, nothing else), one item each at the local standard (`standard` names it), within the
    reply period. A reduction at notice time needs its ground (Art.28 经济困难, or a group exempted by 财综〔2008〕44号),
    a reason and the approval of the head of the disclosure office. Refused for an application under the 2019 rules
    (信息处理费: `send_fee_notice`)."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        if FeeNotice.objects.filter(application=locked).exists():
            raise WrongState("本申请已经发出过收费通知。", code="fee_already_noticed")
        _require_state(locked, "fee-notice")
        if locked.rule_set != rules.RULE_SET_2007:
            raise ApplicationError(NOT_UNDER_2019, field="items", code="fee_rule_set_mismatch")
        APPLICATION_WORKFLOW.check_conditions(locked, "fee-notice", on if isinstance(on, date) else None)
        parsed = cost_items(items)
        total = fees.cost_total(parsed)
        if total == 0:
            raise ApplicationError("各项费用合计为0元，不发收费通知。", field="items", code="fee_not_due")
        on = _check_day(on, "date", "发出收费通知日期", not_before=_clock_start(locked), not_before_label="答复期限起算日")
        if locked.due_date is not None and on > locked.due_date:
            raise DeadlineRuleViolation(
                f"答复期限已于{cn_date(locked.due_date, with_year=True)}届满：收费通知应当在答复期限内发出。",
                code="fee_notice_late", field="date")
        amount, reason, reducer, ground = total, (reduction_reason or "").strip(), None, ""
        if reduce_to is not None:
            amount = _money(reduce_to, "reduce_to")
            if amount >= total:
                raise ApplicationError(f"减免后的金额应低于应收金额{fees.yuan(total)}元。", field="reduce_to",
                                       code="invalid_amount")
            if amount == 0:
                raise ApplicationError("全部免收的，不发收费通知：请按标准发出收费通知后办理免收（减免收费）。",
                                       field="reduce_to", code="fee_not_due")
            ground = _waiver_ground(waiver_ground)
            if not reason:
                raise ApplicationError("减免收费请填写理由。", field="reduction_reason", code="reduction_reason_required")
            reducer = _approver(locked, acting_user, approver)
        elif waiver_ground:
            raise ApplicationError("没有减免时不填写减免依据。", field="waiver_ground", code="waiver_ground_not_applicable")
        applicant_received_on = _check_day(applicant_received_on or on, "applicant_received_on", "申请人收到通知日期",
                                           not_before=on, not_before_label="发出通知日期")
        standard = (standard or "").strip()[:200]
        fee = FeeNotice.objects.create(
            application=locked, method=FeeNotice.Method.COST, computed_amount=total, amount=amount,
            explanation=fees.cost_explanation(parsed)[:300], standard=standard,
            reduction_reason=reason[:300] if reducer else "", waiver_ground=ground, reduction_approved_by=reducer,
            reduced_on=on if reducer else None, notified_on=on, applicant_received_on=applicant_received_on,
            payment_due=clock.fee_payment_due(applicant_received_on), created_by=acting_user)
        FeeItem.objects.bulk_create([
            FeeItem(fee=fee, position=n, kind=item.kind, description=item.description, unit=item.unit,
                    quantity=item.quantity, unit_price=item.unit_price, amount=item.amount)
            for n, item in enumerate(parsed, start=1)])
        locked.status = Status.AWAITING_FEE
        _refresh_clock(locked)
        _save(locked, "status")
        _audit(locked, "applications.fee.noticed", acting_user, from_state=Status.IN_PROGRESS,
               data={"method": FeeNotice.Method.COST, "items": [
                   {"kind": i.kind, "description": i.description, "unit": i.unit, "quantity": i.quantity,
                    "unit_price": str(i.unit_price), "amount": str(i.amount)} for i in parsed],
                   "computed_amount": str(total), "amount": str(amount), "standard": standard,
                   "date": on.isoformat(), "payment_due": _iso(fee.payment_due),
                   "reduction": {"ground": ground, "reason": reason, "approved_by": reducer.display_name}
                   if reducer else None})
        _issue(locked, Letter.Kind.FEE, acting_user=acting_user, on=on)
    _sync(application, locked)
    return fee


def _waiver_ground(value: str) -> str:
    if value not in FeeNotice.WaiverGround.values:
        raise ApplicationError("请选择减免依据：申请人确有经济困难（2007年条例第二十八条），或属于农村五保供养对象、城乡居民最低生活"
                               "保障对象、领取国家抚恤补助的优抚对象（财综〔2008〕44号）。", field="waiver_ground",
                               code="waiver_ground_required")
    return value
