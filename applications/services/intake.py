"""Intake: the applicant's fields, registration from every channel, online submission, confirming receipt (Art.29, 31)."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from agencies.access import Perm, has_perm, require
from agencies.models import Agency
from agencies.sequences import next_number
from audit.services import record
from gongkai import clock as wallclock
from privacy.fields import blind_index
from privacy.identifiers import is_valid_id_number, is_valid_uscc

from .. import clock, rules
from ..errors import ApplicationError, WrongState
from ..models import (
    ORGANISATION_ID_TYPES,
    PERSONAL_ID_TYPES,
    Application,
    Channel,
    FormOfProvision,
    IdType,
    Letter,
    Route,
    Status,
)
from .helpers import _audit, _check_day, _issue, _lock, _new_tracking_code, _refresh_clock, _require_state, _save, _sync

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^[0-9+\-() 转]{7,30}$")


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
