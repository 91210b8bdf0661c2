"""The catalogue import end to end through the services: dry run, import, idempotency, batches, attachments."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import NumberSequence
from agencies.sequences import next_number
from audit.models import AuditEvent
from catalog.models import Category, Item, Revision
from catalog.tests.factories import CategoryFactory, ItemFactory
from imports import catalogue, services
from imports.models import ImportMapping, ImportRun
from search.backends import match
from search.segmentation import query_terms

from .files import PDF, csv_bytes, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def categories(township, category):
    return {"公告公示": category, "政策文件": CategoryFactory(agency=township, name="政策文件")}


def code(agency):
    return agency.catalogue_code


def messy_rows(agency):
    c = code(agency)
    fw = c.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    return [
        [f"{c}/2019-00012  ", "关于做好春耕生产工作的通知", "东政发[2019]3号", "", "2019年3月5日", "2019.3.6",
         "公告公示", "有效", "春耕安排", "各村：\n请做好春耕备耕工作。", ""],
        [f"{fw}／２０１９－０００１３", "关于秸秆禁烧的通告", "", "", "２０１９年３月７日", "2019/3/8",
         "法定主动公开内容/政策文件", "失效", "", "<p>严禁焚烧秸秆。</p>", ""],
        [f"{c}/2019-00012", "关于做好春耕生产工作的通知", "东政发[2019]3号", "", "2019年3月5日", "2019.3.6",
         "公告公示", "有效", "春耕安排", "各村：\n请做好春耕备耕工作。", ""],  # the first row again
        [f"{c}/2019-00014", "日期有误的通知", "", "", "2019-02-30", "", "公告公示", "", "", "", ""],
        [f"{c}/2019-00015", "栏目不存在的通知", "", "", "2019-03-01", "", "工作动态", "", "", "", ""],
        [f"{c}/2019-00012", "同号不同内容", "", "", "2019-03-01", "", "公告公示", "", "", "", ""],
        ["123456789/2019-00016", "其他机关的信息", "", "", "2019-03-01", "", "公告公示", "", "", "", ""],
        [f"{c}/2019-00017", "带脚本的正文", "", "", "2019-03-01", "", "公告公示", "", "",
         "<p onclick=\"x()\">点击</p><script>alert(1)</script>", ""],
        [f"{c}/2019-00018", "含身份证号的公示", "", "", "2019-03-01", "", "公告公示", "", "",
         "<p>申请人张三，身份证号110101199003071233。</p>", ""],
        [f"{c}/2019-00019", "附件缺失的通知", "", "", "2019-03-01", "", "公告公示", "", "", "", "通知.pdf"],
        [f"{c}/2019-00020", "发布早于生成", "", "", "2019-03-05", "2019-03-01", "公告公示", "", "", "", ""],
    ]


def upload(agency, user, name, data, source=""):
    return services.upload_file(agency, SimpleUploadedFile(name, data), acting_user=user, source_name=source)


def check(run, user, capture):
    with capture(execute=True):
        services.start_check(run, acting_user=user)
    run.refresh_from_db()
    return run


def do_import(run, user, capture):
    with capture(execute=True):
        services.start_import(run, acting_user=user)
    run.refresh_from_db()
    return run


def problems(run):
    return {p.line: p.message for p in run.problems.all()}


def test_dry_run_of_a_messy_gbk_csv_reports_every_bad_row_and_writes_nothing(
        township, categories, office_admin, django_capture_on_commit_callbacks):
    run = upload(township, office_admin, "目录.csv", csv_bytes(messy_rows(township), encoding="gbk"))
    assert run.columns["category"] == "主题分类" and run.columns["formed_on"] == "成文日期"
    run = check(run, office_admin, django_capture_on_commit_callbacks)

    assert run.status == ImportRun.Status.CHECKED
    assert (run.processed_rows, run.ready_rows, run.duplicate_rows, run.failed_rows) == (11, 2, 1, 8)
    assert run.per_category == {"公告公示": 1, "政策文件": 1}
    found = problems(run)
    assert "不存在（月份或日期超出范围）" in found[5]
    assert "栏目“工作动态”不存在" in found[6]
    assert "与第2行重复，但两行内容不同" in found[7]
    assert "不是本机关的代码" in found[8]
    assert "脚本" in found[9]
    assert "居民身份证号码" in found[10] and "110101199003071233" not in found[10]
    assert "不在上传的文件中" in found[11]
    assert "早于生成日期" in found[12]
    assert not Item.objects.exists()


def test_import_keeps_index_numbers_and_dates_publishes_without_the_chain_and_is_searchable(
        township, categories, office_admin, django_capture_on_commit_callbacks):
    run = upload(township, office_admin, "目录.csv", csv_bytes(messy_rows(township), encoding="gbk"))
    run = do_import(check(run, office_admin, django_capture_on_commit_callbacks), office_admin,
                    django_capture_on_commit_callbacks)

    assert run.status == ImportRun.Status.FINISHED and run.imported_rows == 2
    item = Item.objects.get(index_no=f"{code(township)}/2019-00012")
    assert (item.status, item.formed_on, item.published_on) == (Item.Status.PUBLISHED, date(2019, 3, 5),
                                                               date(2019, 3, 6))
    assert item.doc_no == "东政发〔2019〕3号" and item.issuer == township.name
    assert item.body_html == "<p>各村：</p><p>请做好春耕备耕工作。</p>"
    second = Item.objects.get(index_no=f"{code(township)}/2019-00013")
    assert second.category == categories["政策文件"] and second.validity == "expired"
    revision = item.revisions.get()
    assert (revision.status, revision.chain, revision.decisions.count()) == (Revision.Status.PUBLISHED, [], 0)
    event = AuditEvent.objects.get(action="catalog.item.imported", target_id=str(item.pk))
    assert event.actor == office_admin and event.comment == "导入：目录.csv" and event.data["line"] == 2
    assert Category.objects.get(pk=categories["公告公示"].pk).published_count == 1
    assert match("catalog_item", query_terms("春耕"), where="t.status = 'published'").ids == [item.pk]
    # the agency's sequence continues after the highest imported number
    assert next_number(township, "catalog.index", 2019) == 14


def test_running_the_same_file_again_changes_nothing(township, categories, office_admin,
                                                    django_capture_on_commit_callbacks):
    data = csv_bytes(messy_rows(township))
    run = upload(township, office_admin, "目录.csv", data)
    do_import(check(run, office_admin, django_capture_on_commit_callbacks), office_admin,
              django_capture_on_commit_callbacks)
    before = (Item.objects.count(), Revision.objects.count(), AuditEvent.objects.filter(
        action="catalog.item.imported").count())

    again = upload(township, office_admin, "目录.csv", data)
    again = do_import(check(again, office_admin, django_capture_on_commit_callbacks), office_admin,
                      django_capture_on_commit_callbacks)
    assert (again.imported_rows, again.existing_rows) == (0, 2)
    assert (Item.objects.count(), Revision.objects.count(), AuditEvent.objects.filter(
        action="catalog.item.imported").count()) == before


def test_a_sequence_already_ahead_is_not_lowered(township, categories, office_admin,
                                                django_capture_on_commit_callbacks):
    NumberSequence.objects.create(agency=township, key="catalog.index", year=2019, last_value=500)
    run = upload(township, office_admin, "目录.csv", csv_bytes(messy_rows(township)[:1]))
    do_import(check(run, office_admin, django_capture_on_commit_callbacks), office_admin,
              django_capture_on_commit_callbacks)
    assert NumberSequence.objects.get(agency=township, year=2019).last_value == 500


def test_an_index_number_used_by_another_agency_is_refused(township, other_township, categories, office_admin,
                                                          django_capture_on_commit_callbacks):
    ItemFactory(agency=other_township, index_no=f"{code(township)}/2019-00012")
    run = upload(township, office_admin, "目录.csv", csv_bytes(messy_rows(township)[:1]))
    run = check(run, office_admin, django_capture_on_commit_callbacks)
    assert "已被“先锋镇人民政府”的信息使用" in problems(run)[2]


def rows_for_batches(agency, n):
    return [[f"{code(agency)}/2020-{i:05d}", f"第{i}号通知", "", "", "2020-05-01", "", "公告公示", "", "", "正文", ""]
            for i in range(1, n + 1)]


def test_a_failure_half_way_leaves_whole_batches(township, categories, office_admin, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    monkeypatch.setattr(catalogue, "BATCH_SIZE", 10)
    run = upload(township, office_admin, "目录.csv", csv_bytes(rows_for_batches(township, 25)))
    run = check(run, office_admin, django_capture_on_commit_callbacks)
    real_record, calls = catalogue.record, []

    def failing_record(*args, **kwargs):
        calls.append(1)
        if len(calls) == 15:  # the fifth row of the second batch
            raise RuntimeError("磁盘已满")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(catalogue, "record", failing_record)
    run = do_import(run, office_admin, django_capture_on_commit_callbacks)
    assert run.status == ImportRun.Status.FAILED and "磁盘已满" in run.failure
    assert Item.objects.count() == 10 and run.imported_rows == 10
    assert Category.objects.get(pk=categories["公告公示"].pk).published_count == 10

    monkeypatch.setattr(catalogue, "record", real_record)
    run = do_import(run, office_admin, django_capture_on_commit_callbacks)
    assert run.status == ImportRun.Status.FINISHED
    assert (run.imported_rows, run.existing_rows) == (15, 10)
    assert Item.objects.count() == 25


def test_xlsx_with_merged_header_excel_serial_dates_and_a_saved_mapping(
        township, categories, office_admin, django_capture_on_commit_callbacks):
    rows = [[f"{code(township)}/2019-00031", "关于防汛的通知", "", "", 43529, 43530.0, "公告公示", "有效", "", "正文", ""]]
    data = xlsx_bytes(rows, merged_header=True, title="东升乡政府信息公开目录")
    run = upload(township, office_admin, "目录.xlsx", data, source="拓尔思导出")
    columns = {**run.columns, "summary": "", "topic": ""}
    services.save_mapping(run, columns, acting_user=office_admin, source_name="拓尔思导出")
    assert ImportMapping.objects.get(agency=township, source_name="拓尔思导出").columns["formed_on"] == "成文日期"
    run = do_import(check(run, office_admin, django_capture_on_commit_callbacks), office_admin,
                    django_capture_on_commit_callbacks)
    item = Item.objects.get()
    assert (item.formed_on, item.published_on) == (date(2019, 3, 5), date(2019, 3, 6))
    # the next file of the same source starts with the saved mapping
    next_run = upload(township, office_admin, "目录2.xlsx", data, source="拓尔思导出")
    assert next_run.columns == run.columns


def test_zip_attachments_are_checked_by_content_and_kept(township, categories, office_admin,
                                                        django_capture_on_commit_callbacks):
    c = code(township)
    rows = [[f"{c}/2019-00041", "有附件的通知", "", "", "2019-03-01", "", "公告公示", "", "", "正文", "附件/通知.pdf"],
            [f"{c}/2019-00042", "附件类型不对", "", "", "2019-03-01", "", "公告公示", "", "", "正文", "假文件.pdf"]]
    data = zip_bytes("目录.csv", csv_bytes(rows, encoding="gbk"),
                     {"附件/通知.pdf": PDF, "假文件.pdf": b"MZ\x90\x00 not a pdf"}, gbk_names=True)
    run = upload(township, office_admin, "导出.zip", data)
    run = do_import(check(run, office_admin, django_capture_on_commit_callbacks), office_admin,
                    django_capture_on_commit_callbacks)
    assert run.imported_rows == 1 and "内容不是允许的类型" in problems(run)[3]
    attachment = Item.objects.get().revisions.get().attachments.get()
    assert (attachment.original_name, attachment.kind, attachment.size) == ("通知.pdf", "pdf", len(PDF))
    assert attachment.file.read() == PDF


def test_a_mapping_without_the_required_fields_is_refused(township, categories, office_admin):
    run = upload(township, office_admin, "目录.csv", csv_bytes(messy_rows(township)[:1]))
    from catalog.errors import CatalogError

    with pytest.raises(CatalogError, match="索引号"):
        services.save_mapping(run, {**run.columns, "index_no": ""}, acting_user=office_admin)
    with pytest.raises(CatalogError, match="被对应到了多个字段"):
        services.save_mapping(run, {**run.columns, "summary": "标题"}, acting_user=office_admin)


def test_import_before_the_dry_run_is_refused(township, categories, office_admin):
    from imports.errors import ImportStateError

    run = upload(township, office_admin, "目录.csv", csv_bytes(messy_rows(township)[:1]))
    with pytest.raises(ImportStateError, match="请先检查"):
        services.start_import(run, acting_user=office_admin)
