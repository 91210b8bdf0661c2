"""Full-text search over segmented Chinese text: words found inside text, ranked, capped, and safe with any query."""

import pytest
from django.db import connection

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


def test_at_most_the_cap_every_match_is_counted_exactly_and_ranked(township, category, monkeypatch):
    items = [ItemFactory(agency=township, category=category, title=f"防汛通知第{n}号") for n in range(3)]
    monkeypatch.setattr(backends, "COUNT_CAP", 3)
    monkeypatch.setattr(backends, "RANK_WINDOW", 3)
    hits = match("catalog_item", ["防汛"], where=PUBLISHED[0], params=PUBLISHED[1], limit=10)
    assert (hits.total, hits.capped) == (3, False)
    assert set(hits.ids) == {i.pk for i in items}


def test_equal_ranks_are_newest_first_and_a_title_hit_outranks_newer_body_hits(township, category):
    older_title = ItemFactory(agency=township, category=category, title="低保对象名单", body_html="<p>名单如下。</p>")
    same = [ItemFactory(agency=township, category=category, title="公示", body_html="<p>城乡低保标准。</p>")
            for _ in range(3)]
    assert ids(["低保"]) == [older_title.pk, same[2].pk, same[1].pk, same[0].pk]


def test_two_character_words_are_found_as_words_not_as_characters(township, category):
    dibao = ItemFactory(agency=township, category=category, title="2024年低保资金发放情况公示")
    ItemFactory(agency=township, category=category, title="低温天气保暖提示")  # 低 and 保, not 低保
    assert ids(["低保"]) == [dibao.pk]


def _reference(terms, window):
    """The ranking the backends promise, written the slow and obvious way: the newest `window` published matches,
    ranked, newest among equals."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            q = " ".join(f'"{t}"' for t in terms)
            cursor.execute("SELECT t.id FROM catalog_item_fts f JOIN catalog_item t ON t.id = f.rowid "
                           "WHERE catalog_item_fts MATCH %s AND t.status = 'published' ORDER BY t.id DESC LIMIT %s",
                           (q, window))
            newest = [r[0] for r in cursor.fetchall()]
            if not newest:
                return []
            cursor.execute("SELECT t.id FROM catalog_item_fts f JOIN catalog_item t ON t.id = f.rowid "
                           "WHERE catalog_item_fts MATCH %s AND t.status = 'published' AND t.id >= %s "
                           "ORDER BY bm25(catalog_item_fts, 10.0, 1.0), t.id DESC", (q, min(newest)))
        else:
            cursor.execute("SELECT c.id FROM (SELECT id, search_vector FROM catalog_item WHERE status = 'published' "
                           "AND search_vector @@ plainto_tsquery('simple', %s) ORDER BY id DESC LIMIT %s) c "
                           "ORDER BY ts_rank(c.search_vector, plainto_tsquery('simple', %s)) DESC, c.id DESC",
                           (" ".join(terms), window, " ".join(terms)))
        return [r[0] for r in cursor.fetchall()]


@pytest.mark.parametrize("walk_density", [0.0, 2.0], ids=["walk", "bitmap"])
@pytest.mark.parametrize("smallest_probe", [1, 3, 100])
def test_pages_of_the_window_are_the_reference_ranking_whatever_the_probe_sizes(township, category, monkeypatch,
                                                                                  smallest_probe, walk_density):
    """Matches clustered in old items and sparse in new ones, so PostgreSQL needs several id-range probes of growing
    size (each walking the primary key, or each through the GIN index); paging through every result gives exactly the
    reference ranking, without gaps or repeats."""
    for n in range(30):
        if n < 18 or n % 4 == 0:
            body = "<p>秸秆禁烧巡查。</p>" if n % 3 else "<p>秸秆禁烧巡查，秸秆还田，秸秆综合利用。</p>"
            title = f"秸秆禁烧第{n}号通知" if n % 5 == 0 else f"第{n}号通知"
        else:
            body, title = "<p>春耕生产。</p>", f"春耕第{n}号"
        ItemFactory(agency=township, category=category, title=title, body_html=body,
                    status="withdrawn" if n == 29 else "published", index_no=f"X/2017-{n:05d}" if n == 29 else None)
    monkeypatch.setattr(backends, "COUNT_CAP", 10)
    monkeypatch.setattr(backends, "RANK_WINDOW", 10)
    monkeypatch.setattr(backends, "PROBE_MIN", smallest_probe)
    monkeypatch.setattr(backends, "PROBE_GROWTH", 2)
    monkeypatch.setattr(backends, "WALK_DENSITY", walk_density)
    expected = _reference(["秸秆", "禁烧"], 10)
    assert len(expected) == 10
    pages = [match("catalog_item", ["秸秆", "禁烧"], where=PUBLISHED[0], params=PUBLISHED[1], limit=3, offset=o)
             for o in range(0, 12, 3)]
    assert [i for p in pages for i in p.ids] == expected
    assert pages[-1].ids == [expected[-1]] and all((p.total, p.capped) == (10, True) for p in pages)
    everything = match("catalog_item", ["秸秆", "禁烧"], where=PUBLISHED[0], params=PUBLISHED[1], limit=3, offset=12)
    assert everything.ids == []


def test_an_extra_filter_narrows_the_matches_before_the_window(township, other_township, category, monkeypatch):
    mine = [ItemFactory(agency=township, category=category, title=f"宅基地审批第{n}号") for n in range(3)]
    for n in range(5):
        ItemFactory(agency=other_township, title=f"宅基地审批公示{n}")
    monkeypatch.setattr(backends, "COUNT_CAP", 3)
    monkeypatch.setattr(backends, "RANK_WINDOW", 3)
    monkeypatch.setattr(backends, "PROBE_MIN", 1)
    hits = match("catalog_item", ["宅基地"], where="t.status = %s AND t.agency_id = %s",
                 params=("published", township.pk))
    assert (set(hits.ids), hits.total, hits.capped) == ({i.pk for i in mine}, 3, False)


def test_snippets_escape_the_text_and_mark_the_words():
    snippet = str(highlight("<b>各村</b>严禁焚烧秸秆，秸秆还田。", ["秸秆"]))
    assert "&lt;b&gt;" in snippet and snippet.count("<mark>秸秆</mark>") == 2 and "<b>" not in snippet


def test_the_density_of_a_broad_query_comes_from_the_heap_blocks_its_sample_spans():
    """PostgreSQL: the sample of COUNT_CAP + 1 matches was read in heap order from wherever the scan started; the rows
    it came from are the blocks it spans (the table less the largest gap, wrapping at the end) times rows per block."""
    def sample(blocks, per_block=2):
        return [(1000 + i, f"({b},{k})") for i, (b, k) in enumerate((b, k) for b in blocks for k in range(per_block))]

    # 50 blocks of a 1,000-block table holding 4 rows each: 100 matches in 200 rows
    assert backends._density(sample(range(0, 100, 2)), 1000, 4000.0) == pytest.approx(100 / (99 * 4))
    # a synchronized scan that started near the end and wrapped: blocks 990–999 and 0–9 are 20 blocks, not 1,000
    assert backends._density(sample([*range(990, 1000), *range(10)]), 1000, 4000.0) == pytest.approx(40 / (20 * 4))
    # the statistics are older than the table (blocks beyond relpages); never above 1
    assert backends._density(sample(range(1200, 1210), per_block=8), 1000, 4000.0) == 1.0
    # never analysed (relpages 0, reltuples -1): the spread of the ids
    assert backends._density([(10, "(0,1)"), (19, "(0,2)")], 0, -1.0) == pytest.approx(2 / 10)


def test_the_reference_ranking_holds_when_the_heap_is_no_longer_in_id_order(township, category, monkeypatch):
    """Updated rows move (a new revision, a withdrawal, a table rewrite): the oldest matches now sit in the newest
    heap blocks, and the statistics are there (ANALYZE), so PostgreSQL sizes its probes from the blocks, not the ids."""
    for n in range(40):
        ItemFactory(agency=township, category=category, title=f"秸秆禁烧第{n}号" if n % 3 else f"第{n}号秸秆禁烧秸秆通知",
                    body_html="<p>秸秆禁烧巡查。</p>" if n % 2 else "<p>春耕生产，秸秆还田，禁烧。</p>")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_item SET seg_title = seg_title WHERE id IN "
                       "(SELECT id FROM catalog_item ORDER BY id LIMIT 20)")
        cursor.execute("ANALYZE catalog_item")
    monkeypatch.setattr(backends, "COUNT_CAP", 8)
    monkeypatch.setattr(backends, "RANK_WINDOW", 8)
    monkeypatch.setattr(backends, "PROBE_MIN", 1)
    seen = []
    density = backends._density
    monkeypatch.setattr(backends, "_density", lambda *args: seen.append(args[1:]) or density(*args))
    expected = _reference(["秸秆", "禁烧"], 8)
    pages = [match("catalog_item", ["秸秆", "禁烧"], where=PUBLISHED[0], params=PUBLISHED[1], limit=3, offset=o)
             for o in (0, 3, 6)]
    assert [i for p in pages for i in p.ids] == expected and len(expected) == 8
    if connection.vendor == "postgresql":
        assert seen and all(pages_ > 0 and tuples > 0 for pages_, tuples in seen)  # the statistics were used
    assert all((p.total, p.capped) == (8, True) for p in pages)
