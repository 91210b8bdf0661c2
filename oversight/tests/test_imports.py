"""Importing the oversight registers kept in Excel (行政复议/行政诉讼 cases; 人大代表建议/政协提案) when a county moves
onto the platform on 2026-07-15: messy files built here (a title row, merged header cells, full-width digits, dates
as 2026年3月5日 / 2026.3.5 / Excel serial numbers, trailing spaces, a repeated row)."""

from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from gongkai.errors import PermissionDenied
from oversight import imports, selectors
from oversight.models import ReviewCase, ReviewResult, ReviewStatus, Suggestion, SuggestionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def moved_mid_year():
    with time_machine.travel("2026-07-15 10:00 +0800", tick=False):
        yield


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def workbook_with(tmp_path, name, title, header_top, header_low, rows, merges):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header_top))
    sheet.append(header_top)
    sheet.append(header_low)
    for merge in merges:
        sheet.merge_cells(merge)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


REVIEW_TOP = ["案号", "类型", "复议机关或人民法院", "日期", None, "申请人（原告）", "争议事项", "结果", "审结日期"]
REVIEW_LOW = [None, None, None, "申请日期", "收到副本日期", None, None, None, None]
REVIEW_ROWS = [
    ["望政复〔２０２６〕３号 ", "行政复议", "望奎县人民政府", "2026年3月2日", "2026.3.4", "张三", "不服信息公开答复",
     "维持", excel_serial(date(2026, 5, 6))],
    ["（2026）黑1221行初5号", "行政诉讼", "望奎县人民法院", "2026.6.1", "2026.6.3", "李四", "要求公开征收补偿方案",
     "审理中", None],
    ["望政复〔２０２６〕３号 ", "行政复议", "望奎县人民政府", "2026年3月2日", "2026.3.4", "张三", "不服信息公开答复",
     "维持", excel_serial(date(2026, 5, 6))],
    ["望政复〔2026〕9号", "行政复议", "望奎县人民政府", "2026.4.1", "2026.4.2", "王五", "不服答复", "维持", None],
    ["望政复〔2026〕10号", "行政仲裁", "望奎县人民政府", "2026.4.1", "2026.4.2", "赵六", "不服答复", "", None],
]


def review_file(tmp_path, rows=REVIEW_ROWS):
    return workbook_with(tmp_path, "复议诉讼台账.xlsx", "东升乡行政复议、行政诉讼案件登记台账", REVIEW_TOP, REVIEW_LOW,
                         rows, ["A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3", "G2:G3", "H2:H3", "I2:I3"])


def test_review_cases_are_imported_through_the_service_into_table_4(tmp_path, township, office_admin):
    dry = imports.import_register(township, "review", review_file(tmp_path), "复议诉讼台账.xlsx",
                                  acting_user=office_admin, dry_run=True)
    assert dry.problems == [(7, "结果为“结果维持”的案件须填写审结日期。"),
                            (8, "无法识别类型“行政仲裁”（应为行政复议、未经复议直接起诉或复议后起诉）。")]
    assert dry.ready == 2 and dry.duplicates == 1 and ReviewCase.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="oversight.").exists()

    result = imports.import_register(township, "review", review_file(tmp_path), "复议诉讼台账.xlsx",
                                     acting_user=office_admin)
    assert result.imported == 2 and len(result.problems) == 2
    decided = ReviewCase.objects.get(case_no="望政复〔2026〕3号")
    assert (decided.status, decided.result, decided.closed_on) == (ReviewStatus.DECIDED, ReviewResult.UPHELD,
                                                                    date(2026, 5, 6))
    pending = ReviewCase.objects.get(case_no="（2026）黑1221行初5号")
    assert pending.kind == "litigation_direct" and pending.status == ReviewStatus.REGISTERED and pending.due_on
    counts = selectors.review_case_counts(date(2026, 1, 1), date(2026, 12, 31), [township.pk])
    assert counts[(township.pk, "reconsideration", "upheld")] == 1
    assert counts[(township.pk, "litigation_direct", "pending")] == 1
    event = AuditEvent.objects.get(action="oversight.review_case.imported", data__line=4)
    assert event.comment == "导入：复议诉讼台账.xlsx"

    with connection.cursor() as cursor:
        cursor.execute("SELECT party_name FROM oversight_reviewcase WHERE id = %s", [decided.pk])
        assert "张三" not in cursor.fetchone()[0]
    assert decided.party_name == "张三"

    before = AuditEvent.objects.count()
    again = imports.import_register(township, "review", review_file(tmp_path), "复议诉讼台账.xlsx",
                                    acting_user=office_admin)
    assert again.imported == 0 and again.existing == 2
    assert ReviewCase.objects.count() == 2 and AuditEvent.objects.count() == before


SUGGESTION_TOP = ["类型", "年度", "建议（提案）号", "代表（委员）", "标题", "交办日期", "办理情况", None]
SUGGESTION_LOW = [None, None, None, None, None, None, "答复日期", "办理结果"]
SUGGESTION_ROWS = [
    ["人大代表建议", "２０２６年", "第５号", "刘代表", "关于加强农村道路养护的建议", "2026年3月10日",
     excel_serial(date(2026, 5, 20)), "A类 "],
    ["政协提案", 2026, "第12号", "陈委员", "关于秸秆综合利用的提案", "2026.4.1", None, None],
    ["政协提案", 2026, "第13号", "孙委员", "关于农村养老服务的提案", "2026.4.1", "2026.3.1", "B类"],
]


def suggestion_file(tmp_path):
    return workbook_with(tmp_path, "建议提案台账.xlsx", "东升乡2026年建议提案办理台账", SUGGESTION_TOP, SUGGESTION_LOW,
                         SUGGESTION_ROWS, ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:H2"])


def test_suggestions_are_imported_with_their_replies_and_idempotently(tmp_path, township, office_admin):
    result = imports.import_register(township, "suggestions", suggestion_file(tmp_path), "建议提案台账.xlsx",
                                     acting_user=office_admin)
    assert result.problems == [(6, "答复日期不能早于交办日期。")]
    assert result.imported == 2
    replied = Suggestion.objects.get(proposal_no="第5号")
    assert (replied.kind, replied.session_year, replied.status, replied.result_class) == (
        "npc", 2026, SuggestionStatus.REPLIED, "A")
    assert replied.replied_on == date(2026, 5, 20) and replied.reply_text == imports.PAPER_REPLY
    handling = Suggestion.objects.get(proposal_no="第12号")
    assert handling.status == SuggestionStatus.HANDLING and handling.reply_due_on is not None
    again = imports.import_register(township, "suggestions", suggestion_file(tmp_path), "建议提案台账.xlsx",
                                    acting_user=office_admin)
    assert again.imported == 0 and again.existing == 2 and Suggestion.objects.count() == 2


def test_only_those_managing_oversight_in_the_agency_import(tmp_path, township, outsider, clerk):
    for person in (outsider, clerk):
        with pytest.raises(PermissionDenied):
            imports.import_register(township, "review", review_file(tmp_path), "x.xlsx", acting_user=person,
                                    dry_run=True)


def test_the_command_checks_and_imports_a_register(tmp_path, township, office_admin, capsys):
    path = review_file(tmp_path)
    call_command("import_oversight", township.code, "review", str(path), "--user", office_admin.username,
                 "--dry-run")
    out = capsys.readouterr().out
    assert "第8行：无法识别类型“行政仲裁”" in out and "可导入 2 件" in out and ReviewCase.objects.count() == 0
    call_command("import_oversight", township.code, "review", str(path), "--user", office_admin.username)
    assert "已导入 2 件" in capsys.readouterr().out and ReviewCase.objects.count() == 2


def test_the_same_case_twice_with_other_content_is_a_problem_not_a_silent_duplicate(tmp_path, township,
                                                                                      office_admin):
    conflicting = [REVIEW_ROWS[0], [*REVIEW_ROWS[0][:6], "要求公开另一份文件", *REVIEW_ROWS[0][7:]]]
    dry = imports.import_register(township, "review", review_file(tmp_path, conflicting), "复议诉讼台账.xlsx",
                                  acting_user=office_admin, dry_run=True)
    assert dry.duplicates == 0 and dry.ready == 1
    assert dry.problems == [(5, "与第4行是同一条登记（编号相同），但内容不同，请核对后删除其中一行。")]
