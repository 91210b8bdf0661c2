"""延迟答复的合理期限 (Art.35)."""

import re
from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from workdays.explanations import cn_date

from .. import clock, rules
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState
from ..models import (
    Application,
    Letter,
    ReasonablePeriod,
    Status,
)
from .helpers import (
    _approver,
    _audit,
    _check_day,
    _clock_start,
    _issue,
    _lock,
    _refresh_clock,
    _require_state,
    _save,
    _sync,
)


def _mentions_personal_data(application: Application, text: str) -> bool:
    """The reason is shown on the public tracking page: it must not carry the applicant's name, ID or contacts."""
    compact = re.sub(r"\s", "", text)
    values = [application.applicant_name if not application.is_organisation else "", application.id_number,
              application.phone, application.email]
    return any(v and len(re.sub(r"\s", "", v)) >= 2 and re.sub(r"\s", "", v) in compact for v in values)


def set_reasonable_period(application: Application, *, acting_user, on: date, due_on: date, reason: str,
                          approver=None) -> Application:
    """Art.35: the quantity or frequency of the applicant's requests clearly exceeds a reasonable range, the reasons
    given are reasonable, but the application cannot be answered within the period: the agency sets a longer
    reasonable period (no statutory cap, after the current due date) and notifies the applicant, with a reason. As
    for an extension (Art.33¶2) the head of the disclosure office approves it, before the current due date passes.
    Once per application; the reply is then judged against the new date. (Unreasonable reasons: reply A19.)"""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        if ReasonablePeriod.objects.filter(application=application).exists():
            raise WrongState("本申请已经确定过延迟答复的合理期限，不能再次确定。", code="reasonable_period_already_set")
        _require_state(application, "确定延迟答复的合理期限", Status.IN_PROGRESS, Status.CONSULTATION,
                       Status.AWAITING_FEE)
        if application.rule_set != rules.RULE_SET_2019:
            raise ApplicationError("2007年条例没有确定延迟答复合理期限的规定（2019年条例第三十五条），请按延期答复办理。",
                                   code="reasonable_period_not_in_rule_set")
        reason = (reason or "").strip()
        if not reason:
            raise ApplicationError("请填写确定延迟答复期限的理由。", field="reason", code="reasonable_period_reason_required")
        if _mentions_personal_data(application, reason):
            raise ApplicationError("理由将在办理查询页面向申请人展示，请不要写入申请人的姓名、证件号码或联系方式。",
                                   field="reason", code="reason_contains_personal_data")
        approver = _approver(application, acting_user, approver)
        on = _check_day(on, "date", "确定并告知日期", not_before=_clock_start(application),
                        not_before_label="答复期限起算日")
        if not isinstance(due_on, date):
            raise ApplicationError("延迟后的答复期限格式应为 YYYY-MM-DD。", field="due_on", code="invalid_date")
        if application.due_is_provisional:
            clock.compute(application, clock.inputs_for(application))  # raises CalendarNotLoaded (422), nothing saved
        original_due = application.due_date
        if original_due is None:
            raise WrongState("答复期限尚未起算，不能确定延迟答复的期限。", code="reply_clock_not_running")
        if on > original_due:
            raise DeadlineRuleViolation(
                f"答复期限已于{cn_date(original_due, with_year=True)}届满，期限届满后不能再确定延迟答复的期限"
                f"（须在原期限内确定并告知申请人）。", code="reasonable_period_after_due_date", field="date")
        if due_on <= original_due:
            raise ApplicationError(f"延迟后的答复期限应晚于现在的答复期限（{cn_date(original_due, with_year=True)}）。",
                                   field="due_on", code="reasonable_period_not_later")
        ReasonablePeriod.objects.create(application=application, due_on=due_on, decided_on=on, approved_by=approver,
                                        reason=reason[:300], original_due=original_due, created_by=acting_user)
        _refresh_clock(application)
        _save(application)
        _audit(application, "applications.application.reasonable_period_set", acting_user,
               from_state=application.status,
               data={"due_on": due_on.isoformat(), "approved_by": approver.display_name, "date": on.isoformat(),
                     "original_due": original_due.isoformat(), "reason": reason})
        _issue(application, Letter.Kind.REASONABLE_PERIOD, acting_user=acting_user, on=on)
    return _sync(original, application)
