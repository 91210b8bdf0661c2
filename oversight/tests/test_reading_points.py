"""Reading points in the guide, deliveries to the archive, reading point, 国家档案馆 and 公共图书馆, and the visitor
log with masked names."""

from datetime import date

import pytest
import time_machine

from catalog.tests.factories import ItemFactory
from gongkai.errors import PermissionDenied
from oversight import selectors
from oversight.errors import OversightError
from oversight.services import reading as services

pytestmark = pytest.mark.django_db


def point(agency, user, **extra):
    values = {"name": "东升乡政府信息公开查阅点", "place": "乡政府党政办公室（乡档案室）",
              "address": "黑龙江省绥化市望奎县东升乡政府院内", "hours": "工作日8:30—11:30，13:30—17:00",
              "phone": "0455-6711168", **extra}
    return services.save_reading_point(agency, acting_user=user, **values)


def test_reading_points_appear_in_the_guide_selector(township, office_admin, outsider):
    first = point(township, office_admin)
    point(township, office_admin, name="东升村便民服务站查阅点", place="东升村村委会", is_active=False)
    assert selectors.reading_points_for(township) == [first]
    with pytest.raises(OversightError):
        point(township, office_admin)  # the same name twice
    with pytest.raises(PermissionDenied):
        point(township, outsider, name="别处")
    point(township, office_admin, point=first, name=first.name, hours="工作日全天")
    first.refresh_from_db()
    assert first.hours == "工作日全天"


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_villages_deliver_documents_and_published_items_go_to_the_archive_and_library(township, office_admin,
                                                                                      other_township):
    reading_point = point(township, office_admin)
    received = services.register_delivery(
        township, acting_user=office_admin, direction="received", counterpart_kind="village",
        counterpart="东升村村民委员会", document_title="东升村2026年村务公开资料", delivered_on=date(2026, 3, 9),
        received_by="王乐", copies=2, reading_point=reading_point)
    assert str(received) == "东升村2026年村务公开资料（2份）"
    item = ItemFactory(agency=township, title="东升乡2026年政务公开工作方案", doc_no="东政发〔2026〕2号")
    sent = services.register_delivery(township, acting_user=office_admin, direction="sent",
                                      counterpart_kind="archive", counterpart="望奎县档案馆",
                                      delivered_on=date(2026, 3, 10), received_by="刘馆员", item=item)
    assert (sent.document_title, sent.doc_no, sent.copies) == ("东升乡2026年政务公开工作方案", "东政发〔2026〕2号", 1)
    with pytest.raises(OversightError) as excinfo:  # the archive is not a sender
        services.register_delivery(township, acting_user=office_admin, direction="received",
                                   counterpart_kind="archive", counterpart="县档案馆", document_title="文件",
                                   delivered_on=date(2026, 3, 10), received_by="王乐")
    assert excinfo.value.code == "counterpart_mismatch"
    with pytest.raises(OversightError):
        services.register_delivery(township, acting_user=office_admin, direction="sent", counterpart_kind="library",
                                   counterpart="县图书馆", delivered_on=date(2026, 3, 10), received_by="张",
                                   item=ItemFactory(agency=other_township))
    with pytest.raises(OversightError):
        services.register_delivery(township, acting_user=office_admin, direction="received",
                                   counterpart_kind="village", counterpart="东升村", document_title="文件",
                                   delivered_on=date(2026, 3, 10), received_by="王乐", copies=0)


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_visitors_are_logged_with_their_name_masked(township, office_admin):
    visit = services.register_visit(point(township, office_admin), acting_user=office_admin,
                                    visited_on=date(2026, 3, 10), consulted="东升乡2026年惠农补贴发放情况公示",
                                    visitor_name="赵大民")
    assert visit.visitor_masked == "赵**"
    with pytest.raises(OversightError):
        services.register_visit(visit.reading_point, acting_user=office_admin, visited_on=date(2026, 3, 11),
                                consulted="未来的查阅")
