"""补正 (Art.30)."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from workdays.explanations import cn_date

from .. import clock
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState
from ..models import (
    DEFAULT_CORRECTION_DAYS,  # noqa: F401  (reachable as services.DEFAULT_CORRECTION_DAYS, as before)
    Application,
    CorrectionRequest,
    Letter,
    Status,
)
from .helpers import _audit, _check_day, _iso, _issue, _lock, _refresh_clock, _require_state, _save, _sync


def request_correction(application: Application, *, acting_user, on: date, items: str,
                       deadline: date | None = None) -> Application:
    """Notify the applicant, once, of everything to correct and a reasonable period (Art.30). Under the 2019 rules
    the notice is due within 7 working days of receipt. The reply clock stops until the correction arrives.

    Beyond the loaded calendar the notice is recorded like the other events: the default period (15 working days)
    is stored empty (期限待定) and filled in when the year is loaded, and a notice whose 7 working days cannot be
    counted yet is not refused for them (`clock.correction_notice_late` answers None)."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        if CorrectionRequest.objects.filter(application=application).exists():
            # DL-COR-2: 一次性告知 — a second correction notice is not allowed.
            raise WrongState("已经告知过补正：补正应当一次性告知，不能再次要求补正。",
                             code="correction_already_requested")
        _require_state(application, "request-correction")
        on = _check_day(on, "date", "告知补正日期", not_before=application.received_on, not_before_label="收到申请日期")
        notice_due = clock.correction_notice_late(application, on)
        if notice_due is not None:
            raise DeadlineRuleViolation(
                f"补正告知应当自收到申请之日起7个工作日内作出（条例第三十条），本申请的告知期限为{cn_date(notice_due, with_year=True)}，"
                f"已经超过。", code="correction_notice_late", field="date")
        items = (items or "").strip()
        if not items:
            raise ApplicationError("请写明需要补正的事项（一次性告知）。", field="items", code="correction_items_required")
        if deadline is None:
            deadline = clock.correction_deadline(on)  # None: 期限待定
        elif not isinstance(deadline, date) or deadline <= on:
            raise ApplicationError("补正期限应晚于告知补正日期。", field="deadline", code="correction_deadline_invalid")
        CorrectionRequest.objects.create(application=application, notified_on=on, items=items, deadline=deadline,
                                         created_by=acting_user)
        application.status = Status.CORRECTION
        _refresh_clock(application)
        _save(application, "status")
        _audit(application, "applications.correction.requested", acting_user, from_state=Status.IN_PROGRESS,
               data={"date": on.isoformat(), "deadline": _iso(deadline), "items": items})
        _issue(application, Letter.Kind.CORRECTION, acting_user=acting_user, on=on)
    return _sync(original, application)


def receive_correction(application: Application, *, acting_user, on: date, late_reason: str = "") -> Application:
    """The corrected application arrived: the reply period restarts from this day (Art.30). After the correction
    period only with a good reason (正当理由), otherwise the application is 视为放弃 (reply A21)."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        _require_state(application, "receive-correction")
        correction = CorrectionRequest.objects.select_for_update().get(application=application)
        on = _check_day(on, "date", "收到补正日期", not_before=correction.notified_on, not_before_label="告知补正日期")
        late_reason = (late_reason or "").strip()
        if correction.deadline is None:
            clock.within_provisional_period(on)  # 期限待定: received on a day of the loaded calendar is in time
        elif on > correction.deadline and not late_reason:
            raise DeadlineRuleViolation(
                f"补正期限（{cn_date(correction.deadline, with_year=True)}）已过。申请人无正当理由逾期不补正的，视为放弃申请"
                f"（答复类型A21）；如有正当理由，请填写理由后再登记。", code="correction_deadline_passed",
                field="date")
        correction.received_on = on
        correction.late_reason = late_reason[:300]
        correction.save(update_fields=["received_on", "late_reason"])
        application.status = Status.IN_PROGRESS
        _refresh_clock(application)
        _save(application, "status")
        _audit(application, "applications.correction.received", acting_user, from_state=Status.CORRECTION,
               data={"date": on.isoformat(), "late_reason": late_reason})
    return _sync(original, application)
