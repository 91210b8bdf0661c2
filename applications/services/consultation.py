"""征求意见 (Art.32, 33¶3, 34)."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from audit.services import record
from workdays.explanations import cn_date

from .. import clock
from ..errors import ApplicationError, DeadlineRuleViolation, WrongState
from ..models import (
    Application,
    Consultation,
    Letter,
    Status,
)
from .helpers import _audit, _check_day, _clock_start, _iso, _issue, _lock, _refresh_clock, _require_state, _save, _sync


def start_consultation(application: Application, *, acting_user, on: date, party: str, party_name: str,
                       party_received_on: date | None = None, note: str = "") -> Consultation:
    """Send a consultation letter to a third party (Art.32) or a co-authoring agency (Art.34). The party answers
    within 15 working days of receiving it; from sending to the answer (or the end of that period) the reply period
    does not run (Art.33¶3; 2007 rules: third parties only)."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "征求意见", Status.IN_PROGRESS, Status.CONSULTATION)
        if party not in Consultation.Party.values:
            raise ApplicationError("征求对象应为第三方（third_party）或其他机关（agency）。", field="party",
                                   code="invalid_party")
        party_name = (party_name or "").strip()
        if not party_name:
            raise ApplicationError("请填写征求意见对象的名称。", field="party_name", code="party_name_required")
        on = _check_day(on, "date", "发函日期", not_before=_clock_start(locked), not_before_label="答复期限起算日")
        party_received_on = party_received_on or on
        party_received_on = _check_day(party_received_on, "party_received_on", "对方收到日期", not_before=on,
                                       not_before_label="发函日期")
        consultation = Consultation.objects.create(
            application=locked, party=party, party_name=party_name[:100], sent_on=on,
            party_received_on=party_received_on, answer_due=clock.consultation_answer_due(locked, party_received_on),
            note=(note or "").strip()[:300], created_by=acting_user)
        from_state = locked.status
        locked.status = Status.CONSULTATION
        _refresh_clock(locked)
        _save(locked, "status")
        _audit(locked, "applications.consultation.started", acting_user, from_state=from_state,
               data={"consultation": consultation.pk, "party": party, "party_name": party_name,
                     "sent_on": on.isoformat(), "answer_due": _iso(consultation.answer_due)})
        _issue(locked, Letter.Kind.CONSULTATION, acting_user=acting_user, on=on, consultation=consultation)
    _sync(application, locked)
    return consultation


def record_consultation_receipt(application: Application, *, acting_user, on: date,
                                consultation_id: int | None = None) -> Consultation:
    """The party received the consultation letter on `on` (a letter sent by post arrives later than it was sent):
    its 15 working days run from that day (Art.32/34), and so does the interval not counted toward the reply."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "登记对方收到征求意见函的日期", Status.CONSULTATION)
        consultation = _open_consultation(locked, consultation_id)
        on = _check_day(on, "date", "对方收到日期", not_before=consultation.sent_on, not_before_label="发函日期")
        before = consultation.answer_due
        consultation.party_received_on = on
        consultation.answer_due = clock.consultation_answer_due(locked, on)
        consultation.save(update_fields=["party_received_on", "answer_due"])
        _refresh_clock(locked)
        _save(locked)
        _audit(locked, "applications.consultation.letter_received", acting_user, from_state=locked.status,
               data={"consultation": consultation.pk, "date": on.isoformat(), "answer_due": [
                   _iso(before), _iso(consultation.answer_due)]})
    _sync(application, locked)
    return consultation


def _open_consultation(application: Application, consultation_id: int | None) -> Consultation:
    open_ones = Consultation.objects.select_for_update().filter(application=application, outcome="")
    if consultation_id is not None:
        consultation = open_ones.filter(pk=consultation_id).first()
    else:
        candidates = list(open_ones[:2])
        consultation = candidates[0] if len(candidates) == 1 else None
    if consultation is None:
        raise ApplicationError("请指明征求意见（有多件尚未结束，或该件不存在）。", field="consultation",
                               code="consultation_not_found")
    return consultation


def end_consultation(application: Application, *, acting_user, on: date, outcome: str = "",
                     consultation_id: int | None = None, note: str = "") -> Consultation:
    """Record the party's answer (agreed / objected), or its silence once the 15 working days have passed: a
    co-authoring agency's silence is consent (Art.34 逾期未提出意见的视为同意公开); a third party's silence leaves the
    decision to the agency (Art.32)."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "登记征求意见结果", Status.CONSULTATION)
        consultation = _open_consultation(locked, consultation_id)
        on = _check_day(on, "date", "收到意见日期", not_before=consultation.sent_on, not_before_label="发函日期")
        silent = (Consultation.Outcome.NO_ANSWER, Consultation.Outcome.DEEMED_CONSENT)
        if consultation.answer_due is None:  # 期限待定: the period cannot have passed while `on` is in the calendar
            clock.within_provisional_period(on)
            if not outcome or outcome in silent:
                raise DeadlineRuleViolation("对方的答复期限待定（超出已载入的工作日历），期限届满前不能认定为逾期未答复。",
                                            code="consultation_not_expired", field="outcome")
        if not outcome:
            if on <= consultation.answer_due:
                raise ApplicationError("请选择对方意见（同意公开或不同意公开）。", field="outcome",
                                       code="outcome_required")
            outcome = (Consultation.Outcome.DEEMED_CONSENT if consultation.party == Consultation.Party.AGENCY
                       else Consultation.Outcome.NO_ANSWER)
        if outcome not in Consultation.Outcome.values:
            raise ApplicationError("征求意见结果不正确。", field="outcome", code="invalid_outcome")
        if outcome in silent:
            if on <= consultation.answer_due:
                raise DeadlineRuleViolation(
                    f"对方的答复期限至{cn_date(consultation.answer_due, with_year=True)}，期限届满前不能认定为逾期未答复。",
                    code="consultation_not_expired", field="outcome")
            if (outcome == Consultation.Outcome.DEEMED_CONSENT) != (consultation.party == Consultation.Party.AGENCY):
                raise ApplicationError("只有其他机关逾期未提出意见的才视为同意公开（条例第三十四条）；第三方逾期未答复的，"
                                       "由本机关依法决定（条例第三十二条）。", field="outcome", code="invalid_outcome")
        consultation.outcome = outcome
        consultation.answered_on = None if outcome in silent else on
        consultation.note = (note or consultation.note or "").strip()[:300]
        consultation.save(update_fields=["outcome", "answered_on", "note"])
        if not Consultation.objects.filter(application=locked, outcome="").exists():
            locked.status = Status.IN_PROGRESS
        _refresh_clock(locked)
        _save(locked, "status")
        _audit(locked, "applications.consultation.ended", acting_user, from_state=Status.CONSULTATION,
               data={"consultation": consultation.pk, "outcome": outcome, "date": on.isoformat(),
                     "suspended_until": _iso(consultation.suspended_until)})
    _sync(application, locked)
    return consultation


def _close_expired_consultations(application: Application, on: date, acting_user) -> None:
    """Replying after every open consultation's answer period has passed closes them as unanswered."""
    for consultation in Consultation.objects.select_for_update().filter(application=application, outcome=""):
        if consultation.answer_due is None:
            raise WrongState(f"征求{consultation.party_name}意见尚未结束（答复期限待定，超出已载入的工作日历），请先登记对方意见。",
                             code="consultation_pending")
        if on <= consultation.answer_due:
            raise WrongState(f"征求{consultation.party_name}意见尚未结束（答复期限"
                             f"{cn_date(consultation.answer_due, with_year=True)}），请先登记对方意见。",
                             code="consultation_pending")
        consultation.outcome = (Consultation.Outcome.DEEMED_CONSENT if consultation.party == Consultation.Party.AGENCY
                                else Consultation.Outcome.NO_ANSWER)
        consultation.save(update_fields=["outcome"])
        record(application, "applications.consultation.ended", actor=acting_user,
               from_state=Status.CONSULTATION, to_state=Status.CONSULTATION,
               data={"consultation": consultation.pk, "outcome": consultation.outcome, "date": on.isoformat(),
                     "automatic": True})
