"""Shared by the sections: the row lock, the state guard, dates, the clock, audit and letters."""

import re
import secrets
from datetime import date

from agencies.access import Perm, has_perm
from audit.services import record
from gongkai import clock as wallclock
from gongkai.errors import PermissionDenied

from .. import clock
from ..errors import ApplicationError, WrongState
from ..models import (
    Application,
    CorrectionRequest,
    Letter,
    Status,
)

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed by the applicant
TRACKING_LENGTH = 12


def _lock(application: Application) -> Application:
    """The application's current row, locked until the transaction ends: transitions check the state in the
    database, not in the caller's copy."""
    return (Application.objects.select_for_update(of=("self",)).select_related("agency", "handler")
            .get(pk=application.pk))


def _sync(caller_copy: Application, fresh: Application) -> Application:
    if caller_copy is not fresh:
        caller_copy.refresh_from_db()
    return fresh


def _require_state(application: Application, action: str, *allowed: str) -> None:
    if application.status not in allowed:
        allowed_labels = "、".join(Status(s).label for s in allowed)
        raise WrongState(f"申请处于“{application.get_status_display()}”状态，不能{action}"
                         f"（只有“{allowed_labels}”状态可以）。")


def _check_day(day, field: str, label: str, *, not_before: date | None = None, not_before_label: str = "") -> date:
    """A day something happened: a real date, not in the future, not before `not_before`."""
    if not isinstance(day, date):
        raise ApplicationError(f"{label}格式应为 YYYY-MM-DD。", field=field, code="invalid_date")
    today = wallclock.today()
    if day > today:
        raise ApplicationError(f"{label}（{day.isoformat()}）不能晚于今天（{today.isoformat()}）。", field=field,
                               code="date_in_future")
    if not_before is not None and day < not_before:
        raise ApplicationError(f"{label}（{day.isoformat()}）不能早于{not_before_label}（{not_before.isoformat()}）。",
                               field=field, code="date_before_receipt")
    return day


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _clock_start(application: Application, correction: CorrectionRequest | None = None) -> date:
    """The day the current reply period started: receipt, or the corrected application's arrival."""
    if correction is None:
        correction = CorrectionRequest.objects.filter(application=application).first()
    if correction is not None and correction.received_on is not None:
        return correction.received_on
    return application.received_on


def _refresh_clock(application: Application) -> tuple[date | None, date | None]:
    return clock.refresh(application, clock.inputs_for(application))


def _save(application: Application, *fields: str) -> None:
    application.save(update_fields=[*fields, "due_date", "due_date_explanation", "updated_at"])


def _audit(application: Application, action: str, acting_user, *, from_state: str = "", data: dict | None = None,
           comment: str = "") -> None:
    payload = {"due_date": application.due_date.isoformat() if application.due_date else None, **(data or {})}
    record(application, action, actor=acting_user, agency=application.agency, from_state=from_state,
           to_state=application.status, comment=comment, data=payload)


def _issue(application: Application, kind: str, *, acting_user, on: date, **kwargs) -> Letter:
    from ..letters.issue import issue_letter

    return issue_letter(application, kind, acting_user=acting_user, issued_on=on, **kwargs)


def _approver(application: Application, acting_user, approver) -> object:
    """The person approving (延期, 减免): the head of the disclosure office, i.e. a holder of
    APPLICATIONS_APPROVE_EXTENSION in the agency (Art.33¶2 “经政府信息公开工作机构负责人同意”)."""
    approver = approver or acting_user
    if not has_perm(approver, Perm.APPLICATIONS_APPROVE_EXTENSION, application.agency):
        raise PermissionDenied(f"{getattr(approver, 'display_name', '该人员')}不是本机关政府信息公开工作机构负责人，"
                               f"不能批准。", code="approver_not_authorised", field="approver")
    return approver


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


def normalise_tracking_code(value: str) -> str:
    """Accept what people type: lower case, spaces and dashes, O for 0 and I/L for 1 are not in the alphabet."""
    return re.sub(r"[\s\-]", "", (value or "")).upper()
