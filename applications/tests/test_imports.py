"""Importing an application register (依申请公开台账) kept in Excel: a county moving onto the platform on 2026-07-15
brings its open applications (due dates from the platform's calendar) and its closed ones (counted in 2026's table 三).
The files are built here as people really keep them: a title row, a two-level header with merged cells, full-width
digits, dates in three spellings and as Excel serial numbers, trailing spaces, a repeated row."""

from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from applications import imports, selectors
from applications.models import Application, ReplyWord, Status
from audit.models import AuditEvent
from gongkai.errors import DomainError, PermissionDenied
from workdays.loading import get_calendar

from .conftest import ID_LI, ID_ZHANG, USCC_COMPANY

pytestmark = pytest.mark.django_db

MOVED_ON = "2026-07-15 10:00 +0800"


@pytest.fixture(autouse=True)
def moved_mid_year():
    with time_machine.travel(MOVED_ON, tick=False):
        yield


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


HEADER_TOP = ["台账编号", "收到日期", "申请方式", "申请人信息", None, None, "联系电话", "申请内容", "答复情况", None,
              "办理状态"]
HEADER_LOW = [None, None, None, "申请人类型", "申请人", "证件号码", None, None, "答复类型", "答复日期", None]

# line 4 onwards (line 1 title, lines 2-3 the header)
ROWS = [
    # closed, reply word common, reply date an Excel serial number, full-width register number
    ["ＤＳ－２０２６－００１", "2026年3月5日", "当面提交", "自然人", "张三 ", ID_ZHANG, "13812345678",
     "东升乡2026年低保名单", "予以公开", excel_serial(date(2026, 3, 20)), "已办结"],
    # closed, a word of the agency's own (unmapped), dotted dates, trailing spaces
    ["DS-2026-002 ", "2026.4.1", "邮寄", "公民", "李四", ID_LI, "", "2025年村级财务公开明细  ", "不予公开  ",
     "2026.4.20", "已办结"],
    # the same row again (exported twice)
    ["ＤＳ－２０２６－００１", "2026年3月5日", "当面提交", "自然人", "张三 ", ID_ZHANG, "13812345678",
     "东升乡2026年低保名单", "予以公开", excel_serial(date(2026, 3, 20)), "已办结"],
    # a date that does not exist
    ["DS-2026-003", "2026.13.5", "当面", "自然人", "王五", "", "", "东升村道路硬化项目资金", "", "", "办理中"],
    # open, received mid-year, full-width digits, no register number, a company
    [None, "２０２６年７月６日", "网上申请", "商业企业", "望奎县某农业公司", USCC_COMPANY, "0455-1234567",
     "2026年农机购置补贴发放名单", None, None, "办理中"],
    # closed as A12 written as its code, 2025 application (carried into 2026)
    ["DS-2025-031", date(2025, 12, 22), "电子邮件", "自然人", "赵六", "", "13900001111", "2025年冬季供暖补贴标准",
     "Ａ１２", "2026-01-09", "已答复"],
]


def ledger(tmp_path, rows=ROWS, name="东升乡依申请公开台账2026.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["东升乡人民政府政府信息公开申请登记台账（2026年）"] + [None] * 10)
    sheet.merge_cells("A1:K1")
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_LOW)
    for column in "ABCGHK":  # merged downwards
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:F2")
    sheet.merge_cells("I2:J2")
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_the_dry_run_lists_each_problem_line_and_each_unmapped_word_and_writes_nothing(tmp_path, township,
                                                                                      office_admin):
    result = imports.import_ledger(township, ledger(tmp_path), "台账.xlsx", acting_user=office_admin, dry_run=True)
    assert result.mapping["received_on"] == "收到日期" and result.mapping["reply_word"] == "答复类型"
    assert result.mapping["applicant_type"] == "申请人类型"  # from the lower row of the merged header
    assert result.problems == [(7, "收到申请日期：日期“2026.13.5”不存在（月份或日期超出范围）。")]
    assert dict(result.unmapped) == {"不予公开": 1}
    assert result.ready == 4 and result.duplicates == 1 and result.existing == 0
    assert Application.objects.count() == 0 and not AuditEvent.objects.filter(action__contains="imported").exists()


def test_unmapped_reply_words_stop_the_import_until_staff_choose_a_code_saved_for_the_next_file(
        tmp_path, township, office_admin):
    path = ledger(tmp_path)
    with pytest.raises(DomainError) as refused:
        imports.import_ledger(township, path, "台账.xlsx", acting_user=office_admin)
    assert refused.value.code == "import_unmapped_reply_words" and "“不予公开”（1行）" in refused.value.message
    assert Application.objects.count() == 0

    result = imports.import_ledger(township, path, "台账.xlsx", acting_user=office_admin, words={"不予公开": "A8"})
    assert result.imported == 4
    assert ReplyWord.objects.get(agency=township, word="不予公开").reply_code == "A8"
    second = Application.objects.get(description="2025年村级财务公开明细")
    assert second.reply_code == "A8" and second.status == Status.REPLIED

    # the next file of the same agency maps the word by itself
    later = ledger(tmp_path, rows=[["DS-2026-010", "2026/5/6", "当面", "自然人", "钱七", "", "13700000000",
                                    "2026年春耕资金", "不予公开", "2026/5/20", "已办结"]], name="补充.xlsx")
    again = imports.import_ledger(township, later, "补充.xlsx", acting_user=office_admin, dry_run=True)
    assert not again.unmapped and again.ready == 1


def test_an_open_application_gets_the_due_date_the_calendar_gives(tmp_path, township, office_admin):
    imports.import_ledger(township, ledger(tmp_path), "台账.xlsx", acting_user=office_admin, words={"不予公开": "A8"})
    open_one = Application.objects.get(applicant_name="望奎县某农业公司")
    assert open_one.status == Status.IN_PROGRESS and open_one.received_on == date(2026, 7, 6)
    assert open_one.due_date == get_calendar().nth_working_day_after(date(2026, 7, 6), 20)
    assert open_one.due_date == date(2026, 8, 3)
    assert "20个工作日" in open_one.due_date_explanation
    assert open_one.applicant_type == "business" and open_one.id_type == "uscc" and open_one.channel == "online"
    assert open_one in Application.objects.open() and open_one.handler == office_admin


def test_closed_applications_count_in_the_years_table_3_under_their_codes(tmp_path, township, office_admin):
    imports.import_ledger(township, ledger(tmp_path), "台账.xlsx", acting_user=office_admin, words={"不予公开": "A8"})
    year = (date(2026, 1, 1), date(2026, 12, 31))
    concluded = selectors.report_concluded_counts(*year, [township.pk])
    assert concluded == {(township.pk, "natural_person", "granted"): 1,
                         (township.pk, "natural_person", "withheld_5"): 1,
                         (township.pk, "natural_person", "unable_1"): 1}
    assert selectors.report_received_counts(*year, [township.pk]) == {(township.pk, "natural_person"): 2,
                                                                      (township.pk, "business"): 1}
    assert selectors.report_pending_counts(date(2025, 12, 31), [township.pk]) == {(township.pk, "natural_person"): 1}
    granted = Application.objects.get(applicant_name="张三")
    assert granted.replied_on == date(2026, 3, 20) and granted.received_on == date(2026, 3, 5)
    assert granted.due_date == get_calendar().nth_working_day_after(date(2026, 3, 5), 20)
    assert granted.replied_late is False


def test_a_second_run_of_the_same_file_changes_nothing(tmp_path, township, office_admin):
    path = ledger(tmp_path)
    imports.import_ledger(township, path, "台账.xlsx", acting_user=office_admin, words={"不予公开": "A8"})
    before = (list(Application.objects.order_by("pk").values_list("pk", "number", "status", "reply_code", "due_date")),
              AuditEvent.objects.count())
    result = imports.import_ledger(township, path, "台账.xlsx", acting_user=office_admin)
    assert result.imported == 0 and result.existing == 4
    after = (list(Application.objects.order_by("pk").values_list("pk", "number", "status", "reply_code", "due_date")),
             AuditEvent.objects.count())
    assert after == before


def test_one_audit_event_per_imported_application_names_the_file(tmp_path, township, office_admin):
    imports.import_ledger(township, ledger(tmp_path), "东升乡台账.xlsx", acting_user=office_admin,
                          words={"不予公开": "A8"})
    events = AuditEvent.objects.filter(action="applications.application.imported")
    assert events.count() == 4
    first = events.get(data__ledger_no="DS-2026-001")
    assert first.comment == "导入：东升乡台账.xlsx" and first.data["line"] == 4 and first.actor == office_admin
    assert first.data["reply_code"] == "A2"


def test_personal_data_is_encrypted_at_rest_and_not_shown_on_the_tracking_page(tmp_path, client, township,
                                                                               office_admin):
    imports.import_ledger(township, ledger(tmp_path), "台账.xlsx", acting_user=office_admin, words={"不予公开": "A8"})
    application = Application.objects.get(applicant_name="张三")
    assert application.id_number == ID_ZHANG and application.id_type == "id_card" and application.id_index
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM applications_application WHERE id = %s", [application.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert ID_ZHANG not in stored_id and "13812345678" not in stored_phone
    page = client.post("/track/", {"code": application.tracking_code}).content.decode()
    assert "已答复" in page
    assert ID_ZHANG not in page and "13812345678" not in page and "张三" not in page


def test_rows_are_refused_with_a_reason_each(tmp_path, township, office_admin):
    rows = [
        ["X-0", "2026.3.1", "当面", "自然人", "甲", "", "", "某某信息内容", "", "", ""],
        ["X-1", "2026.3.1", "飞鸽传书", "自然人", "甲", "", "", "某某信息内容", "", "", ""],
        ["X-2", "2026.3.1", "当面", "外星人", "乙", "", "", "某某信息内容", "", "", ""],
        ["X-3", "2026.3.1", "当面", "自然人", "丙", "", "", "某某信息内容", "予以公开", "", "已办结"],
        ["X-4", "2026.3.9", "当面", "自然人", "丁", "", "", "某某信息内容", "予以公开", "2026.3.2", ""],
        ["X-5", "2026.8.1", "当面", "自然人", "戊", "", "", "某某信息内容", "", "", ""],
        ["X-6", "2026.3.1", "当面", "自然人", "己", "", "", "某某信息内容", "予以公开", "2026.3.5", "办理中"],
        ["X-7", "2019.3.1", "当面", "自然人", "庚", "", "", "某某信息内容", "A18", "2019.3.5", ""],
        ["X-8", "", "当面", "自然人", "辛", "", "", "某某信息内容", "", "", ""],
        ["X-9", "2026.3.1", "当面", "自然人", "", "", "", "某某信息内容", "", "", ""],
        ["X-0", "2026.3.2", "当面", "自然人", "甲", "", "", "某某信息内容", "", "", ""],
        ["X-11", "2026.3.2", "当面", "自然人", "壬", "", "", "某某信息内容", "", "", "补正中"],
    ]
    result = imports.check_ledger(township, ledger(tmp_path, rows=rows))
    reasons = dict(result.problems)
    assert reasons == {
        5: "无法识别申请方式“飞鸽传书”（应为当面、邮寄、平常信函、网上、电子邮件或传真）。",
        6: "无法识别申请人类型“外星人”（应为自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他）。",
        7: "已答复的申请没有答复日期。",
        8: "答复日期（2026-03-02）早于收到申请日期（2026-03-09）。",
        9: "收到申请日期（2026-08-01）晚于今天。",
        10: "办理状态为“办理中”，却填写了答复类型或答复日期。",
        11: "该申请适用2007年条例，该条例没有“A18 要求提供政府公报、报刊、书籍等公开出版物，告知获取的途径”这一答复类型。",
        12: "收到申请日期为空。",
        13: "申请人为空。",
        14: "台账编号“X-0”与第4行相同，但内容不同。",
        15: "办理状态为“补正中”：补正、征求意见、延期或收费中的申请，其答复期限取决于这些环节的日期，台账中没有记录，请在平台上逐件登记。",
    }
    assert result.ready == 1


def test_a_sheet_that_is_not_a_register_is_refused_clearly(tmp_path, township, office_admin):
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "备注"])
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    with pytest.raises(DomainError, match="请指定以下字段所在的列：收到申请日期、申请方式、申请人类型、申请人、申请内容"):
        imports.check_ledger(township, path)
    not_excel = tmp_path / "y.xlsx"
    not_excel.write_bytes(b"not a workbook")
    with pytest.raises(DomainError, match="无法打开该 Excel 文件"):
        imports.check_ledger(township, not_excel)


def test_only_those_handling_applications_in_the_agency_import(tmp_path, township, outsider, clerk):
    for person in (outsider, clerk):
        with pytest.raises(PermissionDenied):
            imports.import_ledger(township, ledger(tmp_path), "台账.xlsx", acting_user=person, dry_run=True)


def test_the_command_checks_then_imports_with_mapped_words(tmp_path, township, office_admin, capsys):
    path = ledger(tmp_path)
    call_command("import_applications", township.code, str(path), "--user", office_admin.username, "--dry-run")
    out = capsys.readouterr().out
    assert "第7行：收到申请日期" in out and "未对应的答复类型：“不予公开”（1行）" in out and "可导入 4 件" in out
    with pytest.raises(CommandError, match="尚未对应"):
        call_command("import_applications", township.code, str(path), "--user", office_admin.username)
    assert Application.objects.count() == 0
    call_command("import_applications", township.code, str(path), "--user", office_admin.username,
                 "--map", "不予公开=A8")
    assert "已导入 4 件" in capsys.readouterr().out and Application.objects.count() == 4


def test_imported_applications_show_in_the_back_office_like_registered_ones(tmp_path, township, office_admin):
    from agencies.tests.clients import client_for

    imports.import_ledger(township, ledger(tmp_path), "台账.xlsx", acting_user=office_admin, words={"不予公开": "A8"})
    client = client_for("backoffice", office_admin)
    open_one = Application.objects.get(applicant_name="望奎县某农业公司")
    page = client.get(f"/manage/applications/{open_one.pk}/")
    assert page.status_code == 200 and "2026年8月3日" in page.content.decode()
    listing = client.get(f"/manage/applications/?agency={township.code}&status=in_progress")
    assert listing.status_code == 200 and open_one.number in listing.content.decode()
    closed = Application.objects.get(applicant_name="张三")
    assert client.get(f"/manage/applications/{closed.pk}/").status_code == 200


def test_an_abandoned_application_is_imported_as_such_and_counts_under_other_1(tmp_path, township, office_admin):
    from agencies.tests.clients import client_for

    rows = [["DS-2026-020", "2026.2.2", "当面", "自然人", "周八", "", "13600000000", "2026年危房改造名单",
             "逾期不补正", "2026.3.10", "已办结"]]
    imports.import_ledger(township, ledger(tmp_path, rows=rows), "台账.xlsx", acting_user=office_admin)
    abandoned = Application.objects.get()
    assert (abandoned.status, abandoned.reply_code) == (Status.ABANDONED, "A21")
    assert selectors.report_concluded_counts(date(2026, 1, 1), date(2026, 12, 31), [township.pk]) == {
        (township.pk, "natural_person", "other_1"): 1}
    assert client_for("backoffice", office_admin).get(f"/manage/applications/{abandoned.pk}/").status_code == 200


def test_a_code_written_before_the_words_is_recognised_and_an_unknown_chosen_code_is_a_clear_refusal(
        tmp_path, township, office_admin):
    assert imports.code_for_word("A3部分公开", {}) == "A3"
    assert imports.code_for_word("A12信息不存在", {}) == "A12"
    assert imports.code_for_word("A123", {}) is None
    path = ledger(tmp_path)
    with pytest.raises(DomainError) as exc:  # a dry run with a tampered choice: a 400, not a KeyError
        imports.check_ledger(township, path, words={"不予公开": "a99"})
    assert (exc.value.status, exc.value.code) == (400, "unknown_reply_code")
    assert "“不予公开”对应的答复类型“A99”不存在" in exc.value.message
    assert not imports.check_ledger(township, path, words={"不予公开": "a8"}).unmapped  # lower case is fine
