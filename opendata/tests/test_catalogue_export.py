"""The public catalogue as open data (/data/catalogue/…): CSV, JSON and XLSX with the dictionary's columns, a row's
values, id order; the county export covers the agencies below and leaves out withdrawn and unpublished items; the
responses stream in a fixed number of queries per chunk; unknown agencies and formats are a Chinese 404."""

import csv
import io
import json
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from catalog.models import DisclosureMode, Item, Validity
from catalog.tests.factories import CategoryFactory, ItemFactory
from opendata import selectors
from opendata.dictionary import CATALOGUE_FIELDS, CATALOGUE_NAMES
from opendata.tests.conftest import body

pytestmark = pytest.mark.django_db
TODAY = "2026-03-02 10:00 +0800"


@pytest.fixture
def items(township, other_township, county, category):
    notice = ItemFactory(agency=township, category=category, title="关于秸秆禁烧的通告", summary="禁烧范围和时间。",
                         doc_no="东政发〔2017〕3号", topic="农业", formed_on=date(2017, 3, 1),
                         published_on=date(2017, 3, 10), updated_on=date(2017, 4, 2), validity=Validity.ABOLISHED,
                         abolished_on=date(2018, 1, 1), withhold_reason="内部理由", withdrawn_reason="不应出现")
    on_request = ItemFactory(agency=township, category=category, title="土地承包台账",
                             disclosure_mode=DisclosureMode.ON_REQUEST, issuer="东升乡农业站")
    withdrawn = ItemFactory(agency=township, category=category, title="已撤回的信息", status=Item.Status.WITHDRAWN,
                            index_no="X/2017-99999", withdrawn_on=date(2017, 5, 1))
    draft = ItemFactory(agency=township, category=category, title="未发布的草稿", status=Item.Status.UNPUBLISHED)
    other = ItemFactory(agency=other_township, category=CategoryFactory(agency=other_township), title="先锋镇通知")
    own = ItemFactory(agency=county, category=CategoryFactory(agency=county), title="县政府通知")
    return {"notice": notice, "on_request": on_request, "withdrawn": withdrawn, "draft": draft, "other": other,
            "county": own}


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@time_machine.travel(TODAY, tick=False)
def test_the_csv_has_the_dictionarys_columns_a_rows_public_values_and_id_order(items, township):
    response = Client().get(f"/data/catalogue/{township.code}.csv")
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="catalogue-{township.code}-20260302.csv"'
    assert "license" in response["Link"]
    rows = csv_rows(response)
    assert rows[0] == list(CATALOGUE_NAMES)
    assert [r[1] for r in rows[1:]] == ["关于秸秆禁烧的通告", "土地承包台账"]  # id order; no withdrawn, no draft
    notice = dict(zip(rows[0], rows[1], strict=True))
    assert notice == {
        "index_no": items["notice"].index_no, "title": "关于秸秆禁烧的通告", "agency_code": township.code,
        "agency_name": "东升乡人民政府", "category_id": str(items["notice"].category_id), "category": "公告公示",
        "column": "statutory", "column_label": "法定主动公开内容", "issuer": "东升乡人民政府", "topic": "农业",
        "doc_no": "东政发〔2017〕3号", "formed_on": "2017-03-01", "published_on": "2017-03-10",
        "updated_on": "2017-04-02", "validity": "abolished", "validity_label": "废止", "abolished_on": "2018-01-01",
        "disclosure_mode": "proactive", "disclosure_mode_label": "主动公开", "scope": "public",
        "scope_label": "面向社会", "summary": "禁烧范围和时间。",
        "url": f"http://testserver/item/{items['notice'].index_no}/",
    }
    on_request = dict(zip(rows[0], rows[2], strict=True))
    assert (on_request["disclosure_mode"], on_request["issuer"], on_request["abolished_on"]) == (
        "on_request", "东升乡农业站", "")


def test_nothing_but_the_public_item_pages_metadata_is_exported(items, township):
    text = body(Client().get(f"/data/catalogue/{township.code}.csv")).decode()
    for private in ("内部理由", "不应出现", "各村：请认真", items["notice"].created_by.username, "published_late",
                    "publish_due", "withdrawn"):
        assert private not in text
    assert [f.name for f in CATALOGUE_FIELDS] == list(CATALOGUE_NAMES)
    assert list(next(selectors.catalogue_rows(township))) == list(CATALOGUE_NAMES)


def test_the_county_export_covers_the_agencies_below_and_leaves_out_withdrawn_and_unpublished(items, county):
    rows = csv_rows(Client().get(f"/data/catalogue/{county.code}/all.csv"))
    titles = sorted(r[1] for r in rows[1:])
    assert titles == sorted(["关于秸秆禁烧的通告", "土地承包台账", "先锋镇通知", "县政府通知"])
    own = csv_rows(Client().get(f"/data/catalogue/{county.code}.csv"))
    assert [r[1] for r in own[1:]] == ["县政府通知"]


@time_machine.travel(TODAY, tick=False)
def test_the_json_is_one_array_of_objects_one_per_line(items, township):
    response = Client().get(f"/data/catalogue/{township.code}.json")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == f'attachment; filename="catalogue-{township.code}-20260302.json"'
    raw = body(response).decode()
    data = json.loads(raw)
    assert [list(d) for d in data] == [list(CATALOGUE_NAMES)] * 2
    assert data[0]["published_on"] == "2017-03-10" and data[0]["category_id"] == items["notice"].category_id
    assert data[1]["abolished_on"] is None and data[1]["title"] == "土地承包台账"
    assert raw.splitlines()[0] == "[" and raw.splitlines()[1].startswith('{"index_no"')


@time_machine.travel(TODAY, tick=False)
def test_the_xlsx_has_a_header_row_the_rows_and_a_sheet_with_the_chinese_labels(items, township):
    response = Client().get(f"/data/catalogue/{township.code}.xlsx")
    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert f"catalogue-{township.code}-20260302.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(body(response)))
    assert wb.sheetnames == ["目录", "字段说明"]
    rows = list(wb["目录"].iter_rows(values_only=True))
    assert rows[0] == CATALOGUE_NAMES
    notice = dict(zip(rows[0], rows[1], strict=True))
    assert notice["title"] == "关于秸秆禁烧的通告" and notice["published_on"].date() == date(2017, 3, 10)
    assert notice["category_id"] == items["notice"].category_id and notice["topic"] == "农业"
    assert len(rows) == 3
    labels = list(wb["字段说明"].iter_rows(values_only=True))
    assert labels[0] == ("字段名", "中文名称") and ("index_no", "索引号") in labels and ("doc_no", "文号") in labels


def test_text_that_looks_like_a_formula_stays_text(township, category):
    ItemFactory(agency=township, category=category, title="=HYPERLINK(\"http://x\")", summary="+1")
    rows = csv_rows(Client().get(f"/data/catalogue/{township.code}.csv"))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[1][-2] == "'+1"
    wb = load_workbook(io.BytesIO(body(Client().get(f"/data/catalogue/{township.code}.xlsx"))))
    cell = wb["目录"]["B2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    assert json.loads(body(Client().get(f"/data/catalogue/{township.code}.json")))[0]["summary"] == "+1"


def _queries_for(path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(path)
        body(response)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_the_number_of_queries_does_not_grow_with_the_rows(township, category, monkeypatch, fmt):
    path = f"/data/catalogue/{township.code}.{fmt}"
    ItemFactory.create_batch(10, agency=township, category=category)
    ten = _queries_for(path)
    ItemFactory.create_batch(190, agency=township, category=category)
    assert _queries_for(path) == ten  # 200 rows: still one chunk
    # in chunks of 50 the 200 rows take 4 chunk queries and one empty read: one query per chunk, none per row
    monkeypatch.setattr(selectors, "CHUNK_SIZE", 50)
    assert _queries_for(path) == ten + 4


def test_keyset_chunks_yield_every_row_once_in_id_order(township, category):
    made = ItemFactory.create_batch(7, agency=township, category=category)
    rows = list(selectors.catalogue_rows(township, chunk_size=3))
    assert [r["index_no"] for r in rows] == [i.index_no for i in sorted(made, key=lambda i: i.pk)]


def test_unknown_agencies_and_formats_are_a_chinese_404(township):
    response = Client().get("/data/catalogue/NOPE.csv")
    assert response.status_code == 404 and "机关代码“NOPE”不存在。" in response.content.decode()
    response = Client().get(f"/data/catalogue/{township.code}.pdf")
    assert response.status_code == 404 and "不支持“pdf”格式，可选：csv、xlsx、json。" in response.content.decode()
    township.is_active = False
    township.save(update_fields=["is_active"])
    assert Client().get(f"/data/catalogue/{township.code}.csv").status_code == 404


def test_downloads_are_limited_per_address_with_a_chinese_429(township):
    c = Client()
    for _ in range(20):
        assert c.get(f"/data/catalogue/{township.code}.csv").status_code == 200
    response = c.get(f"/data/catalogue/{township.code}.csv")
    assert response.status_code == 429 and "您下载得太频繁了" in response.content.decode()
