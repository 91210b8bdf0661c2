"""manage.py annual_report AGENCY_CODE YEAR --format … --output …"""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from reports import services

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"


@pytest.fixture
def report(registers, township, office_admin):
    apps, _ = registers
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted")
    with time_machine.travel(NOW, tick=False):
        return services.generate_report(township, 2025, acting_user=office_admin)


@time_machine.travel(NOW, tick=False)
def test_json_goes_to_stdout_like_the_api(report, township):
    out = io.StringIO()
    call_command("annual_report", township.code, "2025", stdout=out)
    data = json.loads(out.getvalue())
    assert data["format"] == "2021" and data["table3"]["rows"][0]["values"] == [1, 0, 0, 0, 0, 0, 1]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", ["json", "html", "pdf", "docx", "xlsx"])
def test_every_format_is_written_to_a_file(report, township, tmp_path, fmt):
    target = tmp_path / f"r.{fmt}"
    err = io.StringIO()
    call_command("annual_report", township.code, "2025", "--format", fmt, "--output", str(target), stderr=err)
    data = target.read_bytes()
    assert "已写入" in err.getvalue()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "docx":
        assert Document(io.BytesIO(data)).paragraphs[0].text == "东升乡人民政府2025年政府信息公开工作年度报告"
    elif fmt == "xlsx":
        assert "三、依申请公开" in load_workbook(io.BytesIO(data)).sheetnames
    elif fmt == "html":
        assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in data.decode()
    else:
        assert json.loads(data)["year"] == 2025


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("args", "message"), [
    (["NOSUCH", "2025"], "机关代码“NOSUCH”不存在。"),
    ([None, "2030"], "不能编制2030年的年度报告：该年度尚未开始。"),
])
def test_bad_input_is_a_chinese_error(registers, township, args, message):
    with pytest.raises(CommandError) as exc:
        call_command("annual_report", args[0] or township.code, args[1])
    assert str(exc.value) == message


@time_machine.travel(NOW, tick=False)
def test_the_published_version_is_asked_for_explicitly(report, township):
    with pytest.raises(CommandError) as exc:
        call_command("annual_report", township.code, "2025", "--published")
    assert "尚未发布" in str(exc.value)
