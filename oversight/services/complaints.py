"""投诉举报: the public form (named or anonymous, followed with a 查询码), the staff log of the hotline, the box,
visits and letters, routing, the answer within the agency's period, and closing with a result."""

import hmac
import re
import secrets
from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency, Office
from casework import services as casework
from gongkai import clock
from privacy.fields import blind_index

from ..errors import OversightError
from ..models import (
    DISCLOSURE_SUBJECTS,
    STAFF_CHANNELS,
    Channel,
    Complaint,
    ComplaintResult,
    ComplaintSubject,
)
from ..rules import complaint_answer
from ._common import not_before, not_future, own_office, required_date, text

REGISTER = "oversight.complaint"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
CODE_LENGTH = 10


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _clean_person(is_anonymous: bool, name: str, contact: str) -> tuple[str, str]:
    if is_anonymous:
        return "", ""
    return (text(name, "name", "姓名", max_length=50), text(contact, "contact", "联系方式", max_length=100))


def _subject(subject: str) -> str:
    if subject and subject not in ComplaintSubject.values:
        raise OversightError("投诉事项不正确。", field="subject")
    return subject or ""


def _open(agency: Agency, *, acting_user, channel: str, received_on: date, summary: str, is_anonymous: bool,
          name: str, contact: str, subject: str, concerns_disclosure: bool | None, office: Office | None
          ) -> tuple[Complaint, str]:
    summary = text(summary, "summary", "投诉举报内容", max_length=5000, required=True)
    if len(summary) < 5:
        raise OversightError("请具体说明投诉举报的事项（至少5个字）。", field="summary", code="summary_too_short")
    name, contact = _clean_person(is_anonymous, name, contact)
    subject = _subject(subject)
    if concerns_disclosure is None:
        concerns_disclosure = subject in DISCLOSURE_SUBJECTS
    own_office(agency, office)
    code = _new_code()
    complaint = Complaint(
        agency=agency, channel=channel, received_on=received_on, summary=summary, is_anonymous=is_anonymous,
        name=name, contact=contact, subject=subject, concerns_disclosure=concerns_disclosure, office=office,
        tracking_hash=blind_index(code), logged_by=acting_user if acting_user and acting_user.is_authenticated
        else None)
    with transaction.atomic():
        casework.start_clock(complaint, received_on, casework.rule_for(REGISTER, agency, complaint_answer()))
        casework.open_case(complaint, acting_user=acting_user, data={
            "channel": channel, "anonymous": is_anonymous, "concerns_disclosure": concerns_disclosure,
            "subject": subject, "due_on": str(complaint.due_on or "")})
    return complaint, code


def submit_complaint(agency: Agency, *, summary: str, is_anonymous: bool = False, name: str = "",
                     contact: str = "", subject: str = "") -> tuple[Complaint, str]:
    """A complaint from the portal form (no account needed). Returns it with its 查询码, shown once to the
    complainant. Received today; if the calendar does not reach the due date yet, the complaint is still accepted
    and its due date is filled in when the next year is loaded."""
    if not agency.is_active:
        raise OversightError("该机关暂不受理网上投诉举报。", field="agency")
    return _open(agency, acting_user=None, channel=Channel.ONLINE, received_on=clock.today(), summary=summary,
                 is_anonymous=is_anonymous, name=name, contact=contact, subject=subject, concerns_disclosure=None,
                 office=None)


def log_complaint(agency: Agency, *, acting_user, channel: str, received_on: date, summary: str,
                  is_anonymous: bool = False, name: str = "", contact: str = "", subject: str = "",
                  concerns_disclosure: bool | None = None, office: Office | None = None) -> tuple[Complaint, str]:
    """Staff log a complaint received by the hotline, the box, a visit or a letter (with the date it arrived).
    Returns it with its 查询码 to give to the complainant."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if channel not in STAFF_CHANNELS:
        raise OversightError("渠道应为举报电话、投诉举报箱、来访或来信。", field="channel", code="invalid_channel")
    received_on = required_date(received_on, "received_on", "收到日期")
    not_future(received_on, "received_on", "收到日期")
    return _open(agency, acting_user=acting_user, channel=channel, received_on=received_on, summary=summary,
                 is_anonymous=is_anonymous, name=name, contact=contact, subject=subject,
                 concerns_disclosure=concerns_disclosure, office=office)


def route_complaint(complaint: Complaint, *, acting_user, office=None, assignee=None) -> Complaint:
    """分办: give the complaint to an office (and a person); it is then 办理中."""
    return casework.assign(complaint, acting_user=acting_user, office=office, assignee=assignee)


def classify_complaint(complaint: Complaint, *, acting_user, concerns_disclosure: bool,
                       subject: str = "") -> Complaint:
    """Record whether the complaint concerns disclosure work (Art.47/51) and what about: it decides whether the
    annual report counts it."""
    subject = _subject(subject)

    def apply(c: Complaint) -> dict:
        before = {"concerns_disclosure": c.concerns_disclosure, "subject": c.subject}
        c.concerns_disclosure, c.subject = bool(concerns_disclosure), subject
        return {"before": before, "concerns_disclosure": c.concerns_disclosure, "subject": subject}

    return casework.transition(complaint, "edit", acting_user=acting_user, apply=apply)


def close_complaint(complaint: Complaint, *, acting_user, result: str, reply: str,
                    closed_on: date | None = None) -> Complaint:
    """办结: the result and the answer given to the complainant (they see it with their 查询码)."""
    if result not in ComplaintResult.values:
        raise OversightError("请选择办理结果。", field="result", code="result_required")
    reply = text(reply, "reply", "答复意见", max_length=5000, required=result != ComplaintResult.WITHDRAWN)
    closed_on = closed_on or clock.today()
    not_future(closed_on, "closed_on", "办结日期")
    not_before(closed_on, complaint.received_on, "closed_on", "办结日期", "收到日期")

    def apply(c: Complaint) -> dict:
        c.result, c.reply, c.closed_on = result, reply, closed_on
        return {"result": result, "closed_on": str(closed_on), "late": c.closed_late}

    return casework.transition(complaint, "close", acting_user=acting_user, apply=apply)


def reopen_complaint(complaint: Complaint, *, acting_user, reason: str) -> Complaint:
    """重新办理 (the complainant was not satisfied, or the county asks for more): the clock keeps its due date."""
    reason = text(reason, "reason", "重新办理理由", max_length=500, required=True)

    def apply(c: Complaint) -> dict:
        previous = {"result": c.result, "closed_on": str(c.closed_on or "")}
        c.result, c.closed_on = "", None
        return {"previous": previous}

    return casework.transition(complaint, "reopen", acting_user=acting_user, apply=apply, comment=reason)


_NUMBER_RE = re.compile(r"^TS\d{4}-\d{4,}$")


def track_complaint(number: str, code: str) -> Complaint | None:
    """The complaint with this register number and 查询码, or None (never says which of the two was wrong)."""
    number = (number or "").strip().upper()
    code = re.sub(r"[\s-]", "", code or "").upper()
    if not _NUMBER_RE.match(number) or len(code) != CODE_LENGTH:
        return None
    digest = blind_index(code)
    for complaint in Complaint.objects.filter(number=number).select_related("agency"):
        if hmac.compare_digest(complaint.tracking_hash, digest):
            return complaint
    return None


def public_progress(complaint: Complaint) -> list[tuple[str, str]]:
    """What the complainant sees of the handling: (date, step) without staff names or internal notes."""
    from audit.selectors import events_for

    labels = {"oversight.complaint.created": "已受理", "oversight.complaint.route": "已分办，办理中",
              "oversight.complaint.close": "已办结", "oversight.complaint.reopen": "重新办理"}
    steps = []
    for event in events_for(complaint):
        if event.action in labels:
            steps.append((event.created_at, labels[event.action]))
    return steps
