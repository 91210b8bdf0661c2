"""投诉举报: the public form with its 查询码, the staff log of the hotline and the box, routing, closing, the county's
view, personal data protection and the annual counts."""

from datetime import date

import pytest
import time_machine
from django.db import connection

from audit.selectors import events_for
from gongkai.errors import PermissionDenied
from oversight import selectors
from oversight.errors import OversightError
from oversight.models import Complaint, ComplaintStatus
from oversight.services import complaints as services
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db

TEXT = "东升乡2026年耕地地力保护补贴发放情况没有按规定公示，请督促公开。"


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_named_complaint_from_the_portal_gets_a_number_a_code_and_an_answer_period(township):
    complaint, code = services.submit_complaint(township, summary=TEXT, name="张三", contact="13945561234",
                                                subject="not_proactive")
    assert complaint.number == "TS2026-0001" and len(code) == 10
    assert (complaint.channel, complaint.status, complaint.received_on) == ("online", "received", date(2026, 3, 2))
    assert complaint.due_on == date(2026, 3, 23)  # 15 working days
    assert complaint.concerns_disclosure  # 未依法履行主动公开义务 is disclosure work (Art.47)
    assert (complaint.name_masked, complaint.contact_masked) == ("张*", "139****1234")
    assert code not in str(complaint.tracking_hash)
    event = events_for(complaint).get()
    assert event.actor_name == "系统" and "13945561234" not in str(event.data)


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_an_anonymous_complaint_keeps_no_name_or_contact(township):
    complaint, _ = services.submit_complaint(township, summary=TEXT, is_anonymous=True, name="张三",
                                             contact="13945561234")
    assert (complaint.name, complaint.contact, complaint.name_masked) == ("", "", "匿名")


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_contacts_are_encrypted_at_rest(township):
    complaint, _ = services.submit_complaint(township, summary=TEXT, name="张三", contact="13945561234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM oversight_complaint WHERE id = %s", [complaint.pk])
        name, contact = cursor.fetchone()
    assert name.startswith("enc1:") and contact.startswith("enc1:")


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_the_complainant_follows_the_complaint_with_number_and_code(township, office_admin):
    complaint, code = services.submit_complaint(township, summary=TEXT)
    assert services.track_complaint("ts2026-0001", code.lower()) == complaint
    assert services.track_complaint("TS2026-0001", f"{code[:5]}-{code[5:]}") == complaint
    assert services.track_complaint("TS2026-0001", "ABCDEFGHJK") is None
    assert services.track_complaint("TS2026-0002", code) is None
    assert services.track_complaint("' OR 1=1 --", code) is None
    services.route_complaint(complaint, acting_user=office_admin, office=None, assignee=office_admin)
    services.close_complaint(complaint, acting_user=office_admin, result="substantiated",
                             reply="经核实，补贴发放情况已于3月2日补充公示。")
    steps = [label for _, label in services.public_progress(complaint)]
    assert steps == ["已受理", "已分办，办理中", "已办结"]


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
@pytest.mark.parametrize(("values", "field"), [
    ({"summary": ""}, "summary"), ({"summary": "不好"}, "summary"), ({"summary": "x" * 5001}, "summary"),
    ({"subject": "nonsense"}, "subject"),
])
def test_bad_public_complaints_are_refused_with_the_field_named(township, values, field):
    with pytest.raises(OversightError) as excinfo:
        services.submit_complaint(township, **{"summary": TEXT, **values})
    assert (excinfo.value.field, excinfo.value.status) == (field, 400)
    assert Complaint.objects.count() == 0


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_staff_log_the_hotline_and_the_box_with_the_date_received(township, office_admin, outsider, clerk):
    complaint, code = services.log_complaint(township, acting_user=office_admin, channel="hotline",
                                             received_on=date(2026, 2, 27), summary="来电反映乡政府网站信息更新不及时。",
                                             name="李四", contact="0455-6712345", concerns_disclosure=True)
    assert (complaint.channel, complaint.logged_by, complaint.due_on) == ("hotline", office_admin, date(2026, 3, 19))  # 2月28日 is a 调休 working day
    assert complaint.contact_masked == "****-***2345"
    assert services.track_complaint(complaint.number, code) == complaint
    with pytest.raises(OversightError):
        services.log_complaint(township, acting_user=office_admin, channel="online", received_on=date(2026, 3, 2),
                               summary=TEXT)
    for person in (outsider, clerk):
        with pytest.raises(PermissionDenied):
            services.log_complaint(township, acting_user=person, channel="box", received_on=date(2026, 3, 2),
                                   summary=TEXT)


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_complaint_is_routed_closed_and_reopened(township, office_admin, party_office):
    complaint, _ = services.submit_complaint(township, summary=TEXT)
    services.route_complaint(complaint, acting_user=office_admin, office=party_office)
    assert complaint.status == ComplaintStatus.HANDLING and complaint.office == party_office
    with pytest.raises(OversightError) as excinfo:
        services.close_complaint(complaint, acting_user=office_admin, result="unfounded", reply="")
    assert excinfo.value.field == "reply"
    services.close_complaint(complaint, acting_user=office_admin, result="unfounded", reply="经核实，已按时公示。")
    assert (complaint.status, complaint.closed_on, complaint.closed_late) == ("closed", date(2026, 3, 2), False)
    services.reopen_complaint(complaint, acting_user=office_admin, reason="投诉人对答复不满意，要求重新核查。")
    assert (complaint.status, complaint.result, complaint.closed_on) == ("handling", "", None)


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_whether_a_complaint_concerns_disclosure_work_is_recorded_and_corrected(township, office_admin):
    complaint, _ = services.submit_complaint(township, summary="村里道路坑洼不平，请尽快修缮。", subject="other")
    assert not complaint.concerns_disclosure
    services.classify_complaint(complaint, acting_user=office_admin, concerns_disclosure=True,
                                subject="other_disclosure")
    assert complaint.concerns_disclosure
    assert events_for(complaint).last().data["before"] == {"concerns_disclosure": False, "subject": "other"}


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_the_county_sees_and_handles_every_agencys_complaints_others_do_not(township, other_township, supervisor,
                                                                            outsider, office_admin):
    mine, _ = services.submit_complaint(township, summary=TEXT)
    theirs, _ = services.submit_complaint(other_township, summary=TEXT)
    assert set(selectors.register_list(supervisor, Complaint)) == {mine, theirs}
    assert list(selectors.register_list(office_admin, Complaint)) == [mine]
    assert list(selectors.register_list(outsider, Complaint)) == [theirs]
    with pytest.raises(PermissionDenied):
        selectors.get_for(outsider, Complaint, mine.pk)
    services.close_complaint(mine, acting_user=supervisor, result="substantiated", reply="已督促东升乡补充公示。")


@time_machine.travel("2026-12-24 10:00 +0800", tick=False)
def test_a_public_complaint_beyond_the_loaded_calendar_is_accepted_with_its_due_date_pending(township,
                                                                                             office_admin):
    complaint, code = services.submit_complaint(township, summary=TEXT)
    assert complaint.due_on is None and complaint.is_provisional
    assert "2027年" in complaint.due_explanation
    logged, _ = services.log_complaint(township, acting_user=office_admin, channel="box",
                                       received_on=date(2026, 12, 24), summary=TEXT)  # staff: recorded all the same
    assert logged.due_on is None and logged.is_provisional and "2027年" in logged.due_explanation
    assert Complaint.objects.count() == 2


def test_complaint_counts_for_the_year(township, other_township, office_admin, django_assert_num_queries):
    with time_machine.travel("2025-03-02 10:00 +0800", tick=False):
        a, _ = services.submit_complaint(township, summary=TEXT, subject="not_proactive")  # due 2025-03-21
        b, _ = services.log_complaint(township, acting_user=office_admin, channel="box",
                                      received_on=date(2025, 3, 2), summary="投诉举报箱收到反映道路问题的信件。")
        c, _ = services.log_complaint(township, acting_user=office_admin, channel="hotline",
                                      received_on=date(2025, 3, 2), summary="来电投诉申请未按期答复。",
                                      subject="application")
        services.close_complaint(a, acting_user=office_admin, result="substantiated", reply="已督促整改。")
    with time_machine.travel("2025-04-30 10:00 +0800", tick=False):
        services.close_complaint(b, acting_user=office_admin, result="unfounded", reply="经核实不属实。")  # late
    with time_machine.travel("2026-01-05 10:00 +0800", tick=False):
        services.close_complaint(c, acting_user=office_admin, result="partly", reply="已督促答复。")  # 2026, late
    with django_assert_num_queries(2):
        counts = selectors.complaint_counts(date(2025, 1, 1), date(2025, 12, 31), [township.pk, other_township.pk])
    d = counts[township.pk]
    assert (d["received"], d["about_disclosure"], d["closed"], d["closed_about_disclosure"]) == (3, 2, 2, 1)
    assert (d["overdue"], d["open"]) == (2, 1)
    assert d["by_channel"] == {"online": 1, "box": 1, "hotline": 1}
    assert counts[other_township.pk]["received"] == 0


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_the_handler_sees_the_contact_unmasked_on_request_and_each_look_is_recorded(client, township, office_admin,
                                                                                     deputy):
    complaint, _ = services.log_complaint(township, acting_user=office_admin, channel="hotline",
                                          received_on=date(2026, 3, 2), summary="来电反映补贴公示不全。",
                                          name="李四", contact="lisi@example.com")
    assert complaint.contact_masked == "l***@example.com"  # an e-mail address is masked as one
    log_in(client, office_admin)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "l***@example.com" in page and "lisi@example.com" not in page and "查看完整联系方式" in page
    shown = client.post(complaint.get_absolute_url(), {"action": "reveal", "purpose": "电话回复办理结果"})
    assert shown.status_code == 200 and "lisi@example.com" in shown.content.decode() and "李四" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    event = events_for(complaint).last()
    assert (event.action, event.actor, event.comment) == ("oversight.complaint.contact_revealed", office_admin,
                                                          "电话回复办理结果")
    assert "lisi" not in str(event.data)
    log_in(client, deputy)  # a leader may read the register, not the complainant's details
    assert "查看完整联系方式" not in client.get(complaint.get_absolute_url()).content.decode()
    assert client.post(complaint.get_absolute_url(), {"action": "reveal"}).status_code == 403
    assert events_for(complaint).filter(action="oversight.complaint.contact_revealed").count() == 1


def test_a_complaint_closed_while_its_due_date_was_pending_is_judged_once_the_year_is_loaded(township, office_admin,
                                                                                            platform_admin):
    from workdays.services import add_calendar_year

    with time_machine.travel("2026-12-24 10:00 +0800", tick=False):
        complaint, _ = services.submit_complaint(township, summary=TEXT)
    with time_machine.travel("2027-01-29 10:00 +0800", tick=False):
        services.close_complaint(complaint, acting_user=office_admin, result="substantiated", reply="已责成整改。")
    complaint.refresh_from_db()
    assert complaint.due_on is None and not complaint.closed_late
    add_calendar_year(2027, source="国务院办公厅关于2027年部分节假日安排的通知", acting_user=platform_admin,
                      holidays={date(2027, 1, 1): "元旦"})
    complaint.refresh_from_db()
    # 15 working days from 12月25日: 25, 28–31 (5), 1月1日 off, 1月4–8 (10), 11–15 (15)
    assert complaint.due_on == date(2027, 1, 15) and complaint.closed_late
