import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

from catalog.models import Item
from imports.models import ImportRun

from .files import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def export(tmp_path, township):
    c = township.catalogue_code
    path = tmp_path / "目录.csv"
    path.write_bytes(csv_bytes([[f"{c}/2019-00001 ", "关于春耕的通知", "", "", "2019.3.5", "", "公告公示", "", "", "正文",
                                 ""],
                                [f"{c}/2019-00002", "栏目不对", "", "", "2019.3.5", "", "没有", "", "", "", ""]],
                               encoding="gbk"))
    return path


def test_dry_run_prints_the_report_and_imports_nothing(township, category, office_admin, export, capsys):
    call_command("import_catalogue", township.code, str(export), "--dry-run", "--user", office_admin.username)
    out = capsys.readouterr()
    assert "可导入 1 条" in out.out and "第3行：栏目“没有”不存在" in out.out
    assert "行/秒" in out.err  # the progress line
    assert not Item.objects.exists() and ImportRun.objects.get().status == ImportRun.Status.CHECKED


def test_import_with_a_json_mapping_and_again_changes_nothing(township, category, office_admin, export, tmp_path,
                                                             capsys):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"index_no": "索引号", "title": "标题", "formed_on": "成文日期",
                                   "category": "主题分类"}), encoding="utf-8")
    args = [township.code, str(export), "--mapping", str(mapping), "--user", office_admin.username, "--quiet"]
    call_command("import_catalogue", *args)
    assert "已导入 1 条" in capsys.readouterr().out
    call_command("import_catalogue", *args)
    assert "已导入 0 条，已存在跳过 1 条" in capsys.readouterr().out
    assert Item.objects.count() == 1


def test_a_person_without_the_right_is_refused(township, category, clerk, export):
    with pytest.raises(CommandError, match="权限"):
        call_command("import_catalogue", township.code, str(export), "--user", clerk.username)
    assert not ImportRun.objects.exists()
