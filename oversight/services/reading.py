"""Reading points, deliveries of documents (from villages and departments to the archive or reading point, and of
published items to the 国家档案馆 and 公共图书馆, Art.25), and the visitor log."""

from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from audit.services import record
from catalog.models import Item

from ..errors import OversightError
from ..models import (
    RECEIVED_COUNTERPARTS,
    SENT_COUNTERPARTS,
    Delivery,
    DeliveryDirection,
    ReadingPoint,
    Visit,
)
from ._common import not_future, required_date, text


def save_reading_point(agency: Agency, *, acting_user, name: str, place: str, address: str, hours: str,
                       phone: str = "", note: str = "", is_active: bool = True, sort_order: int | None = None,
                       point: ReadingPoint | None = None) -> ReadingPoint:
    """Create a reading point (or change `point`); it appears in the agency's 政府信息公开指南."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if point is not None and point.agency_id != agency.pk:
        raise OversightError("查阅点不属于该机关。")
    values = {
        "name": text(name, "name", "名称", max_length=100, required=True),
        "place": text(place, "place", "设置地点", max_length=100, required=True),
        "address": text(address, "address", "地址", max_length=200, required=True),
        "hours": text(hours, "hours", "开放时间", max_length=200, required=True),
        "phone": text(phone, "phone", "联系电话", max_length=50),
        "note": text(note, "note", "说明", max_length=300), "is_active": bool(is_active),
    }
    duplicate = ReadingPoint.objects.filter(agency=agency, name=values["name"])
    if point is not None:
        duplicate = duplicate.exclude(pk=point.pk)
    if duplicate.exists():
        raise OversightError(f"查阅点“{values['name']}”已存在。", field="name", code="duplicate_reading_point")
    with transaction.atomic():
        if point is None:
            point = ReadingPoint(agency=agency, sort_order=sort_order if sort_order is not None
                                 else ReadingPoint.objects.filter(agency=agency).count())
        elif sort_order is not None:
            point.sort_order = sort_order
        for field, value in values.items():
            setattr(point, field, value)
        point.save()
        record(point, "oversight.reading_point.saved", actor=acting_user, agency=agency,
               data={k: v for k, v in values.items() if k != "phone"})
    return point


def register_delivery(agency: Agency, *, acting_user, direction: str, counterpart_kind: str, counterpart: str,
                      delivered_on: date, received_by: str, document_title: str = "", doc_no: str = "",
                      copies: int = 1, item: Item | None = None, reading_point: ReadingPoint | None = None,
                      note: str = "") -> Delivery:
    """Register a delivery: documents received from a village or department (for the archive or a reading point),
    or published items sent to the 国家档案馆 or 公共图书馆 (Art.25)."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if direction not in DeliveryDirection.values:
        raise OversightError("请选择送交方向。", field="direction")
    allowed = RECEIVED_COUNTERPARTS if direction == DeliveryDirection.RECEIVED else SENT_COUNTERPARTS
    if counterpart_kind not in allowed:
        raise OversightError("送交单位类型与送交方向不符：送交国家档案馆、公共图书馆的请选择“本机关送交”。",
                             field="counterpart_kind", code="counterpart_mismatch")
    if reading_point is not None and reading_point.agency_id != agency.pk:
        raise OversightError("查阅点不属于该机关。", field="reading_point")
    if item is not None:
        if item.agency_id != agency.pk:
            raise OversightError("目录信息不属于该机关。", field="item")
        if item.status != Item.Status.PUBLISHED:
            raise OversightError("只有已发布的政府信息才能送交档案馆、图书馆。", field="item")
        document_title = document_title or item.title
        doc_no = doc_no or item.doc_no
    delivered_on = required_date(delivered_on, "delivered_on", "送交日期")
    not_future(delivered_on, "delivered_on", "送交日期")
    try:
        copies = int(copies)
    except (TypeError, ValueError):
        copies = 0
    if not 1 <= copies <= 9999:
        raise OversightError("份数应为1至9999之间的整数。", field="copies")
    with transaction.atomic():
        delivery = Delivery.objects.create(
            agency=agency, direction=direction, counterpart_kind=counterpart_kind,
            counterpart=text(counterpart, "counterpart", "送交（接收）单位", max_length=100, required=True),
            document_title=text(document_title, "document_title", "文件名称", max_length=200, required=True),
            doc_no=text(doc_no, "doc_no", "文号", max_length=60), delivered_on=delivered_on,
            received_by=text(received_by, "received_by", "接收人", max_length=50, required=True), copies=copies,
            item=item, reading_point=reading_point, note=text(note, "note", "备注", max_length=300),
            created_by=acting_user)
        record(delivery, "oversight.delivery.created", actor=acting_user, agency=agency, data={
            "direction": direction, "counterpart": delivery.counterpart, "document": delivery.document_title,
            "copies": copies, "delivered_on": str(delivered_on)})
    return delivery


def register_visit(point: ReadingPoint, *, acting_user, visited_on: date, consulted: str, visitor_name: str = "",
                   purpose: str = "") -> Visit:
    """Log a consultation at a reading point (the visitor's name is optional, encrypted and shown masked)."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, point.agency)
    visited_on = required_date(visited_on, "visited_on", "查阅日期")
    not_future(visited_on, "visited_on", "查阅日期")
    with transaction.atomic():
        visit = Visit.objects.create(
            reading_point=point, visited_on=visited_on,
            consulted=text(consulted, "consulted", "查阅内容", max_length=300, required=True),
            visitor_name=text(visitor_name, "visitor_name", "查阅人", max_length=50),
            purpose=text(purpose, "purpose", "用途", max_length=200), created_by=acting_user)
        record(visit, "oversight.visit.created", actor=acting_user, agency=point.agency,
               data={"reading_point": point.name, "visited_on": str(visited_on), "visitor": visit.visitor_masked})
    return visit
