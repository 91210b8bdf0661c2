"""End-to-end: the 信息公开办 uploads a vendor export, fixes the column mapping, checks, imports, and a citizen finds
the imported item on the portal by search."""

import pytest

from catalog.models import Item
from imports.tests.files import csv_bytes

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_a_catalogue_in_the_browser_and_find_it_on_the_portal(page, township, category, office_admin,
                                                                     tmp_path):
    c = township.catalogue_code
    export = tmp_path / "旧网站目录.csv"
    export.write_bytes(csv_bytes([
        [f"{c}/2019-00007 ", "关于做好秸秆禁烧工作的通知", "2019年3月5日", "公告公示", "<p>各村要加强巡查，严禁露天焚烧秸秆。</p>"],
        [f"{c}/2019-00008", "日期有误的通知", "2019年2月30日", "公告公示", "正文"],
    ], header=["编号", "标题", "成文日期", "栏目", "正文"], encoding="gbk"))

    login(page, office_admin.username)
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("目录文件").set_input_files(str(export))
    page.get_by_label("数据来源").fill("旧网站")
    page.get_by_role("button", name="上传").click()
    assert page.get_by_text("文件已上传，请核对字段对应。").is_visible()

    page.get_by_label("索引号（必填）").select_option("编号")  # “编号” is not a header the guess knows
    page.get_by_role("button", name="保存对应并检查").click()
    report = page.locator("#report")
    assert "可导入 1 条" in report.inner_text()
    assert "第3行" in page.locator("#problems").inner_text()

    page.get_by_role("button", name="导入 1 条").click()
    assert "已导入 1 条" in page.locator("#report").inner_text()
    assert page.locator("#run-status").inner_text() == "已导入"

    page.goto("/")
    page.get_by_label("搜索政府信息").fill("秸秆禁烧")
    page.get_by_label("搜索政府信息").press("Enter")
    page.get_by_role("link", name="关于做好秸秆禁烧工作的通知").click()
    assert page.get_by_text(f"{c}/2019-00007").first.is_visible()
    assert Item.objects.get().published_on.isoformat() == "2019-03-05"
