"""Every write on applications for disclosure. Each function checks the acting person's permission in the application's
agency, locks the application row, guards the source state, records the event, recomputes the due date through the one
clock (`applications.clock`), issues the letter that goes with the event, and writes an audit event — all in one
transaction. A DomainError (or `CalendarNotLoaded`, HTTP 422) leaves nothing changed.

States:

    待确认 ──confirm_receipt──▶ 办理中 ◀──receive_correction── 补正中 ◀──request_correction (once)──┐
    (平信/网上/电子邮件/传真)      │  ▲                                   │ A21 after the deadline           │
                                   │  └──── end_consultation / fee_paid ──┤                                  │
                                   ├──start_consultation──▶ 征求意见中    ▼                                  │
                                   ├──send_fee_notice──▶ 待缴费 ──A22 after the payment period──▶ 视为放弃    │
                                   ├──reply (one code)──▶ 已答复 ──deliver──▶ 已送达 ──archive──▶ 已归档      │
                                   └──split──▶ 已拆分 (the parts carry on, each counted on its own)           │
                                   └─────────────────────────────────────────────────────────────────────────┘
Dates passed to services are the days the events happened (`on`); past dates are allowed (late registration,
historical records), future dates are not.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q

from agencies.access import Perm, has_perm, require
from agencies.models import Agency
from agencies.sequences import next_number
from audit.services import record
from gongkai import clock as wallclock
from gongkai.errors import PermissionDenied
from privacy.fields import blind_index
from privacy.identifiers import is_valid_id_number, is_valid_uscc
from workdays.errors import CalendarNotLoaded
from workdays.explanations import cn_date
from workdays.loading import get_calendar

from . import clock, fees, rules
from .errors import ApplicationError, DeadlineRuleViolation, WrongState
from .letters.render import ensure_files
from .models import (
    ORGANISATION_ID_TYPES,
    PERSONAL_ID_TYPES,
    Application,
    Channel,
    Consultation,
    CorrectionRequest,
    DeliveryMethod,
    Extension,
    FeeNotice,
    FormOfProvision,
    IdType,
    Letter,
    ReasonablePeriod,
    Route,
    Status,
)

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed by the applicant
TRACKING_LENGTH = 12
DEFAULT_CORRECTION_DAYS = 15  # working days given to correct, when staff do not set a date ("合理的补正期限")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^[0-9+\-() 转]{7,30}$")


# --- helpers --------------------------------------------------------------------------------------------------

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
    from .letters.issue import issue_letter

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


# --- intake ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ApplicantInput:
    """The application as filled in (Art.29): the same fields for the portal, the back office and the API."""

    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    description: str
    form_of_provision: str
    route: str
    phone: str = ""
    address: str = ""
    postcode: str = ""
    email: str = ""
    contact_person: str = ""
    doc_no: str = ""
    fee_waiver_requested: bool = False


def clean_applicant(data: ApplicantInput) -> dict:
    """Validate the applicant's fields; return them normalised. Raises ApplicationError naming the field."""
    kind = rules.APPLICANT_TYPE_BY_CODE.get(data.applicant_type)
    if kind is None:
        raise ApplicationError("申请人类型不正确。", field="applicant_type", code="invalid_applicant_type")
    name = (data.applicant_name or "").strip()
    if not name:
        raise ApplicationError("请填写申请人姓名或名称。", field="applicant_name", code="name_required")
    if len(name) > 100:
        raise ApplicationError("姓名或名称不能超过100个字。", field="applicant_name", code="name_too_long")
    if data.id_type not in IdType.values:
        raise ApplicationError("证件类型不正确。", field="id_type", code="invalid_id_type")
    allowed = ORGANISATION_ID_TYPES if kind.is_organisation else PERSONAL_ID_TYPES
    if data.id_type not in allowed:
        who = "法人或者其他组织" if kind.is_organisation else "公民"
        raise ApplicationError(f"{who}不能使用“{IdType(data.id_type).label}”作为身份证明。", field="id_type",
                               code="id_type_mismatch")
    id_number = re.sub(r"\s", "", data.id_number or "").upper()
    if not id_number:
        raise ApplicationError("请填写证件号码（条例第二十九条：申请人的身份证明）。", field="id_number",
                               code="id_number_required")
    if data.id_type == IdType.ID_CARD and not is_valid_id_number(id_number):
        raise ApplicationError("居民身份证号码不正确：应为18位，出生日期有效，最后一位校验码正确。", field="id_number",
                               code="invalid_id_number")
    if data.id_type == IdType.USCC and not is_valid_uscc(id_number):
        raise ApplicationError("统一社会信用代码不正确：应为18位，校验码正确。", field="id_number",
                               code="invalid_credit_code")
    if len(id_number) > 50:
        raise ApplicationError("证件号码过长。", field="id_number", code="invalid_id_number")
    phone, address, email = (data.phone or "").strip(), (data.address or "").strip(), (data.email or "").strip()
    if not (phone or address or email):
        raise ApplicationError("请至少填写一种联系方式（电话、通信地址或电子邮箱）。", field="phone",
                               code="contact_required")
    if phone and not _PHONE_RE.match(phone):
        raise ApplicationError("联系电话格式不正确。", field="phone", code="invalid_phone")
    if email and not _EMAIL_RE.match(email):
        raise ApplicationError("电子邮箱格式不正确。", field="email", code="invalid_email")
    postcode = (data.postcode or "").strip()
    if postcode and not re.fullmatch(r"\d{6}", postcode):
        raise ApplicationError("邮政编码应为6位数字。", field="postcode", code="invalid_postcode")
    description = (data.description or "").strip()
    if len(description) < 4:
        raise ApplicationError("请写明所需政府信息的名称、文号或者便于查询的其他特征性描述。", field="description",
                               code="description_required")
    if len(description) > 5000:
        raise ApplicationError("信息描述不能超过5000字。", field="description", code="description_too_long")
    if data.form_of_provision not in FormOfProvision.values:
        raise ApplicationError("请选择获取信息的方式。", field="form_of_provision", code="invalid_form_of_provision")
    if data.route not in Route.values:
        raise ApplicationError("请选择获取信息的途径。", field="route", code="invalid_route")
    if data.route == Route.POST and not address:
        raise ApplicationError("选择邮寄的，请填写通信地址。", field="address", code="address_required")
    if data.route == Route.EMAIL and not email:
        raise ApplicationError("选择电子邮件的，请填写电子邮箱。", field="email", code="email_required")
    return {
        "applicant_type": data.applicant_type, "applicant_name": name,
        "contact_person": (data.contact_person or "").strip()[:50], "id_type": data.id_type,
        "id_number": id_number, "id_index": blind_index(id_number), "phone": phone, "address": address,
        "postcode": postcode, "email": email, "description": description, "doc_no": (data.doc_no or "").strip()[:100],
        "form_of_provision": data.form_of_provision, "route": data.route,
        "fee_waiver_requested": bool(data.fee_waiver_requested),
    }


def _receipt_dates(channel: str, arrived_on, received_on) -> tuple[date, date | None]:
    """Art.31: which receipt date a channel allows at registration."""
    if channel not in Channel.values:
        raise ApplicationError("提交渠道不正确。", field="channel", code="invalid_channel")
    arrived_on = _check_day(arrived_on, "arrived_on", "到达日期")
    if received_on is not None:
        received_on = _check_day(received_on, "received_on", "收到申请日期")
        if received_on < arrived_on:
            raise ApplicationError(f"收到申请日期（{received_on.isoformat()}）不能早于到达日期"
                                   f"（{arrived_on.isoformat()}）。", field="received_on",
                                   code="received_before_arrival")
    if channel == Channel.IN_PERSON:
        # Art.31(一): 当面提交的，以提交之日为收到申请之日.
        if received_on is not None and received_on != arrived_on:
            raise ApplicationError("当面提交的申请，提交之日即为收到申请之日，收到日期应与到达日期相同。",
                                   field="received_on", code="received_on_not_allowed")
        return arrived_on, arrived_on
    if channel == Channel.POST:
        # Art.31(二): 以邮寄方式提交的，以行政机关签收之日为收到申请之日 (arrival is the signing day unless given).
        return arrived_on, received_on or arrived_on
    # Art.31(二)(三): 平常信函、互联网渠道、传真 — the day both sides confirmed; empty until confirmed.
    return arrived_on, received_on


def register_application(agency: Agency, applicant: ApplicantInput, *, acting_user, channel: str, arrived_on: date,
                         received_on: date | None = None, filled_by_staff: bool = False,
                         confirmation_note: str = "", handler=None, idempotency_key: str | None = None
                         ) -> Application:
    """Staff register an application from any channel (当面, 邮寄, 平常信函, 传真, 电子邮件, 网上), including 代为填写.

    For 当面 the receipt date is the arrival date; for 邮寄 the signing day (`received_on`, default the arrival date);
    for the other channels `received_on` is the confirmation day — omit it and the application waits in 待确认.
    The same `idempotency_key` twice returns the first application unchanged.
    """
    require(acting_user, Perm.APPLICATIONS_HANDLE, agency)
    return _create(agency, applicant, acting_user=acting_user, channel=channel, arrived_on=arrived_on,
                   received_on=received_on, filled_by_staff=filled_by_staff, confirmation_note=confirmation_note,
                   handler=handler, idempotency_key=idempotency_key)


def submit_online(agency: Agency, applicant: ApplicantInput, *, idempotency_key: str | None = None) -> Application:
    """An applicant applies on the portal. It arrives today and waits in 待确认 until staff confirm receipt with the
    applicant (Art.31(三): 双方确认之日)."""
    if not agency.is_active:
        raise ApplicationError("该机关暂不受理网上申请。", field="agency", code="agency_inactive")
    return _create(agency, applicant, acting_user=None, channel=Channel.ONLINE, arrived_on=wallclock.today(),
                   received_on=None, filled_by_staff=False, confirmation_note="", handler=None,
                   idempotency_key=idempotency_key)


def _create(agency, applicant, *, acting_user, channel, arrived_on, received_on, filled_by_staff, confirmation_note,
            handler, idempotency_key) -> Application:
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    values = clean_applicant(applicant)
    arrived_on, received_on = _receipt_dates(channel, arrived_on, received_on)
    if handler is not None and not has_perm(handler, Perm.APPLICATIONS_HANDLE, agency):
        raise ApplicationError(f"{handler.display_name}没有在本机关办理依申请公开的权限。", field="handler",
                               code="invalid_handler")
    if handler is None and acting_user is not None:
        handler = acting_user
    rule_set = rules.rule_set_for(received_on or arrived_on)
    try:
        with transaction.atomic():
            year = (received_on or arrived_on).year
            serial = next_number(agency, "applications.number", year)
            application = Application(
                agency=agency, number=f"{year}-{serial:04d}", tracking_code=_new_tracking_code(), channel=channel,
                filled_by_staff=bool(filled_by_staff), arrived_on=arrived_on, received_on=received_on,
                confirmation_note=(confirmation_note or "").strip()[:200], rule_set=rule_set.code,
                status=Status.IN_PROGRESS if received_on else Status.AWAITING_CONFIRMATION, handler=handler,
                idempotency_key=idempotency_key or None, created_by=acting_user, **values)
            clock.refresh(application, clock.ClockInputs(None, (), None, None))
            application.save()
            _audit(application, "applications.application.registered", acting_user,
                   data={"number": application.number, "channel": channel, "filled_by_staff": filled_by_staff,
                         "arrived_on": arrived_on.isoformat(),
                         "received_on": received_on.isoformat() if received_on else None, "rule_set": rule_set.code},
                   comment="网上申请" if acting_user is None else "")
            if received_on is not None:
                _issue(application, Letter.Kind.RECEIPT, acting_user=acting_user, on=received_on)
    except IntegrityError:
        # The same key raced in from a second request: the first one won, return it.
        if idempotency_key:
            existing = Application.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    return application


def confirm_receipt(application: Application, *, acting_user, on: date, note: str = "") -> Application:
    """Record the day both sides confirmed the application (平常信函, 网上, 电子邮件, 传真; Art.31): the legal
    receipt date. The clock starts; the rule set is the one in force on that day."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        _require_state(application, "确认收到申请", Status.AWAITING_CONFIRMATION)
        on = _check_day(on, "date", "确认日期")
        if on < application.arrived_on:
            raise ApplicationError(f"确认日期（{on.isoformat()}）不能早于申请到达日期"
                                   f"（{application.arrived_on.isoformat()}）。", field="date",
                                   code="received_before_arrival")
        application.received_on = on
        application.rule_set = rules.rule_set_for(on).code
        application.status = Status.IN_PROGRESS
        application.confirmation_note = (note or "").strip()[:200]
        if application.handler is None and has_perm(acting_user, Perm.APPLICATIONS_HANDLE, application.agency):
            application.handler = acting_user
        _refresh_clock(application)
        _save(application, "received_on", "rule_set", "status", "confirmation_note", "handler")
        _audit(application, "applications.application.receipt_confirmed", acting_user,
               from_state=Status.AWAITING_CONFIRMATION, data={"received_on": on.isoformat(), "note": note or ""})
        _issue(application, Letter.Kind.RECEIPT, acting_user=acting_user, on=on)
    return _sync(original, application)


def assign_handler(application: Application, *, acting_user, handler) -> Application:
    """Give the application to a colleague who may handle applications in the agency (承办人)."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        if not has_perm(handler, Perm.APPLICATIONS_HANDLE, application.agency):
            raise ApplicationError(f"{handler.display_name}没有在本机关办理依申请公开的权限。", field="handler",
                                   code="invalid_handler")
        if not application.is_open:
            raise WrongState("已办结的申请不能更换承办人。")
        before = application.handler.display_name if application.handler else ""
        application.handler = handler
        application.save(update_fields=["handler", "updated_at"])
        record(application, "applications.application.handler_assigned", actor=acting_user,
               data={"from": before, "to": handler.display_name})
    return _sync(original, application)


# --- 补正 (Art.30) ------------------------------------------------------------------------------------------

def request_correction(application: Application, *, acting_user, on: date, items: str,
                       deadline: date | None = None) -> Application:
    """Notify the applicant, once, of everything to correct and a reasonable period (Art.30). Under the 2019 rules
    the notice is due within 7 working days of receipt. The reply clock stops until the correction arrives."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        if CorrectionRequest.objects.filter(application=application).exists():
            # DL-COR-2: 一次性告知 — a second correction notice is not allowed.
            raise WrongState("已经告知过补正：补正应当一次性告知，不能再次要求补正。",
                             code="correction_already_requested")
        _require_state(application, "告知补正", Status.IN_PROGRESS)
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
            try:
                deadline = get_calendar().nth_working_day_after(on, DEFAULT_CORRECTION_DAYS)
            except CalendarNotLoaded as exc:
                raise ApplicationError(
                    f"默认的补正期限（告知后{DEFAULT_CORRECTION_DAYS}个工作日）需要{exc.year}年的节假日安排，工作日历尚未载入。"
                    f"请直接填写补正期限（具体日期）。", field="deadline", code="correction_deadline_required")
        if not isinstance(deadline, date) or deadline <= on:
            raise ApplicationError("补正期限应晚于告知补正日期。", field="deadline", code="correction_deadline_invalid")
        CorrectionRequest.objects.create(application=application, notified_on=on, items=items, deadline=deadline,
                                         created_by=acting_user)
        application.status = Status.CORRECTION
        _refresh_clock(application)
        _save(application, "status")
        _audit(application, "applications.correction.requested", acting_user, from_state=Status.IN_PROGRESS,
               data={"date": on.isoformat(), "deadline": deadline.isoformat(), "items": items})
        _issue(application, Letter.Kind.CORRECTION, acting_user=acting_user, on=on)
    return _sync(original, application)


def receive_correction(application: Application, *, acting_user, on: date, late_reason: str = "") -> Application:
    """The corrected application arrived: the reply period restarts from this day (Art.30). After the correction
    period only with a good reason (正当理由), otherwise the application is 视为放弃 (reply A21)."""
    original = application
    with transaction.atomic():
        application = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, application.agency)
        _require_state(application, "登记收到补正", Status.CORRECTION)
        correction = CorrectionRequest.objects.select_for_update().get(application=application)
        on = _check_day(on, "date", "收到补正日期", not_before=correction.notified_on, not_before_label="告知补正日期")
        late_reason = (late_reason or "").strip()
        if on > correction.deadline and not late_reason:
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


# --- 征求意见 (Art.32, 33¶3, 34) -----------------------------------------------------------------------------

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


# --- 延期 (Art.33¶2) -----------------------------------------------------------------------------------------

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


# --- 延迟答复的合理期限 (Art.35) ----------------------------------------------------------------------------------

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


# --- 收费 (国办函〔2020〕109号) ------------------------------------------------------------------------------------

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
        _require_state(locked, "发出收费通知", Status.IN_PROGRESS)
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
            reduction_reason=reason[:300] if reducer else "", reduction_approved_by=reducer, notified_on=on,
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
        _require_state(locked, "登记申请人收到收费通知的日期", Status.AWAITING_FEE)
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
        _require_state(locked, "登记缴费", Status.AWAITING_FEE)
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


def waive_fee(application: Application, *, acting_user, on: date, reason: str, approver=None, amount=0
              ) -> FeeNotice:
    """Waive the fee (amount 0: the reply period runs again) or reduce it, with a reason and the approval of the head
    of the disclosure office ([I] §3.4 减免)."""
    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        _require_state(locked, "减免收费", Status.AWAITING_FEE)
        fee = FeeNotice.objects.select_for_update().get(application=locked)
        reason = (reason or "").strip()
        if not reason:
            raise ApplicationError("减免收费请填写理由。", field="reason", code="reduction_reason_required")
        approver = _approver(locked, acting_user, approver)
        on = _check_day(on, "date", "减免日期", not_before=fee.notified_on, not_before_label="发出收费通知日期")
        new_amount = _money(amount if amount is not None else 0, "amount")
        if new_amount >= fee.amount:
            raise ApplicationError(f"减免后的金额应低于通知金额{fee.amount}元。", field="amount", code="invalid_amount")
        before = fee.amount
        fee.amount, fee.reduction_reason, fee.reduction_approved_by = new_amount, reason[:300], approver
        fields = ["amount", "reduction_reason", "reduction_approved_by"]
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
                     "approved_by": approver.display_name})
    _sync(application, locked)
    return fee


# --- 答复 (Art.36–39) ------------------------------------------------------------------------------------------

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
            _require_state(application, "以“逾期不补正”办结", Status.CORRECTION)
            on = _check_day(on, "date", "办结日期", not_before=correction.notified_on, not_before_label="告知补正日期")
            if on <= correction.deadline:
                raise DeadlineRuleViolation(f"补正期限至{cn_date(correction.deadline, with_year=True)}，期限届满后才能视为放弃申请。",
                                            code="abandonment_not_due", field="date")
            application.status = Status.ABANDONED
        elif code == "A22":
            _require_state(application, "以“逾期未缴费”办结", Status.AWAITING_FEE)
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
            _require_state(application, "答复", Status.IN_PROGRESS, Status.CONSULTATION)
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
        _require_state(application, "登记送达", Status.REPLIED, Status.ABANDONED)
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
        _require_state(application, "归档", Status.DELIVERED, Status.ABANDONED)
        on = _check_day(on, "date", "归档日期", not_before=application.delivered_on or application.replied_on,
                        not_before_label="送达或办结日期")
        from_state = application.status
        application.status = Status.ARCHIVED
        application.archived_on = on
        _save(application, "status", "archived_on")
        _audit(application, "applications.application.archived", acting_user, from_state=from_state,
               data={"date": on.isoformat()})
    return _sync(original, application)


# --- 一事一申请 and Art.44 -------------------------------------------------------------------------------------

def split(application: Application, *, acting_user, on: date, parts: list[str]) -> list[Application]:
    """Split a multi-item application into several (一事一申请, 办法 Art.4): each part is a new application with the
    same applicant, receipt date and clock events, handled and counted on its own; the original is closed as 已拆分
    and no longer counted."""
    with transaction.atomic():
        parent = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, parent.agency)
        _require_state(parent, "拆分", Status.IN_PROGRESS)
        if FeeNotice.objects.filter(application=parent).exists():
            raise WrongState("已发出收费通知的申请不能拆分。", code="wrong_state")
        parts = [(p or "").strip() for p in parts or []]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            raise ApplicationError("拆分至少需要两项，每项写明所需信息。", field="parts", code="split_too_few")
        on = _check_day(on, "date", "拆分日期", not_before=parent.received_on, not_before_label="收到申请日期")
        correction = CorrectionRequest.objects.filter(application=parent).first()
        consultations = list(Consultation.objects.filter(application=parent))
        extension = Extension.objects.filter(application=parent).first()
        longer = ReasonablePeriod.objects.filter(application=parent).first()
        copied = [f.name for f in Application._meta.concrete_fields
                  if f.name not in {"id", "number", "tracking_code", "parent", "idempotency_key", "description",
                                    "created_at", "updated_at", "created_by", "status", "due_date",
                                    "due_date_explanation"}]
        children = []
        for index, text in enumerate(parts, start=1):
            child = Application(**{name: getattr(parent, name) for name in copied}, number=f"{parent.number}-{index}",
                                tracking_code=_new_tracking_code(), parent=parent, description=text,
                                status=Status.IN_PROGRESS, created_by=acting_user)
            child.save()
            if correction is not None:
                CorrectionRequest.objects.create(application=child, notified_on=correction.notified_on,
                                                 items=correction.items, deadline=correction.deadline,
                                                 received_on=correction.received_on,
                                                 late_reason=correction.late_reason, created_by=acting_user)
            for c in consultations:
                Consultation.objects.create(application=child, party=c.party, party_name=c.party_name,
                                            sent_on=c.sent_on, party_received_on=c.party_received_on,
                                            answer_due=c.answer_due, answered_on=c.answered_on, outcome=c.outcome,
                                            note=c.note, created_by=acting_user)
            if extension is not None:
                Extension.objects.create(application=child, days=extension.days, decided_on=extension.decided_on,
                                         approved_by=extension.approved_by, reason=extension.reason,
                                         original_due=extension.original_due, created_by=acting_user)
            if longer is not None:
                ReasonablePeriod.objects.create(application=child, due_on=longer.due_on, decided_on=longer.decided_on,
                                                approved_by=longer.approved_by, reason=longer.reason,
                                                original_due=longer.original_due, created_by=acting_user)
            _refresh_clock(child)
            _save(child)
            _audit(child, "applications.application.split_part", acting_user,
                   data={"parent": parent.number, "part": index, "date": on.isoformat()})
            children.append(child)
        parent.status = Status.SPLIT
        parent.save(update_fields=["status", "updated_at"])
        _audit(parent, "applications.application.split", acting_user, from_state=Status.IN_PROGRESS,
               data={"parts": [c.number for c in children], "date": on.isoformat()})
    _sync(application, parent)
    return children


def convert_to_proactive(application: Application, *, acting_user, category, title: str, summary: str = ""):
    """Art.44: information disclosed on application that is of general interest (several applicants, or the
    applicant's suggestion) becomes a proactive-disclosure draft, which then goes through the normal review chain."""
    from catalog.models import Item
    from catalog.services import create_draft

    with transaction.atomic():
        locked = _lock(application)
        require(acting_user, Perm.APPLICATIONS_HANDLE, locked.agency)
        if locked.reply_code not in rules.DISCLOSING_CODES:
            raise WrongState("只有予以公开或部分公开的答复可以转为主动公开。", code="not_disclosed")
        if locked.proactive_item_id is not None:
            raise WrongState("本申请已经转为主动公开草稿。", code="already_converted")
        revision = create_draft(locked.agency, acting_user=acting_user, category=category, title=title,
                                formed_on=locked.replied_on,
                                summary=(summary or "").strip() or f"依申请公开转主动公开：{locked.description[:150]}")
        locked.proactive_item = Item.objects.get(pk=revision.item_id)
        locked.save(update_fields=["proactive_item", "updated_at"])
        record(locked, "applications.application.converted_to_proactive", actor=acting_user,
               data={"item": revision.item_id, "title": title})
    _sync(application, locked)
    return revision


# --- personal data --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonalData:
    id_type: str
    id_number: str
    phone: str
    address: str
    postcode: str
    email: str


def reveal_personal_data(application: Application, *, acting_user, purpose: str = "") -> PersonalData:
    """The applicant's unmasked personal data, for staff holding APPLICATIONS_VIEW_PERSONAL in the agency. Each
    reveal is an audit event (who, when, which application)."""
    require(acting_user, Perm.APPLICATIONS_VIEW_PERSONAL, application.agency)
    with transaction.atomic():
        record(application, "applications.personal_data.viewed", actor=acting_user, comment=(purpose or "")[:200],
               data={"fields": ["id_number", "phone", "address", "email"]})
    return PersonalData(IdType(application.id_type).label, application.id_number, application.phone,
                        application.address, application.postcode, application.email)


LETTER_FORMATS = ("pdf", "docx")


def download_letter(letter: Letter, fmt: str, *, acting_user):
    """The letter's PDF or DOCX for a member of staff who may see the application. A letter carries the applicant's
    name and address, so each download is an audit event on the application (who, which letter, which format)."""
    require(acting_user, Perm.APPLICATIONS_VIEW, letter.application.agency)
    if fmt not in LETTER_FORMATS:
        raise ApplicationError("文件格式应为 pdf 或 docx。", code="letter_format", status=404)
    ensure_files(letter)
    with transaction.atomic():
        record(letter.application, "applications.letter.downloaded", actor=acting_user,
               agency=letter.application.agency, comment=f"{letter.title}（{fmt.upper()}）",
               data={"letter": letter.pk, "kind": letter.kind, "number": letter.number, "format": fmt})
    return letter.pdf if fmt == "pdf" else letter.docx


# --- the calendar changed ------------------------------------------------------------------------------------

def recompute_open_due_dates(*, acting_user, reason: str) -> int:
    """Registered with workdays.hooks: after a calendar change, recompute every open application's periods (the
    consultations' answer periods, the payment period and the reply due date) and record each change."""
    changed = 0
    # Concluded while the due date was pending; not an abandonment during 补正 (A21), which had no running period.
    answered_while_provisional = (Q(due_date__isnull=True) & ~Q(reply_code="")
                                  & ~Q(reply_code__in=rules.ABANDONMENT_CODES))
    applications = (Application.objects.filter(Q(status__in=clock.OPEN_STATUSES) | answered_while_provisional,
                                               received_on__isnull=False)
                    .select_related("agency", "correction", "extension__approved_by", "fee", "reasonable_period")
                    .prefetch_related("consultations"))
    for application in applications:
        changes = {}
        still_open = application.status in clock.OPEN_STATUSES
        for c in application.consultations.all() if still_open else ():
            due = clock.consultation_answer_due(application, c.party_received_on)
            if due != c.answer_due:
                changes[f"consultation_{c.pk}"] = [_iso(c.answer_due), _iso(due)]
                c.answer_due = due
                c.save(update_fields=["answer_due"])
        inputs = clock.inputs_from_prefetched(application)
        if still_open and inputs.fee is not None and inputs.fee.is_open:
            due = clock.fee_payment_due(inputs.fee.applicant_received_on)
            if due != inputs.fee.payment_due:
                changes["payment_due"] = [_iso(inputs.fee.payment_due), _iso(due)]
                inputs.fee.payment_due = due
                inputs.fee.save(update_fields=["payment_due"])
        before_text = application.due_date_explanation
        before, after = clock.refresh(application, inputs)
        if before != after:
            changes["due_date"] = [before.isoformat() if before else None, after.isoformat() if after else None]
        if changes or before_text != application.due_date_explanation:
            application.save(update_fields=["due_date", "due_date_explanation", "updated_at"])
        if changes:
            record(application, "applications.application.due_recomputed", actor=acting_user, comment=reason,
                   from_state=application.status, to_state=application.status, data=changes)
            changed += 1
    return changed


# --- letter templates and settings (per agency) -------------------------------------------------------------------

def save_letter_template(agency: Agency, key: str, *, acting_user, title: str, body: str):
    """Replace the default wording of one kind of letter for the agency. Only known placeholders are allowed, so a
    template can never print anything but the plain values of `letters.defaults.PLACEHOLDERS`. Letters already
    issued keep their text."""
    from .letters.context import unknown_placeholders
    from .letters.defaults import DEFAULTS
    from .models import LetterTemplate

    require(acting_user, Perm.APPLICATIONS_APPROVE_EXTENSION, agency)
    if key not in DEFAULTS:
        raise ApplicationError("没有这种文书。", field="key", code="unknown_template")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ApplicationError("标题和正文都不能为空。", field="body", code="template_empty")
    if unknown := unknown_placeholders(body):
        raise ApplicationError(f"模板中有不认识的占位符：{'、'.join(unknown)}。", field="body",
                               code="unknown_placeholder")
    with transaction.atomic():
        template, created = LetterTemplate.objects.update_or_create(
            agency=agency, key=key, defaults={"title": title[:100], "body": body, "updated_by": acting_user})
        record(template, "applications.template.saved", actor=acting_user, agency=agency,
               data={"key": key, "title": title, "new": created})
    return template


def reset_letter_template(agency: Agency, key: str, *, acting_user) -> None:
    """Go back to the default wording."""
    from .models import LetterTemplate

    require(acting_user, Perm.APPLICATIONS_APPROVE_EXTENSION, agency)
    with transaction.atomic():
        for template in LetterTemplate.objects.filter(agency=agency, key=key):
            record(template, "applications.template.reset", actor=acting_user, agency=agency, data={"key": key})
            template.delete()


def save_letter_settings(agency: Agency, *, acting_user, number_prefix: str = "", review_body: str = "",
                         contact: str = ""):
    """The prefix of the agency's letter numbers and the 行政复议 body named in replies."""
    from .models import LetterSettings

    require(acting_user, Perm.APPLICATIONS_APPROVE_EXTENSION, agency)
    with transaction.atomic():
        settings_row, _ = LetterSettings.objects.update_or_create(
            agency=agency, defaults={"number_prefix": (number_prefix or "").strip()[:30],
                                     "review_body": (review_body or "").strip()[:100],
                                     "contact": (contact or "").strip()[:100]})
        record(settings_row, "applications.letter_settings.saved", actor=acting_user, agency=agency,
               data={"number_prefix": settings_row.number_prefix, "review_body": settings_row.review_body})
    return settings_row
