"""Querying the full-text index of a table: SQLite FTS5 (bm25) or PostgreSQL (ts_rank over a GIN index).

Never LIKE, never trigrams: both miss or crawl on two-character Chinese words. Terms come from
`segmentation.query_terms` and are ANDed.

What a search returns (the same on both databases):
- **the rank window**: when a query matches more than COUNT_CAP rows, only the newest RANK_WINDOW matches (by id, i.e.
  by publication order) are ranked and shown, and the total is "超过COUNT_CAP条" — the page says so and invites a
  narrower query. At most COUNT_CAP matches: every match is ranked and the total is exact. RANK_WINDOW equals
  COUNT_CAP and the 50 pages of 20 the portal shows, so every result a reader can page to is ranked among the same set.
- **the order**: rank first (title weight above body; bm25 or ts_rank), newest (highest id) among equal ranks.

Why it is built this way (bench/search.py, bench/search-plans.md: the plans at a million items):
- SQLite: FTS5 returns matching rowids in rowid order, newest first when asked (`ORDER BY rowid DESC` is the index's
  own order, no sort), so one query reads the newest COUNT_CAP + 1 matches — count and window boundary together —
  and a second ranks the matches at or above the boundary with bm25 (FTS5 applies the rowid bound inside the index).
  A CROSS JOIN fixes the loop order: without statistics the planner would otherwise walk every published row and
  probe the index for each.
- PostgreSQL: a GIN index yields an unordered bitmap of every match, and the heap is where the id and the status
  are; fetching every match of a broad query from the heap to find its newest ones (22,597 heap rows for “秸秆禁烧”)
  was most of its time. So: (1) one unordered query takes up to COUNT_CAP + 1 matches and stops — for a selective
  query that is all of them (the GIN bitmap, then only their rows), for a broad one a sample whose id spread tells
  how dense the matches are; (2) a broad query's newest matches are found by **probing id ranges from the newest
  down**, each sized for the matches still missing at that density: for a word in a third of the items the planner
  walks the primary key backwards through ~3,000 rows, for “秸秆禁烧” it ANDs the GIN bitmap with a primary-key range
  bitmap of ~70,000 ids and reads only the ~1,500 rows inside; (3) one last query ranks the window's ids with ts_rank.
"""

from dataclasses import dataclass

from django.db import connections

from gongkai.db_router import read_alias

COUNT_CAP = 1000
RANK_WINDOW = 1000
# PostgreSQL probes (a query matching more than COUNT_CAP rows): the first id range is sized from the density of the
# first COUNT_CAP + 1 matches found, times PROBE_MARGIN; each next one for the matches still missing, growing at most
# PROBE_GROWTH times; never below PROBE_MIN ids.
PROBE_MARGIN = 1.5
PROBE_GROWTH = 8
PROBE_MIN = 1_000
# At or above this share of matching rows a probe walks the primary key backwards instead of ANDing the GIN bitmap
# with the id range: the GIN bitmap costs ~0.11 µs per match in the whole table, the walk ~1.7 µs per row walked
# (1 / density rows per match), measured at a million items; they cross near 12 %.
WALK_DENSITY = 0.10


@dataclass(frozen=True)
class Hits:
    ids: list[int]
    total: int
    capped: bool


def _fts5_query(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def match(table: str, terms: list[str], *, where: str = "", params: tuple = (), limit: int = 20,
          offset: int = 0) -> Hits:
    """Ranked ids of rows of `table` containing every term, with `where` (SQL on alias t) as an extra filter."""
    if not terms:
        return Hits([], 0, False)
    extra = f" AND ({where})" if where else ""
    connection = connections[read_alias()]  # a replica for public reads (gongkai/db_router.py), else the primary
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _match_sqlite(cursor, table, terms, extra, params, limit, offset)
        return _match_postgres(cursor, table, terms, extra, params, limit, offset)


def _match_sqlite(cursor, table, terms, extra, params, limit, offset) -> Hits:
    fts = f"{table}_fts"
    base = f"FROM {fts} CROSS JOIN {table} t ON t.id = {fts}.rowid WHERE {fts} MATCH %s{extra}"
    args = (_fts5_query(terms), *params)
    cursor.execute(f"SELECT t.id {base} ORDER BY {fts}.rowid DESC LIMIT %s", (*args, COUNT_CAP + 1))
    newest = [row[0] for row in cursor.fetchall()]
    total = len(newest)
    if total == 0 or offset >= min(total, RANK_WINDOW):
        return Hits([], min(total, COUNT_CAP), total > COUNT_CAP)
    boundary = newest[:RANK_WINDOW][-1]
    cursor.execute(f"SELECT t.id {base} AND {fts}.rowid >= %s ORDER BY bm25({fts}, 10.0, 1.0), t.id DESC "
                   f"LIMIT %s OFFSET %s", (*args, boundary, limit, offset))
    return Hits([row[0] for row in cursor.fetchall()], min(total, COUNT_CAP), total > COUNT_CAP)


def _match_postgres(cursor, table, terms, extra, params, limit, offset) -> Hits:
    query = " ".join(terms)
    # 1. Up to COUNT_CAP + 1 matches in the heap's order, stopping there: all of a selective query's matches (the GIN
    #    bitmap, then only its rows), or, for a broad one, a sample whose heap blocks tell how dense the matches are.
    cursor.execute(f"SELECT t.id, t.ctid FROM {table} t WHERE t.search_vector @@ plainto_tsquery('simple', %s)"
                   f"{extra} LIMIT %s", (query, *params, COUNT_CAP + 1))
    sample = cursor.fetchall()
    if len(sample) <= COUNT_CAP:
        if not sample or offset >= len(sample):
            return Hits([], len(sample), False)
        # 2a. Every match is in the window: rank them.
        cursor.execute(
            f"SELECT t.id FROM {table} t WHERE t.id = ANY(%s) ORDER BY "
            f"ts_rank(t.search_vector, plainto_tsquery('simple', %s)) DESC, t.id DESC LIMIT %s OFFSET %s",
            ([row[0] for row in sample], query, limit, offset))
        return Hits([row[0] for row in cursor.fetchall()], len(sample), False)
    # 2b. A broad query: its newest matches, ranked as they are found (id-range probes from the newest down).
    cursor.execute(f"SELECT max(id), (SELECT relpages FROM pg_class WHERE oid = %s::regclass), "
                   f"(SELECT reltuples FROM pg_class WHERE oid = %s::regclass) FROM {table}", (table, table))
    top, pages, tuples = cursor.fetchone()
    newest = _newest_by_probes(cursor, table, query, extra, params, top or 0, _density(sample, pages, tuples))
    total, capped = min(len(newest), COUNT_CAP), len(newest) > COUNT_CAP  # fewer only if rows went meanwhile
    window = sorted(newest[:RANK_WINDOW], key=lambda hit: (-hit[1], -hit[0]))  # ts_rank DESC, id DESC
    return Hits([hit[0] for hit in window[offset:offset + limit]], total, capped)


def _density(sample: list[tuple[int, str]], pages: int | None, tuples: float | None) -> float:
    """The share of rows that match, from the sample (COUNT_CAP + 1 matches, found in heap order) and the table's size
    in pg_class: the sample's rows came from the heap blocks it spans, about (blocks × rows per block) rows.

    Not from the sample's ids: the heap is in id order only until rows are updated (a new revision, a withdrawal, the
    rewrite of migration catalog 0007 all move rows), and a sequential scan may start anywhere in the table
    (synchronized scans), so the span of the ids says little. The blocks are read in order from wherever the scan
    started, wrapping at the end: the span is the table less the largest gap between the sample's blocks."""
    blocks = sorted({int(ctid[1:ctid.index(",")]) for _, ctid in sample})
    if pages and tuples and tuples > 0:
        pages = max(pages, blocks[-1] + 1)
        gaps = [b - a for a, b in zip(blocks, blocks[1:], strict=False)] + [blocks[0] + pages - blocks[-1]]
        spanned = pages - max(gaps) + 1
        return min(1.0, len(sample) / max(1.0, spanned * tuples / pages))
    ids = [row[0] for row in sample]  # never vacuumed nor analysed (a new, small table): the ids are all there is
    return len(ids) / (max(ids) - min(ids) + 1)


def _newest_by_probes(cursor, table, query, extra, params, top, density) -> list[tuple[int, float]]:
    """(id, ts_rank) of the newest COUNT_CAP + 1 matches of a broad query, newest first, probing id ranges from the
    newest down, each sized for the matches still missing at the density seen so far (times PROBE_MARGIN, growing at
    most PROBE_GROWTH times). Each probe ranks only the rows it returns (ts_rank above the LIMIT)."""
    def probe(match):
        return (f"SELECT s.id, ts_rank(s.search_vector, plainto_tsquery('simple', %s)) FROM ("
                f"SELECT t.id, t.search_vector FROM {table} t WHERE {match}{extra} "
                f"AND t.id > %s AND t.id <= %s ORDER BY t.id DESC LIMIT %s) s")

    # The GIN index can use the operator, not the function behind it: ts_match_vq leaves the planner only the
    # primary key, walked backwards from `upper` (each row tested in the heap) — right for a dense query, whose
    # GIN bitmap alone is dearer than the walk (“通知”, 34 %: 38 ms for its 342,575 entries, against ~5 ms to walk
    # ~3,000 rows). The planner does not always see that: on a table whose heap is no longer in id order it rates
    # the walk's random heap reads too high and ANDs the whole GIN bitmap with the range.
    walk = probe("ts_match_vq(t.search_vector, plainto_tsquery('simple', %s))")
    bitmap = probe("t.search_vector @@ plainto_tsquery('simple', %s)")
    newest: list[tuple[int, float]] = []
    upper = top
    span = max(PROBE_MIN, int((COUNT_CAP + 1) / density * PROBE_MARGIN))
    while upper > 0 and len(newest) <= COUNT_CAP:
        lower = max(0, upper - span)
        cursor.execute(walk if density >= WALK_DENSITY else bitmap,
                       (query, query, *params, lower, upper, COUNT_CAP + 1 - len(newest)))
        newest += sorted(cursor.fetchall(), reverse=True)
        missing = COUNT_CAP + 1 - len(newest)
        density = len(newest) / (top - lower)
        needed = int(missing / density * PROBE_MARGIN) if density else top
        span, upper = max(PROBE_MIN, min(needed, span * PROBE_GROWTH)), lower
    return newest
