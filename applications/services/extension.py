"""延期 (Art.33¶2)."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from workdays.explanations import cn_date

from .. import clock
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState
from ..models import (
    Application,
    Extension,
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


def extend(application: Application, *, acting_user, on: date, days: int, reason: str, approver=None
           ) -> Application:
    """Extend the reply period by at most 20 working days (15 under 2007), with the consent of the head of the
    disclosure office, notified to the applicant — before the original due date (DL-REP-3); once."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        if Extension.objects.filter(application=application).exists():
            raise WrongState("本申请已经延期答复过一次，不能再次延期。", code="extension_already_granted")
        if ReasonablePeriod.objects.filter(application=application).exists():
            raise WrongState("本申请已依据条例第三十五条确定延迟答复的合理期限，不能再按第三十三条延期。",
                             code="reasonable_period_already_set")
        _require_state(application, "延期答复", Status.IN_PROGRESS, Status.CONSULTATION, Status.AWAITING_FEE)
        limit = application.ruleset.max_extension_days
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise ApplicationError("延期天数应为正整数（工作日）。", field="days", code="invalid_extension_days")
        if days > limit:
            raise ApplicationError(f"延长答复的期限最长不得超过{limit}个工作日（条例{application.ruleset.extension_article}）。",
                                   field="days", code="extension_too_long")
        reason = (reason or "").strip()
        if not reason:
            raise ApplicationError("请填写延期理由。", field="reason", code="extension_reason_required")
        approver = _approver(application, acting_user, approver)
        on = _check_day(on, "date", "批准延期日期", not_before=_clock_start(application), not_before_label="答复期限起算日")
        if application.due_is_provisional:
            clock.compute(application, clock.inputs_for(application))  # raises CalendarNotLoaded (422), nothing saved
        original_due = application.due_date
        if original_due is not None and on > original_due:
            raise DeadlineRuleViolation(
                f"答复期限已于{cn_date(original_due, with_year=True)}届满，期限届满后不能再延期（延期须在原期限内批准并告知申请人）。",
                code="extension_after_due_date", field="date")
        Extension.objects.create(application=application, days=days, decided_on=on, approved_by=approver,
                                 reason=reason[:300], original_due=original_due or on, created_by=acting_user)
        _refresh_clock(application)
        _save(application)
        _audit(application, "applications.application.extended", acting_user, from_state=application.status,
               data={"days": days, "approved_by": approver.display_name, "date": on.isoformat(),
                     "original_due": original_due.isoformat() if original_due else None, "reason": reason})
        _issue(application, Letter.Kind.EXTENSION, acting_user=acting_user, on=on)
    return _sync(original, application)
