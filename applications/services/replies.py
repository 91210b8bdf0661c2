"""答复, 送达, 归档 (Art.36–39, 45)."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from workdays.explanations import cn_date

from .. import rules
from ..errors import ApplicationError, DeadlineRuleViolation
from ..models import (
    Application,
    CorrectionRequest,
    DeliveryMethod,
    FeeNotice,
    Letter,
    Status,
)
from .consultation import _close_expired_consultations
from .helpers import _audit, _check_day, _clock_start, _issue, _lock, _require_state, _save, _sync


def reply(application: Application, *, acting_user, on: date, reply_code: str, text: str = "") -> Application:
    """Conclude the application with exactly one reply code (RT-2). A21 (逾期不补正) and A22 (逾期未缴费) conclude
    it as 视为放弃 once the applicant's period has passed; every other code is a reply from 办理中 (or 征求意见中
    once every answer period has passed)."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        code = (reply_code or "").strip().upper()
        if not code:
            raise ApplicationError("答复必须选择一个答复类型（A1至A23）。", field="reply_code", code="reply_code_required")
        reply_type = rules.REPLY_CODE_BY_CODE.get(code)
        if reply_type is None:
            raise ApplicationError(f"答复类型“{code}”不存在，应为A1至A23之一。", field="reply_code",
                                   code="unknown_reply_code")
        if not reply_type.basis_for(application.rule_set):
            raise ApplicationError(f"本申请适用{application.ruleset.label}，该条例没有“{reply_type.label}”这一答复类型。",
                                   field="reply_code", code="reply_code_not_in_rule_set")
        from_state = application.status
        correction = CorrectionRequest.objects.filter(application=application).first()
        if code == "A21":
            _require_state(application, "abandon-correction")
            on = _check_day(on, "date", "办结日期", not_before=correction.notified_on, not_before_label="告知补正日期")
            if correction.deadline is None:
                raise DeadlineRuleViolation("补正期限待定（超出已载入的工作日历），期限届满后才能视为放弃申请。",
                                            code="abandonment_not_due", field="date")
            if on <= correction.deadline:
                raise DeadlineRuleViolation(f"补正期限至{cn_date(correction.deadline, with_year=True)}，期限届满后才能视为放弃申请。",
                                            code="abandonment_not_due", field="date")
            application.status = Status.ABANDONED
        elif code == "A22":
            _require_state(application, "abandon-fee")
            fee = FeeNotice.objects.select_for_update().get(application=application)
            on = _check_day(on, "date", "办结日期", not_before=fee.notified_on, not_before_label="发出收费通知日期")
            if fee.payment_due is None:
                raise DeadlineRuleViolation("缴费期限待定（超出已载入的工作日历），期限届满后才能视为放弃申请。",
                                            code="abandonment_not_due", field="date")
            if on <= fee.payment_due:
                raise DeadlineRuleViolation(f"缴费期限至{cn_date(fee.payment_due, with_year=True)}，期限届满后才能视为放弃申请。",
                                            code="abandonment_not_due", field="date")
            fee.outcome = FeeNotice.Outcome.UNPAID
            fee.save(update_fields=["outcome"])
            application.status = Status.ABANDONED
        else:
            _require_state(application, "reply")
            on = _check_day(on, "date", "答复日期", not_before=_clock_start(application, correction),
                            not_before_label="答复期限起算日")
            if code == rules.UNCLEAR_AFTER_CORRECTION_CODE and (correction is None or correction.received_on is None):
                raise ApplicationError("“补正后申请内容仍不明确”只适用于已经补正的申请。", field="reply_code",
                                       code="no_correction")
            if application.status == Status.CONSULTATION:
                _close_expired_consultations(application, on, acting_user)
            application.status = Status.REPLIED
        application.reply_code = code
        application.replied_on = on
        application.reply_text = (text or "").strip()
        _save(application, "status", "reply_code", "replied_on", "reply_text")
        late = None if application.due_date is None or code in rules.ABANDONMENT_CODES else on > application.due_date
        _audit(application, "applications.application.abandoned" if code in rules.ABANDONMENT_CODES
               else "applications.application.replied", acting_user, from_state=from_state,
               data={"reply_code": code, "row": reply_type.row, "date": on.isoformat(), "late": late})
        _issue(application, Letter.Kind.REPLY, acting_user=acting_user, on=on)
    return _sync(original, application)


def deliver(application: Application, *, acting_user, on: date, method: str, note: str = "") -> Application:
    """Record delivery (送达, 国办公开办函〔2016〕235号): direct or entrusted delivery on the signing day, post on the day
    handed to the post office (a postal enterprise, never 到付). That date is the one compared with the due date."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        _require_state(application, "deliver")
        if method not in DeliveryMethod.values:
            raise ApplicationError("送达方式不正确。", field="method", code="invalid_delivery_method")
        on = _check_day(on, "date", "送达日期", not_before=application.replied_on, not_before_label="答复日期")
        from_state = application.status
        application.status = Status.DELIVERED
        application.delivery_method = method
        application.delivered_on = on
        application.delivery_note = (note or "").strip()[:200]
        _save(application, "status", "delivery_method", "delivered_on", "delivery_note")
        _audit(application, "applications.application.delivered", acting_user, from_state=from_state,
               data={"method": method, "date": on.isoformat(), "late": bool(application.replied_late)})
    return _sync(original, application)


def archive(application: Application, *, acting_user, on: date) -> Application:
    """File the concluded application (Art.45: 登记、审核、办理、答复、归档)."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        _require_state(application, "archive")
        on = _check_day(on, "date", "归档日期", not_before=application.delivered_on or application.replied_on,
                        not_before_label="送达或办结日期")
        from_state = application.status
        application.status = Status.ARCHIVED
        application.archived_on = on
        _save(application, "status", "archived_on")
        _audit(application, "applications.application.archived", acting_user, from_state=from_state,
               data={"date": on.isoformat()})
    return _sync(original, application)
