"""Full-text search over segmented Chinese text: words found inside text, ranked, capped, and safe with any query."""

import pytest

from catalog.tests.factories import ItemFactory
from search import backends
from search.backends import match
from search.segmentation import query_terms, segment_for_index
from search.snippets import highlight

pytestmark = pytest.mark.django_db
PUBLISHED = ("t.status = %s", ("published",))


def ids(terms, **kwargs):
    return match("catalog_item", terms, where=PUBLISHED[0], params=PUBLISHED[1], **kwargs).ids


def test_a_compound_is_indexed_with_its_parts():
    tokens = segment_for_index("申请行政复议").split()
    assert {"行政", "复议", "行政复议"} <= set(tokens)


def test_query_words_are_distinct_without_punctuation_and_at_most_eight():
    assert query_terms("秸秆，禁烧！秸秆") == ["秸秆", "禁烧"]
    assert len(query_terms("春耕 秋收 防火 防汛 低保 医保 救助 宅基地 流转 补贴")) == 8
    assert query_terms("  ，。！ ") == []


def test_words_are_found_inside_titles_and_bodies_and_a_title_hit_ranks_first(township, category):
    in_body = ItemFactory(agency=township, category=category, title="春季工作安排",
                          body_html="<p>各村严禁露天焚烧秸秆。</p>")
    in_title = ItemFactory(agency=township, category=category, title="关于秸秆综合利用的通知",
                           body_html="<p>请各村落实。</p>")
    ItemFactory(agency=township, category=category, title="防汛工作", body_html="<p>做好防汛准备。</p>")
    assert ids(["秸秆"]) == [in_title.pk, in_body.pk]
    assert ids(["秸秆", "焚烧"]) == [in_body.pk]  # every word must be there


def test_unpublished_items_are_not_found_by_the_public(township, category):
    ItemFactory(agency=township, category=category, title="撤回的秸秆通知", status="withdrawn",
                index_no="X/2017-00001")
    assert ids(["秸秆"]) == []


@pytest.mark.parametrize("query", ['"', '""', "NEAR(秸秆", "秸秆*", "-秸秆", "秸秆 OR 防汛", "^秸秆", "'; DROP", "%"])
def test_query_syntax_of_the_index_is_treated_as_text(township, category, query):
    ItemFactory(agency=township, category=category, title="秸秆禁烧")
    match("catalog_item", query_terms(query), where=PUBLISHED[0], params=PUBLISHED[1])  # never raises


def test_counting_stops_at_the_cap_and_ranking_keeps_to_the_newest_window(township, category, monkeypatch):
    items = [ItemFactory(agency=township, category=category, title=f"秸秆禁烧第{n}号") for n in range(6)]
    monkeypatch.setattr(backends, "COUNT_CAP", 3)
    monkeypatch.setattr(backends, "RANK_WINDOW", 3)
    hits = match("catalog_item", ["秸秆"], where=PUBLISHED[0], params=PUBLISHED[1], limit=10)
    assert (hits.total, hits.capped) == (3, True)
    assert set(hits.ids) == {i.pk for i in items[-3:]}


def test_snippets_escape_the_text_and_mark_the_words():
    snippet = str(highlight("<b>各村</b>严禁焚烧秸秆，秸秆还田。", ["秸秆"]))
    assert "&lt;b&gt;" in snippet and snippet.count("<mark>秸秆</mark>") == 2 and "<b>" not in snippet
