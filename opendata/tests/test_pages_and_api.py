"""The 数据开放 page (datasets per agency, the licence), the data dictionary page, the navigation link, and the same
downloads through /api/v1/open-data/ (index, dictionary, streamed files, JSON 404s, the schema)."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from catalog.tests.factories import ItemFactory
from opendata.dictionary import CATALOGUE_NAMES, REPORT_NAMES
from opendata.tests.conftest import body

pytestmark = pytest.mark.django_db


def test_the_open_data_page_links_every_agencys_downloads_and_states_the_licence(township, other_township, county):
    html = Client().get("/data/").content.decode()
    assert "<h1>数据开放</h1>" in html and "知识共享署名 4.0 国际许可协议（CC BY 4.0）" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans" rel="license"' in html
    for agency in (township, other_township, county):
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="/data/catalogue/{agency.code}.{fmt}"' in html
    assert f'href="/data/catalogue/{county.code}/all.csv"' in html  # the county with everything below it
    assert f'href="/data/catalogue/{township.code}/all.csv"' not in html  # a township has nothing below
    assert f'href="/data/annual-reports/{county.code}/all.xlsx"' in html
    assert 'href="/data/dictionary/"' in html and "暂无已发布的年度报告" in html


def test_the_portal_navigation_and_footer_link_to_open_data(township):
    html = Client().get("/").content.decode()
    assert html.count('<a href="/data/">数据开放</a>') == 2


def test_the_dictionary_page_names_every_field_the_encoding_and_the_json_form():
    html = Client().get("/data/dictionary/").content.decode()
    for name in (*CATALOGUE_NAMES, *REPORT_NAMES):
        assert f"<code>{name}</code>" in html
    assert "UTF-8 编码，文件开头带字节顺序标记（BOM）" in html and "一个 JSON 数组" in html
    assert "<td>索引号</td>" in html and "<td>行政许可</td>" not in html


def test_the_api_index_lists_the_datasets_and_the_licence(township, county):
    data = Client().get("/api/v1/open-data/").json()
    assert data["licence"]["code"] == "CC-BY-4.0"
    entries = {a["code"]: a for a in data["agencies"]}
    assert entries[township.code]["catalogue"]["csv"] == \
        f"http://testserver/api/v1/open-data/catalogue/{township.code}.csv"
    assert entries[township.code]["parent"] == county.code and "catalogue_all" not in entries[township.code]
    assert entries[county.code]["catalogue_all"]["json"].endswith(f"/open-data/catalogue/{county.code}/all.json")
    dictionary = Client().get("/api/v1/open-data/dictionary/").json()
    assert [f["name"] for f in dictionary["catalogue"]] == list(CATALOGUE_NAMES)
    assert [f["name"] for f in dictionary["annual_reports"]] == list(REPORT_NAMES)


def test_the_api_streams_the_same_files_whatever_the_accept_header(township, category):
    item = ItemFactory(agency=township, category=category, title="关于春耕生产的通知")
    response = Client().get(f"/api/v1/open-data/catalogue/{township.code}.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert rows[0] == list(CATALOGUE_NAMES) and rows[1][0] == item.index_no
    json_rows = json.loads(body(Client().get(f"/api/v1/open-data/catalogue/{township.code}.json")))
    assert json_rows[0]["title"] == "关于春耕生产的通知"
    assert Client().get(f"/api/v1/open-data/catalogue/{township.code}.xlsx").status_code == 200


def test_the_api_answers_unknown_agencies_formats_and_unpublished_reports_with_json_404s(township):
    response = Client().get("/api/v1/open-data/catalogue/NOPE.csv")
    assert response.status_code == 404
    assert response.json() == {"code": "agency_not_found", "detail": "机关代码“NOPE”不存在。"}
    assert Client().get(f"/api/v1/open-data/catalogue/{township.code}.txt").json()["code"] == "format_not_supported"
    response = Client().get(f"/api/v1/open-data/annual-reports/{township.code}/2025.csv")
    assert response.status_code == 404 and response.json()["code"] == "report_not_found"


def test_the_api_throttles_anonymous_exports(township):
    c = Client()
    for _ in range(20):
        assert c.get(f"/api/v1/open-data/catalogue/{township.code}.json").status_code == 200
    response = c.get(f"/api/v1/open-data/catalogue/{township.code}.json")
    assert response.status_code == 429 and response.json()["code"] == "throttled"


def test_the_schema_documents_the_open_data_endpoints():
    schema = Client().get("/api/schema/?format=json").content.decode()
    assert "/api/v1/open-data/catalogue/{code}.{fmt}" in schema and "text/csv" in schema
    assert "/api/v1/open-data/annual-reports/{code}/{year}.{fmt}" in schema
