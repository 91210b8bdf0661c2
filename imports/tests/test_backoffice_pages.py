"""The back-office steps over HTTP: upload, mapping (fixed by hand), dry-run report, import, result."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from catalog.models import Item
from imports.models import ImportMapping, ImportRun

from .files import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["编号", "标题", "成文日期", "栏目", "正文"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


def test_upload_map_check_and_import_through_the_pages(township, category, office_admin,
                                                       django_capture_on_commit_callbacks):
    c = township.catalogue_code
    data = csv_bytes([[f"{c}/2019-00001", "关于春耕的通知", "2019年3月5日", "公告公示", "正文"],
                      [f"{c}/2019-00002", "坏日期", "2019年2月30日", "公告公示", "正文"]], header=HEADER)
    client = client_for("web", office_admin)
    response = client.post(f"/manage/imports/?agency={township.code}",
                           {"file": SimpleUploadedFile("目录.csv", data), "source_name": "旧网站"})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and "index_no" not in run.columns  # “编号” is not a known header
    page = client.get(f"/manage/imports/{run.pk}/").content.decode()
    assert "保存对应并检查" in page and "编号" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/imports/{run.pk}/check/", {
            "col_index_no": "编号", "col_title": "标题", "col_formed_on": "成文日期", "col_category": "栏目",
            "col_body": "正文", "source_name": "旧网站"})
    assert response.status_code == 302
    assert ImportMapping.objects.get(source_name="旧网站").columns["index_no"] == "编号"
    page = client.get(f"/manage/imports/{run.pk}/").content.decode()
    assert "可导入 <strong>1</strong> 条" in page and "第3行" in page and "不存在" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/imports/{run.pk}/import/")
    page = client.get(f"/manage/imports/{run.pk}/").content.decode()
    assert "已导入 <strong>1</strong> 条" in page
    item = Item.objects.get()
    assert item.title == "关于春耕的通知"
    # the item's back-office page shows where it came from on its timeline
    detail = client.get(f"/manage/items/{item.pk}/")
    assert detail.status_code == 200 and "导入：目录.csv" in detail.content.decode()


def test_a_bad_file_is_a_400_with_the_reason(township, office_admin):
    client = client_for("web", office_admin)
    response = client.post(f"/manage/imports/?agency={township.code}",
                           {"file": SimpleUploadedFile("目录.xls", b"\xd0\xcf\x11\xe0")})
    assert response.status_code == 400 and "不支持的文件类型" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_incomplete_mapping_is_a_400_and_nothing_starts(township, category, office_admin):
    client = client_for("web", office_admin)
    client.post(f"/manage/imports/?agency={township.code}",
                {"file": SimpleUploadedFile("目录.csv", csv_bytes([["x"] * 5], header=HEADER))})
    run = ImportRun.objects.get()
    response = client.post(f"/manage/imports/{run.pk}/check/", {"col_title": "标题"})
    assert response.status_code == 400 and "请为以下字段选择对应的列" in response.content.decode()
    assert ImportRun.objects.get().status == ImportRun.Status.UPLOADED


def test_the_progress_fragment_polls_while_busy_and_reloads_when_done(township, category, office_admin):
    client = client_for("web", office_admin)
    client.post(f"/manage/imports/?agency={township.code}",
                {"file": SimpleUploadedFile("目录.csv", csv_bytes([["x"] * 5], header=HEADER))})
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.IMPORTING, processed_rows=500,
                                               total_rows=2000)
    fragment = client.get(f"/manage/imports/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in fragment.content.decode() and 'value="500"' in fragment.content.decode()
    assert "HX-Refresh" not in fragment
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FINISHED)
    assert client.get(f"/manage/imports/{run.pk}/progress/", HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
