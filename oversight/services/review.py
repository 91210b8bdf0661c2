"""Registering and deciding 行政复议 and 行政诉讼 cases about disclosure work."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency, Office
from audit.services import record
from casework import services as casework
from documents.uploads import inspect_upload
from gongkai.errors import NotFound

from ..errors import OversightError
from ..models import ReviewCase, ReviewDocument, ReviewKind, ReviewResult, ReviewStatus
from ..rules import LITIGATION_DEFENCE, RECONSIDERATION_ANSWER
from ._common import not_before, not_future, own_office, required_date, text

REGISTER = "oversight.review_case"


def _clock_rule(agency: Agency, kind: str):
    if kind == ReviewKind.RECONSIDERATION:
        return casework.rule_for(f"{REGISTER}.reconsideration", agency, RECONSIDERATION_ANSWER)
    return casework.rule_for(f"{REGISTER}.litigation", agency, LITIGATION_DEFENCE)


def _application(agency: Agency, number: str):
    """The platform's application with this number in the agency, if there is one (else the number stays text)."""
    if not number:
        return None
    from applications.models import Application

    return Application.objects.filter(agency=agency, number=number).first()


def _check_result(result: str, closed_on: date | None, filed_on: date) -> None:
    if result not in ReviewResult.values:
        raise OversightError("结果应为结果维持、结果纠正、其他结果或尚未审结。", field="result", code="invalid_result")
    if result != ReviewResult.PENDING and closed_on is None:
        raise OversightError(f"结果为“{ReviewResult(result).label}”的案件须填写审结日期。", field="closed_on",
                             code="closing_date_required")
    if result == ReviewResult.PENDING and closed_on is not None:
        raise OversightError("尚未审结的案件不能填写审结日期；已审结的请同时选择审结结果。", field="closed_on",
                             code="closing_date_without_result")
    not_future(closed_on, "closed_on", "审结日期")
    not_before(closed_on, filed_on, "closed_on", "审结日期", "申请复议或起诉日期")


def register_review_case(agency: Agency, *, acting_user, kind: str, filed_on: date, body: str = "",
                         received_on: date | None = None, case_no: str = "", subject: str = "",
                         party_name: str = "", application_no: str = "", answered_on: date | None = None,
                         result: str = ReviewResult.PENDING, closed_on: date | None = None, result_note: str = "",
                         office: Office | None = None) -> ReviewCase:
    """Register a case about the agency's disclosure work. A new case starts the agency's answer (defence) clock from
    the day the copy was received; an earlier case may be registered with its answer date or its final result."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if kind not in ReviewKind.values:
        raise OversightError("类型应为行政复议、未经复议直接起诉或复议后起诉。", field="kind", code="invalid_kind")
    filed_on = required_date(filed_on, "filed_on", "申请复议或起诉日期")
    not_future(filed_on, "filed_on", "申请复议或起诉日期")
    received_on = received_on or filed_on
    not_future(received_on, "received_on", "收到副本日期")
    not_before(received_on, filed_on, "received_on", "收到副本日期", "申请复议或起诉日期")
    _check_result(result, closed_on, filed_on)
    not_future(answered_on, "answered_on", "答复（答辩）日期")
    not_before(answered_on, filed_on, "answered_on", "答复（答辩）日期", "申请复议或起诉日期")
    own_office(agency, office)
    application_no = text(application_no, "application", "相关申请编号", max_length=40)
    case = ReviewCase(
        agency=agency, kind=kind, filed_on=filed_on, received_on=received_on, office=office,
        body=text(body, "body", "复议机关或人民法院", max_length=100),
        case_no=text(case_no, "case_no", "案号", max_length=60),
        subject=text(subject, "subject", "争议事项", max_length=2000),
        party_name=text(party_name, "party_name", "申请人（原告）", max_length=100),
        application_no=application_no, application=_application(agency, application_no),
        answered_on=answered_on, result=result, closed_on=closed_on,
        result_note=text(result_note, "result_note", "结果说明", max_length=2000))
    if result != ReviewResult.PENDING:
        case.status = ReviewStatus.DECIDED
    elif answered_on is not None:
        case.status = ReviewStatus.ANSWERED
    else:
        case.status = ReviewStatus.REGISTERED
    with transaction.atomic():
        if case.status == ReviewStatus.REGISTERED:
            casework.start_clock(case, received_on, _clock_rule(agency, kind))
        casework.open_case(case, acting_user=acting_user, data={
            "kind": kind, "filed_on": str(filed_on), "result": result, "closed_on": str(closed_on or ""),
            "application_no": case.application_no, "due_on": str(case.due_on or "")})
    return case


def answer_review_case(case: ReviewCase, *, acting_user, answered_on: date, comment: str = "") -> ReviewCase:
    """The agency submitted its written answer (复议) or defence (诉讼): its own clock stops."""
    answered_on = required_date(answered_on, "answered_on", "答复（答辩）日期")
    not_future(answered_on, "answered_on", "答复（答辩）日期")
    not_before(answered_on, case.filed_on, "answered_on", "答复（答辩）日期", "申请复议或起诉日期")

    def apply(c: ReviewCase) -> dict:
        c.answered_on = answered_on
        return {"answered_on": str(answered_on), "late": None if c.due_on is None else answered_on > c.due_on}

    return casework.transition(case, "answer", acting_user=acting_user, apply=apply, comment=comment)


def decide_review_case(case: ReviewCase, *, acting_user, result: str, closed_on: date | None,
                       result_note: str = "") -> ReviewCase:
    """Record the decision (复议决定, 判决, 裁定, 撤回…) under one of table 四's results, with its date."""
    if result == ReviewResult.PENDING:
        raise OversightError("请选择审结结果：结果维持、结果纠正或其他结果。", field="result", code="invalid_result")
    _check_result(result, closed_on, case.filed_on)
    note = text(result_note, "result_note", "结果说明", max_length=2000)

    def apply(c: ReviewCase) -> dict:
        c.result, c.closed_on, c.result_note = result, closed_on, note
        return {"result": result, "closed_on": str(closed_on)}

    return casework.transition(case, "decide", acting_user=acting_user, apply=apply, comment=note)


def reopen_review_case(case: ReviewCase, *, acting_user, reason: str) -> ReviewCase:
    """Take back a decision registered by mistake (or set aside): the case counts as pending again."""
    reason = text(reason, "reason", "撤销理由", max_length=500, required=True)

    def apply(c: ReviewCase) -> dict:
        previous = {"result": c.result, "closed_on": str(c.closed_on or "")}
        c.result, c.closed_on = ReviewResult.PENDING, None
        return {"previous": previous}

    return casework.transition(case, "reopen", acting_user=acting_user, apply=apply, comment=reason)


EDITABLE = {"case_no": ("案号", 60), "body": ("复议机关或人民法院", 100), "subject": ("争议事项", 2000),
            "party_name": ("申请人（原告）", 100), "application_no": ("相关申请编号", 40)}


def update_review_case(case: ReviewCase, *, acting_user, **changes) -> ReviewCase:
    """Correct the registration details (案号, body, subject, party, related application)."""
    if unknown := set(changes) - set(EDITABLE):
        raise OversightError(f"不能修改字段：{'、'.join(sorted(unknown))}。", code="field_not_editable")
    cleaned = {f: text(v, f, EDITABLE[f][0], max_length=EDITABLE[f][1]) for f, v in changes.items()}

    def apply(c: ReviewCase) -> dict:
        changed = sorted(f for f, v in cleaned.items() if getattr(c, f) != v)
        for f, v in cleaned.items():
            setattr(c, f, v)
        if "application_no" in cleaned:
            c.application = _application(c.agency, c.application_no)
        return {"fields": changed}

    return casework.transition(case, "edit", acting_user=acting_user, apply=apply)


def route_review_case(case: ReviewCase, *, acting_user, office=None, assignee=None) -> ReviewCase:
    return casework.assign(case, acting_user=acting_user, office=office, assignee=assignee)


def download_review_document(case: ReviewCase, document_id: int | None, *, acting_user) -> ReviewDocument:
    """A document of the case for staff who may see it. Case documents carry the applicant's name, address and
    identity documents, so each download is an audit event on the case (who, which file)."""
    require(acting_user, Perm.OVERSIGHT_VIEW, case.agency)
    document = case.documents.filter(pk=document_id).first() if document_id else None
    if document is None:
        raise NotFound("案件材料不存在。", code="review_document_not_found")
    with transaction.atomic():
        record(case, "oversight.review_case.document_downloaded", actor=acting_user, agency=case.agency,
               comment=document.title, data={"document": document.pk, "file": document.original_name,
                                             "kind": document.kind, "sha256": document.sha256})
    return document


def add_review_document(case: ReviewCase, upload, *, acting_user, kind: str = ReviewDocument.Kind.OTHER,
                        title: str = "") -> ReviewDocument:
    """Attach a document (the copy received, the answer, the decision), checked by content and size."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, case.agency)
    if kind not in ReviewDocument.Kind.values:
        raise OversightError("材料类型不正确。", field="kind")
    info = inspect_upload(upload, allowed=("pdf", "docx", "image"))
    name = (upload.name or "材料").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        upload.seek(0)
        document = ReviewDocument(case=case, kind=kind, title=(title or "").strip()[:200] or name,
                                  original_name=name, content_type=info.content_type, size=info.size,
                                  sha256=info.sha256, uploaded_by=acting_user)
        document.file.save(name, upload, save=False)
        document.save()
        record(case, "oversight.review_case.document_added", actor=acting_user, agency=case.agency,
               data={"file": name, "kind": kind, "size": info.size, "sha256": info.sha256})
    return document
