"""一事一申请 and Art.44."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from audit.services import record

from .. import rules
from ..errors import ApplicationError, WrongState
from ..models import (
    Application,
    Consultation,
    CorrectionRequest,
    Extension,
    FeeNotice,
    ReasonablePeriod,
    Status,
)
from .helpers import _audit, _check_day, _lock, _new_tracking_code, _refresh_clock, _require_state, _save, _sync


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
