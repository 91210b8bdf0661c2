"""The draft → 保密审查 → 分管领导 → 主要领导 → publish chain, as the people who use it."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.selectors import events_for
from catalog import services
from catalog.errors import CatalogError, SelfApproval, WrongState
from catalog.models import Decision, Item, ReviewStep, Revision, Validity
from gongkai.errors import PermissionDenied

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


def draft(clerk, township, category, party_office, **extra):
    values = {"title": "关于2026年秸秆禁烧工作的通告", "formed_on": date(2026, 3, 2), "summary": "秸秆禁烧的范围和要求。",
              "body_html": "<p>各村：严禁露天焚烧秸秆。</p>", "doc_no": "东政发〔2026〕3号", **extra}
    return services.create_draft(township, acting_user=clerk, category=category, office=party_office, **values)


def run_chain(revision, reviewer, deputy, principal):
    services.approve_step(revision, acting_user=reviewer, secrecy_result=Decision.SecrecyResult.DISCLOSE)
    services.approve_step(revision, acting_user=deputy)
    return services.approve_step(revision, acting_user=principal)


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_a_draft_goes_through_the_whole_chain_and_is_published(township, category, party_office, clerk, reviewer,
                                                               deputy, principal):
    revision = draft(clerk, township, category, party_office)
    assert revision.publish_due == date(2026, 3, 30)  # 20 working days after 3月2日
    services.submit_for_review(revision, acting_user=clerk)
    revision.refresh_from_db()
    assert (revision.status, revision.awaiting_step) == (Revision.Status.IN_REVIEW, ReviewStep.SECRECY_REVIEW)

    run_chain(revision, reviewer, deputy, principal)

    item = Item.objects.get(pk=revision.item_id)
    assert item.status == Item.Status.PUBLISHED
    assert item.index_no == f"{township.org_code}/2026-00001"
    assert len(item.index_no) == 20
    assert item.published_on == date(2026, 3, 10) and not item.published_late
    actions = [e.action for e in events_for(item)]
    assert actions == ["catalog.revision.created", "catalog.revision.submitted", "catalog.revision.approved",
                       "catalog.revision.approved", "catalog.revision.approved", "catalog.item.published"]
    approvals = [e for e in events_for(item) if e.action == "catalog.revision.approved"]
    assert [(e.actor, e.from_state, e.to_state) for e in approvals] == [
        (reviewer, "secrecy_review", "deputy_approval"), (deputy, "deputy_approval", "principal_approval"),
        (principal, "principal_approval", "published")]


def test_index_numbers_count_up_per_agency_and_year_and_are_never_reused(township, category, party_office, clerk,
                                                                          reviewer, deputy, principal, office_admin):
    numbers = []
    for n in range(3):
        revision = draft(clerk, township, category, party_office, title=f"通知{n}")
        services.submit_for_review(revision, acting_user=clerk)
        run_chain(revision, reviewer, deputy, principal)
        numbers.append(Item.objects.get(pk=revision.item_id))
    services.withdraw_item(numbers[2], acting_user=office_admin, reason="内容有误")
    revision = draft(clerk, township, category, party_office, title="再发一条")
    services.submit_for_review(revision, acting_user=clerk)
    run_chain(revision, reviewer, deputy, principal)
    serials = [i.index_no[-5:] for i in numbers] + [Item.objects.get(pk=revision.item_id).index_no[-5:]]
    assert serials == ["00001", "00002", "00003", "00004"]


def test_nobody_approves_their_own_draft(township, category, party_office, office_admin, deputy):
    services.set_approval_chain(township, [ReviewStep.OFFICE_REVIEW, ReviewStep.DEPUTY_APPROVAL],
                                acting_user=office_admin)
    revision = services.create_draft(township, acting_user=office_admin, category=category, title="自己起草",
                                     formed_on=date(2026, 3, 2), summary="概述", body_html="<p>正文</p>")
    services.submit_for_review(revision, acting_user=office_admin)
    with pytest.raises(SelfApproval):
        services.approve_step(revision, acting_user=office_admin)
    revision.refresh_from_db()
    assert revision.step_index == 0 and revision.status == Revision.Status.IN_REVIEW


def test_a_step_needs_its_role(township, category, party_office, clerk, deputy, principal):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    for person in (deputy, principal):
        with pytest.raises(PermissionDenied):
            services.approve_step(revision, acting_user=person, secrecy_result="disclose")


def test_any_step_can_return_with_a_comment_and_the_chain_restarts(township, category, party_office, clerk,
                                                                    reviewer, deputy):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    with pytest.raises(CatalogError):
        services.return_revision(revision, acting_user=deputy, comment="  ")
    services.return_revision(revision, acting_user=deputy, comment="请补充禁烧时段。")
    revision.refresh_from_db()
    assert revision.status == Revision.Status.RETURNED
    services.update_draft(revision, acting_user=clerk, body_html="<p>禁烧时段为全年。</p>")
    services.submit_for_review(revision, acting_user=clerk)
    revision.refresh_from_db()
    assert revision.step_index == 0 and revision.awaiting_step == ReviewStep.SECRECY_REVIEW


def test_a_transition_from_the_wrong_state_is_refused(township, category, party_office, clerk, reviewer):
    revision = draft(clerk, township, category, party_office)
    with pytest.raises(WrongState):
        services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    services.submit_for_review(revision, acting_user=clerk)
    with pytest.raises(WrongState):
        services.update_draft(revision, acting_user=clerk, title="审核中修改")


def test_a_double_click_on_approve_is_harmless(township, category, party_office, clerk, reviewer):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose", expected_step=0)
    with pytest.raises(WrongState) as exc:
        services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose", expected_step=0)
    assert exc.value.code == "step_already_handled"
    assert Decision.objects.filter(revision=revision).count() == 1


def test_findings_must_be_acknowledged_before_the_secrecy_review_passes(township, category, party_office, clerk,
                                                                        reviewer):
    revision = draft(clerk, township, category, party_office,
                     body_html=f"<p>联系人身份证{ID_NUMBER}，电话13812345678。</p>")
    services.submit_for_review(revision, acting_user=clerk)
    findings = list(revision.findings.all())
    assert sorted(f.kind for f in findings) == ["id_number", "mobile"]
    assert all(ID_NUMBER not in f.context for f in findings)
    with pytest.raises(CatalogError) as exc:
        services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    assert exc.value.code == "findings_not_acknowledged"
    for finding in findings:
        services.acknowledge_finding(finding, acting_user=reviewer, note="已删除")
    services.approve_step(revision, acting_user=reviewer, secrecy_result="partial", removed_content="删除身份证号和电话",
                          revised_body_html="<p>联系人身份证（略），电话（略）。</p>")
    revision.refresh_from_db()
    assert ID_NUMBER not in revision.body_html and revision.step_index == 1


def test_findings_in_a_text_attachment_are_shown_too(township, category, party_office, clerk):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", ID_NUMBER])
    data = io.BytesIO()
    book.save(data)
    revision = draft(clerk, township, category, party_office)
    services.add_attachment(revision, SimpleUploadedFile("名单.xlsx", data.getvalue()), acting_user=clerk)
    services.submit_for_review(revision, acting_user=clerk)
    assert [f.source for f in revision.findings.all()] == ["附件：名单.xlsx"]


def test_secrecy_review_can_withhold_with_a_legal_ground(township, category, party_office, clerk, reviewer):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    with pytest.raises(CatalogError):
        services.approve_step(revision, acting_user=reviewer, secrecy_result="withhold")
    services.approve_step(revision, acting_user=reviewer, secrecy_result="withhold", legal_ground="process")
    item = Item.objects.get(pk=revision.item_id)
    assert item.status == Item.Status.WITHHELD and item.index_no is None
    assert "过程性信息" in item.withhold_reason


def test_a_published_item_changes_through_a_new_version(township, category, party_office, clerk, reviewer, deputy,
                                                       principal):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    run_chain(revision, reviewer, deputy, principal)
    item = Item.objects.get(pk=revision.item_id)
    second = services.start_revision(item, acting_user=clerk, change_note="更正禁烧范围")
    services.update_draft(second, acting_user=clerk, title="关于2026年秸秆禁烧工作的通告（修订）")
    item.refresh_from_db()
    assert item.title == "关于2026年秸秆禁烧工作的通告"  # the published version stays online meanwhile
    services.submit_for_review(second, acting_user=clerk)
    run_chain(second, reviewer, deputy, principal)
    item.refresh_from_db()
    assert (item.title, item.version, item.index_no[-5:]) == ("关于2026年秸秆禁烧工作的通告（修订）", 2, "00001")
    assert list(item.revisions.values_list("status", flat=True)) == ["superseded", "published"]


def test_validity_and_withdrawal(township, category, party_office, clerk, reviewer, deputy, principal,
                                 office_admin):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    run_chain(revision, reviewer, deputy, principal)
    item = Item.objects.get(pk=revision.item_id)
    with pytest.raises(CatalogError):
        services.set_validity(item, Validity.ABOLISHED, acting_user=office_admin)
    services.set_validity(item, Validity.ABOLISHED, acting_user=office_admin, abolished_on=date(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        services.withdraw_item(item, acting_user=clerk, reason="错误")
    services.withdraw_item(item, acting_user=office_admin, reason="内容有误")
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN and item.seg_body == ""


def test_another_agencys_staff_cannot_touch_the_item(township, category, party_office, clerk, outsider):
    revision = draft(clerk, township, category, party_office)
    with pytest.raises(PermissionDenied):
        services.update_draft(revision, acting_user=outsider, title="篡改")
    with pytest.raises(PermissionDenied):
        services.create_draft(township, acting_user=outsider, category=category, title="越权",
                              formed_on=date(2026, 3, 2))


def test_a_clerk_drafts_only_for_their_office(township, category, farm_station, clerk):
    with pytest.raises(CatalogError) as exc:
        services.create_draft(township, acting_user=clerk, category=category, office=farm_station, title="别的办所",
                              formed_on=date(2026, 3, 2))
    assert exc.value.code == "wrong_office"


@pytest.mark.parametrize("doc_no", ["东政发2026 3号", "东政发〔26〕3号", "〔2026〕3号", "东政发〔2026〕第3号"])
def test_a_wrong_doc_no_is_refused_with_the_expected_format(township, category, party_office, clerk, doc_no):
    with pytest.raises(CatalogError) as exc:
        draft(clerk, township, category, party_office, doc_no=doc_no)
    assert exc.value.field == "doc_no" and "〔" in exc.value.message
    assert not Item.objects.exists()


def test_doc_no_brackets_are_normalised(township, category, party_office, clerk):
    revision = draft(clerk, township, category, party_office, doc_no="东政发[2026]3号")
    assert revision.doc_no == "东政发〔2026〕3号"


def test_script_in_the_body_is_removed(township, category, party_office, clerk):
    revision = draft(clerk, township, category, party_office,
                     body_html='<p onclick="x()">正文<script>alert(1)</script></p><img src=x onerror=alert(1)>')
    assert revision.body_html == "<p>正文</p>"


def test_a_category_may_set_a_shorter_limit(township, party_office, clerk, office_admin):
    permits = services.create_category(township, acting_user=office_admin, name="行政许可公示", publish_limit_days=7)
    revision = draft(clerk, township, permits, party_office)
    assert revision.publish_due == date(2026, 3, 11)  # 7 working days after 3月2日


def test_a_calendar_change_recomputes_open_due_dates_and_records_it(township, category, party_office, clerk,
                                                                    platform_admin):
    from workdays.models import CalendarDay
    from workdays.services import set_calendar_day

    revision = draft(clerk, township, category, party_office)
    assert revision.publish_due == date(2026, 3, 30)
    set_calendar_day(date(2026, 3, 10), CalendarDay.Kind.HOLIDAY, name="临时", acting_user=platform_admin)
    revision.refresh_from_db()
    assert revision.publish_due == date(2026, 3, 31)
    assert [e.action for e in events_for(revision.item)][-1] == "catalog.revision.due_recomputed"


def test_a_word_document_becomes_the_sanitised_body(township, category, party_office, clerk):
    import io

    import docx

    document = docx.Document()
    document.add_heading("关于春耕生产的通知", level=2)
    document.add_paragraph("各村：请做好春耕准备。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "村名", "面积"
    data = io.BytesIO()
    document.save(data)
    revision = draft(clerk, township, category, party_office)
    services.import_docx(revision, data.getvalue(), acting_user=clerk, file_name="通知.docx")
    revision.refresh_from_db()
    assert "<h2>关于春耕生产的通知</h2>" in revision.body_html and "<p>各村：请做好春耕准备。</p>" in revision.body_html
    assert "<table>" in revision.body_html and "<td><p>村名</p></td>" in revision.body_html
    from documents.uploads import UploadRejected

    with pytest.raises(UploadRejected) as exc:
        services.import_docx(revision, b"%PDF-1.4 not a docx", acting_user=clerk, file_name="通知.docx")
    assert getattr(exc.value, "code", "") == "upload_type_not_allowed"


def test_the_database_refuses_a_duplicate_index_number(township, category):
    from django.db import IntegrityError, transaction

    from catalog.tests.factories import ItemFactory

    first = ItemFactory(agency=township, category=category)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemFactory(agency=township, category=category, index_no=first.index_no)
