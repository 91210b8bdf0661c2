"""The public search page /search/: totals, pages, the rank window said in words, and bad input answered in Chinese."""

import pytest

from catalog import selectors
from catalog.tests.factories import ItemFactory
from search import backends

pytestmark = pytest.mark.django_db


def test_a_two_character_word_is_found_and_the_exact_total_shown(client, township, category):
    ItemFactory(agency=township, category=category, title="关于2024年城乡低保标准调整的通知")
    ItemFactory(agency=township, category=category, title="春耕生产", body_html="<p>做好低保对象帮扶。</p>")
    ItemFactory(agency=township, category=category, title="低温天气保暖提示")
    response = client.get("/search/", {"q": "低保"})
    result = response.context["result"]
    assert response.status_code == 200
    assert [r.item.title for r in result.results] == ["关于2024年城乡低保标准调整的通知", "春耕生产"]
    assert (result.total, result.capped) == (2, False)
    assert "找到2条结果" in response.content.decode()


def test_beyond_the_cap_the_page_says_so_and_pages_through_the_newest_window(client, township, category,
                                                                              monkeypatch):
    items = [ItemFactory(agency=township, category=category, title=f"秸秆禁烧第{n}号通告") for n in range(7)]
    monkeypatch.setattr(backends, "COUNT_CAP", 5)
    monkeypatch.setattr(backends, "RANK_WINDOW", 5)
    html = client.get("/search/", {"q": "秸秆禁烧"}).content.decode()
    assert "找到超过5条结果" in html and "最新发布的5条" in html
    pages = [selectors.search_published("秸秆禁烧", page=page, size=2) for page in (1, 2, 3, 4)]
    assert [p.pages for p in pages] == [3, 3, 3, 3] and [len(p.results) for p in pages] == [2, 2, 1, 0]
    seen = [r.item.pk for p in pages for r in p.results]
    assert seen == sorted(i.pk for i in items[-5:])[::-1]  # equal ranks: newest first, each once, the oldest never


def test_a_ten_thousand_character_query_is_a_400_with_a_chinese_message(client, township):
    response = client.get("/search/", {"q": "秸" * 10_000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "检索词过长：请不超过100个字" in html and response.context["result"] is None
    assert 'value="' + "秸" * 100 + '"' in html  # what was typed is kept (as far as the field takes it)


@pytest.mark.parametrize("code", ["x" * 500, "NOPE", "a\x00b", "'; DROP TABLE x"])
def test_an_unknown_agency_is_a_400_with_a_chinese_message(client, township, code):
    response = client.get("/search/", {"q": "秸秆", "agency": code})
    assert response.status_code == 400 and "没有找到所选机关" in response.content.decode()


def test_the_agency_filter_keeps_to_that_agency(client, township, other_township, category):
    ItemFactory(agency=township, category=category, title="宅基地审批公示")
    ItemFactory(agency=other_township, title="宅基地确权登记")
    response = client.get("/search/", {"q": "宅基地", "agency": other_township.code})
    assert [r.item.title for r in response.context["result"].results] == ["宅基地确权登记"]


@pytest.mark.parametrize("params", [{"q": "秸秆", "page": "9" * 30}, {"q": "秸秆", "page": "-1"}, {"q": "\x00"},
                                    {"q": " " * 10_000}, {"q": "秸秆", "page": "abc"}])
def test_odd_parameters_get_a_page_not_a_server_error(client, township, category, params):
    ItemFactory(agency=township, category=category, title="秸秆禁烧")
    assert client.get("/search/", params).status_code == 200
