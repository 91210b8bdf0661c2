"""Querying the full-text index of a table: SQLite FTS5 (bm25) or PostgreSQL (ts_rank over a GIN index).

Never LIKE, never trigrams: both miss or crawl on two-character Chinese words. Terms come from
`segmentation.query_terms` and are ANDed.
"""

from dataclasses import dataclass

from django.db import connection

# Counting every match of a broad query costs more than the page itself; beyond this we say "超过N条".
COUNT_CAP = 1000


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
            base = f"FROM {fts} JOIN {table} t ON t.id = {fts}.rowid WHERE {fts} MATCH %s{extra}"
            args = (_fts5_query(terms), *params)
            cursor.execute(f"SELECT t.id {base} ORDER BY bm25({fts}, 10.0, 1.0), t.id DESC LIMIT %s OFFSET %s",
                           (*args, limit, offset))
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s)", (*args, COUNT_CAP + 1))
        else:
            base = f"FROM {table} t WHERE t.search_vector @@ plainto_tsquery('simple', %s){extra}"
            args = (" ".join(terms), *params)
            cursor.execute(
                f"SELECT t.id {base} ORDER BY ts_rank(t.search_vector, plainto_tsquery('simple', %s)) DESC, "
                f"t.id DESC LIMIT %s OFFSET %s",
                (*args, " ".join(terms), limit, offset))
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) capped", (*args, COUNT_CAP + 1))
        total = cursor.fetchone()[0]
    return Hits(ids, min(total, COUNT_CAP), total > COUNT_CAP)
