"""收费: 信息处理费 (2019 rules, 国办函〔2020〕109号); payment and 减免 of every fee notice (the 2007 rules' cost fees
are sent by `cost_fees.send_cost_fee_notice`)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from agencies.access import Perm, require
from workdays.explanations import cn_date

from .. import clock, fees, rules
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState
from ..models import (
    Application,
    FeeNotice,
    Letter,
    Status,
)
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

NOT_UNDER_2007 = ("本申请适用2007年条例（国务院令第492号）：依申请提供政府信息只能收取检索、复制、邮寄等成本费用（第二十七条），"
                  "不适用信息处理费的按件计收、按量计收标准。请逐项填写检索费、复制费、邮寄费。")


def _month_position(application: Application) -> int:
    """FEE-2: this application's rank among the same applicant's applications received by the agency in the
    calendar month of its receipt (receipt order; split parts count one by one)."""
    received = application.received_on
    first = received.replace(day=1)
    same = (Application.objects.counted()
            .filter(agency_id=application.agency_id, id_index=application.id_index,
                    received_on__gte=first, received_on__lte=received))
    earlier = same.filter(received_on__lt=received).count()
    same_day = same.filter(received_on=received, pk__lte=application.pk).count()
    return earlier + same_day


def quote_fee(application: Application, method: str, pages: int | None = None) -> fees.FeeQuote:
    """The amount the tiers give, shown to staff before they decide to send a 收费通知."""
    if method == fees.PER_APPLICATION:
        if pages is not None:
            raise ApplicationError("按件计收不按页数计费：同一申请只能选择按件或按量一种方式。", field="pages",
                                   code="fee_both_methods")
        received = application.received_on
        return fees.quote_per_application(_month_position(application), f"{received.year}年{received.month}月")
    if method == fees.PER_PAGE:
        if pages is None or not isinstance(pages, int) or pages < 1:
            raise ApplicationError("按量计收请填写提供信息的页数。", field="pages", code="pages_required")
        return fees.quote_per_page(pages)
    if method in ("both", "per_application+per_page"):
        raise ApplicationError("同一申请只能选择按件计收或按量计收一种方式，不能同时适用。", field="method",
                               code="fee_both_methods")
    raise ApplicationError("计费方式应为按件计收（per_application）或按量计收（per_page）。", field="method",
                           code="invalid_fee_method")


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ApplicationError("金额格式不正确。", field=field, code="invalid_amount")
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError("金额应为不小于0的数，最多两位小数。", field=field, code="invalid_amount")
    return amount


def send_fee_notice(application: Application, *, acting_user, on: date, method: str, pages: int | None = None,
                    applicant_received_on: date | None = None, reduce_to=None, reduction_reason: str = "",
                    approver=None) -> FeeNotice:
    """Send a 收费通知 (信息处理费, from 2021-01-01) within the processing period (§3.4): one method per application,
    never both; the amount from the tiers, optionally reduced with a reason and an approver. The applicant pays within 20 working days from the day after
    receiving it; meanwhile the reply period does not run (settings.FEE_PERIOD_SUSPENDS_CLOCK)."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        existing = FeeNotice.objects.filter(application=locked).first()
        if existing is not None:
            if existing.method != method:
                raise ApplicationError("本申请已按另一种方式发出收费通知：按件计收与按量计收不能同时适用。", field="method",
                                       code="fee_both_methods")
            raise WrongState("本申请已经发出过收费通知。", code="fee_already_noticed")
        _require_state(locked, "fee-notice")
        if locked.rule_set == rules.RULE_SET_2007:
            raise ApplicationError(NOT_UNDER_2007, field="method", code="fee_rule_set_mismatch")
        if locked.received_on < rules.FEES_FROM:
            raise ApplicationError("信息处理费自2021年1月1日起收取（国办函〔2020〕109号），本申请不适用。",
                                   code="fee_not_applicable")
        quote = quote_fee(locked, method, pages)
        on = _check_day(on, "date", "发出收费通知日期", not_before=_clock_start(locked), not_before_label="答复期限起算日")
        if locked.due_date is not None and on > locked.due_date:
            # §3.4: the notice is sent within the application's processing period; after it the reply is late.
            raise DeadlineRuleViolation(
                f"答复期限已于{cn_date(locked.due_date, with_year=True)}届满：收费通知应当在答复期限内发出。",
                code="fee_notice_late", field="date")
        amount, reason, reducer = quote.amount, (reduction_reason or "").strip(), None
        if reduce_to is not None:
            amount = _money(reduce_to, "reduce_to")
            if amount >= quote.amount:
                raise ApplicationError(f"减免后的金额应低于应收金额{quote.amount}元。", field="reduce_to",
                                       code="invalid_amount")
            if not reason:
                raise ApplicationError("减免收费请填写理由。", field="reduction_reason", code="reduction_reason_required")
            reducer = _approver(locked, acting_user, approver)
        if amount == 0:
            raise ApplicationError(f"按规定不需收费（{quote.explanation}），不发收费通知。", code="fee_not_due",
                                   field="method")
        applicant_received_on = _check_day(applicant_received_on or on, "applicant_received_on", "申请人收到通知日期",
                                           not_before=on, not_before_label="发出通知日期")
        fee = FeeNotice.objects.create(
            application=locked, method=method, pages=quote.pages, position=quote.position,
            computed_amount=quote.amount, amount=amount, explanation=quote.explanation[:300],
            reduction_reason=reason[:300] if reducer else "", reduction_approved_by=reducer,
            reduced_on=on if reducer else None, notified_on=on,
            applicant_received_on=applicant_received_on, payment_due=clock.fee_payment_due(applicant_received_on),
            created_by=acting_user)
        locked.status = Status.AWAITING_FEE
        _refresh_clock(locked)
        _save(locked, "status")
        _audit(locked, "applications.fee.noticed", acting_user, from_state=Status.IN_PROGRESS,
               data={"method": method, "pages": quote.pages, "position": quote.position,
                     "computed_amount": str(quote.amount), "amount": str(amount), "date": on.isoformat(),
                     "payment_due": _iso(fee.payment_due),
                     "reduction": {"reason": reason, "approved_by": reducer.display_name} if reducer else None})
        _issue(locked, Letter.Kind.FEE, acting_user=acting_user, on=on)
    _sync(application, locked)
    return fee


def record_fee_notice_receipt(application: Application, *, acting_user, on: date) -> FeeNotice:
    """The applicant received the 收费通知 on `on`: the 20 working days to pay run from the next day (§3.4)."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "fee-notice-received")
        fee = FeeNotice.objects.select_for_update().get(application=locked)
        on = _check_day(on, "date", "申请人收到通知日期", not_before=fee.notified_on, not_before_label="发出通知日期")
        before = fee.payment_due
        fee.applicant_received_on = on
        fee.payment_due = clock.fee_payment_due(on)
        fee.save(update_fields=["applicant_received_on", "payment_due"])
        _refresh_clock(locked)
        _save(locked)
        _audit(locked, "applications.fee.notice_received", acting_user, from_state=locked.status,
               data={"date": on.isoformat(), "payment_due": [_iso(before), _iso(fee.payment_due)]})
    _sync(application, locked)
    return fee


def record_fee_paid(application: Application, *, acting_user, on: date, amount=None) -> FeeNotice:
    """The applicant paid within the payment period: the reply period runs again from the next working day."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "fee-paid")
        fee = FeeNotice.objects.select_for_update().get(application=locked)
        on = _check_day(on, "date", "缴费日期", not_before=fee.notified_on, not_before_label="发出收费通知日期")
        if fee.payment_due is None:
            clock.within_provisional_period(on)  # 期限待定: paid on a day of the loaded calendar is in time
        elif on > fee.payment_due:
            raise DeadlineRuleViolation(
                f"缴费期限（{cn_date(fee.payment_due, with_year=True)}）已过：逾期未缴费的视为放弃申请（答复类型A22）。",
                code="fee_payment_late", field="date")
        paid = fee.amount if amount is None else _money(amount, "amount")
        if paid != fee.amount:
            raise ApplicationError(f"实缴金额应为通知金额{fee.amount}元。", field="amount", code="fee_amount_mismatch")
        fee.outcome, fee.settled_on, fee.amount_paid = FeeNotice.Outcome.PAID, on, paid
        fee.save(update_fields=["outcome", "settled_on", "amount_paid"])
        locked.status = Status.IN_PROGRESS
        _refresh_clock(locked)
        _save(locked, "status")
        _audit(locked, "applications.fee.paid", acting_user, from_state=Status.AWAITING_FEE,
               data={"date": on.isoformat(), "amount": str(paid)})
    _sync(application, locked)
    return fee


def waive_fee(application: Application, *, acting_user, on: date, reason: str, approver=None, amount=0,
              ground: str = "") -> FeeNotice:
    """Waive the fee (amount 0: the reply period runs again) or reduce it, with a reason and the approval of the head
    of the disclosure office ([I] §3.4 减免). A cost fee of the 2007 rules also needs its ground: the applicant's
    financial difficulty, on his request (2007 Art.28: 确有经济困难的，经本人申请、政府信息公开工作机构负责人审核同意，可以减
    免), or a group 财综〔2008〕44号 exempts (农村五保供养对象、城乡居民最低生活保障对象、领取国家抚恤补助的优抚对象, on the
    township's or 街道's certificate). The day is kept (`reduced_on`): the annual report counts the 减免 of its year."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "waive-fee")
        fee = FeeNotice.objects.select_for_update().get(application=locked)
        reason = (reason or "").strip()
        ground = (ground or "").strip()
        if fee.is_cost_based:
            from .cost_fees import _waiver_ground

            ground = _waiver_ground(ground)
        elif ground:
            raise ApplicationError("减免依据（2007年条例第二十八条、财综〔2008〕44号）只适用于2007年条例的成本费用；"
                                   "减免信息处理费请填写理由。", field="ground", code="waiver_ground_not_applicable")
        if not reason:
            raise ApplicationError("减免收费请填写理由。", field="reason", code="reduction_reason_required")
        approver = _approver(locked, acting_user, approver)
        on = _check_day(on, "date", "减免日期", not_before=fee.notified_on, not_before_label="发出收费通知日期")
        new_amount = _money(amount if amount is not None else 0, "amount")
        if new_amount >= fee.amount:
            raise ApplicationError(f"减免后的金额应低于通知金额{fee.amount}元。", field="amount", code="invalid_amount")
        before = fee.amount
        fee.amount, fee.reduction_reason, fee.reduction_approved_by = new_amount, reason[:300], approver
        fee.waiver_ground, fee.reduced_on = ground, on
        fields = ["amount", "reduction_reason", "reduction_approved_by", "waiver_ground", "reduced_on"]
        if new_amount == 0:
            fee.outcome, fee.settled_on = FeeNotice.Outcome.WAIVED, on
            fields += ["outcome", "settled_on"]
            locked.status = Status.IN_PROGRESS
        fee.save(update_fields=fields)
        _refresh_clock(locked)
        _save(locked, "status")
        _audit(locked, "applications.fee.waived" if new_amount == 0 else "applications.fee.reduced", acting_user,
               from_state=Status.AWAITING_FEE,
               data={"date": on.isoformat(), "from": str(before), "to": str(new_amount), "reason": reason,
                     "ground": ground, "approved_by": approver.display_name,
                     "requested_in_application": locked.fee_waiver_requested})
    _sync(application, locked)
    return fee
