"""Querying the full-text index of a table: SQLite FTS5 (bm25) or PostgreSQL (ts_rank over a GIN index).

Never LIKE, never trigrams: both miss or crawl on two-character Chinese words. Terms come from
`segmentation.query_terms` and are ANDed.

Cost is bounded whatever the size of the catalogue (bench/portal.py):
- the full-text index drives the query (on SQLite a CROSS JOIN fixes the loop order: without statistics the planner
  would otherwise walk every published row and probe the index for each);
- counting stops at COUNT_CAP + 1 matches ("超过1000条");
- ranking scores at most RANK_WINDOW candidates: when a query matches more, the newest RANK_WINDOW matches (by id,
  i.e. by publication order) are ranked and the rest are reachable by narrowing the query. Scoring every one of tens
  of thousands of matches for a two-word query costs half a second; the window costs a few milliseconds.
"""

from dataclasses import dataclass

from django.db import connection

COUNT_CAP = 1000
RANK_WINDOW = 1000


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
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            fts = f"{table}_fts"
            base = f"FROM {fts} CROSS JOIN {table} t ON t.id = {fts}.rowid WHERE {fts} MATCH %s{extra}"
            args = (_fts5_query(terms), *params)
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s)", (*args, COUNT_CAP + 1))
            total = cursor.fetchone()[0]
            window, window_args = "", ()
            if total > COUNT_CAP:
                window = (f" AND {fts}.rowid >= (SELECT min(id) FROM (SELECT t.id {base} "
                          f"ORDER BY {fts}.rowid DESC LIMIT %s))")
                window_args = (*args, RANK_WINDOW)
            cursor.execute(f"SELECT t.id {base}{window} ORDER BY bm25({fts}, 10.0, 1.0), t.id DESC LIMIT %s OFFSET %s",
                           (*args, *window_args, limit, offset))
            ids = [row[0] for row in cursor.fetchall()]
        else:
            query = " ".join(terms)
            base = f"FROM {table} t WHERE t.search_vector @@ plainto_tsquery('simple', %s){extra}"
            args = (query, *params)
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) capped", (*args, COUNT_CAP + 1))
            total = cursor.fetchone()[0]
            if total > COUNT_CAP:
                candidates = f"(SELECT t.id, t.search_vector {base} ORDER BY t.id DESC LIMIT %s)"
                cursor.execute(
                    f"SELECT c.id FROM {candidates} c ORDER BY ts_rank(c.search_vector, plainto_tsquery('simple', %s))"
                    f" DESC, c.id DESC LIMIT %s OFFSET %s", (*args, RANK_WINDOW, query, limit, offset))
            else:
                cursor.execute(
                    f"SELECT t.id {base} ORDER BY ts_rank(t.search_vector, plainto_tsquery('simple', %s)) DESC, "
                    f"t.id DESC LIMIT %s OFFSET %s", (*args, query, limit, offset))
            ids = [row[0] for row in cursor.fetchall()]
    return Hits(ids, min(total, COUNT_CAP), total > COUNT_CAP)
