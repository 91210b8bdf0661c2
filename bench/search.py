#!/usr/bin/env python
"""Search benchmark (issue 11, item 4): is search flat at a million items on both databases?

It builds a database of its own with the portal benchmark's county and catalogue generator (`bench/portal.py`:
50 agencies through the real services, items bulk-loaded with `seg_title`/`seg_body` exactly as the publication
service fills them, the FTS5 external-content table or the generated tsvector + GIN index exactly as the migrations
create them), then measures the public search in-process:

- *db*: the database time of `search.backends.match` (every query it runs), and
- *view*: the full `/search/?q=…` response through the Django test client (middleware, selector, snippets, template),

as p50/p95 over `--repeat` runs per query, for the bench's mix: “秸秆禁烧” (broad, two words), “红星村 宅基地”
(selective), “低保” (a two-character word), “通知” (a word in over 20 % of the items: about 36 %) and “工作” (in
nearly every item), plus page 5 of the broad query. The previous mechanism (`previous_match` below: the code of
`search.backends.match` before the last change, verbatim) is measured in the same run on the same queries, alternating
run by run, and each row prints the ratio previous ÷ now. The query plans of one run of each (`EXPLAIN (ANALYZE,
BUFFERS)` / `EXPLAIN QUERY PLAN`) go to bench/out/search-plans-<db>.txt.

    .venv/bin/python bench/search.py [--db postgres|sqlite|both] [--items 1000000] [--repeat 30] [--budget 30] [--reuse] [--name x]

The databases: `gongkai_bench_search` on 127.0.0.1:5432 (dropped and recreated unless --reuse) and
/tmp/gongkai_bench_search/search.sqlite3 — names of their own, so this never collides with bench/portal.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import portal  # noqa: E402 - the generator and loader of the portal benchmark

OUT = ROOT / "bench" / "out"
WORK = Path("/tmp/gongkai_bench_search")
SQLITE_PATH = WORK / "search.sqlite3"
PG_DB = "gongkai_bench_search"
PG_URL = f"postgres://{portal.PG_USER}@{portal.PG_HOST}:{portal.PG_PORT}/{PG_DB}"
SUFFIX = ""  # of the output files, with --name

MIN_RUNS = 5  # measured runs per query and mechanism, whatever --budget says
QUERIES = [  # (key, query, page)
    ("broad", "秸秆禁烧", 1),
    ("selective", "红星村 宅基地", 1),
    ("two_char", "低保", 1),
    ("common", "通知", 1),
    ("everything", "工作", 1),
    ("broad_p5", "秸秆禁烧", 5),
]


def set_name(suffix: str) -> None:
    """`--name x`: databases gongkai_bench_search_x and /tmp/gongkai_bench_search/search_x.sqlite3 (a smoke run beside
    the big one)."""
    global SQLITE_PATH, PG_DB, PG_URL, SUFFIX
    if suffix:
        SUFFIX = f"-{suffix}"
        SQLITE_PATH = WORK / f"search_{suffix}.sqlite3"
        PG_DB = f"gongkai_bench_search_{suffix}"
        PG_URL = f"postgres://{portal.PG_USER}@{portal.PG_HOST}:{portal.PG_PORT}/{PG_DB}"


def env(db: str) -> dict[str, str]:
    e = dict(os.environ)
    e.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": PG_URL if db == "postgres" else f"sqlite:///{SQLITE_PATH}",
        "GONGKAI_VAR_DIR": str(WORK / "var"),
        "GONGKAI_BENCH_STATIC_ROOT": str(WORK / "static"),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    })
    return e


def recreate(db: str) -> None:
    if db == "postgres":
        portal.psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        portal.psql(f"CREATE DATABASE {PG_DB} ENCODING 'UTF8' TEMPLATE template0")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    state_file(db).unlink(missing_ok=True)


def state_file(db: str) -> Path:
    return OUT / f"search-dropped-indexes-{db}{SUFFIX}.json"


def build(db: str, items: int, reuse: bool) -> float:
    """Migrate and load the catalogue up to `items` (resumes when --reuse); returns the seconds spent loading."""
    from django.core.management import call_command

    from agencies.models import User
    from catalog.models import Item

    portal.log(f"{db}: migrate")
    call_command("migrate", verbosity=0, interactive=False)
    portal.build_agencies()
    gen = portal.Generator(portal.agency_infos(), User.objects.get(username="bench-admin").pk,
                           portal.current_serials())
    state = state_file(db)
    t0 = time.monotonic()
    if Item.objects.count() < items or state.exists():
        portal.load_items(items, gen, state)
        portal.finish_load(state)
    return time.monotonic() - t0


# ---------------------------------------------------------------------------------------------------------------
# The previous mechanism (the baseline)
# ---------------------------------------------------------------------------------------------------------------

PREV_COUNT_CAP = 1000
PREV_RANK_WINDOW = 1000
PREV_PROBE_MARGIN = 1.5
PREV_PROBE_GROWTH = 8
PREV_PROBE_MIN = 1_000


def previous_match(table: str, terms: list[str], *, where: str = "", params: tuple = (), limit: int = 20,
                   offset: int = 0):
    """search.backends.match as of commit 29b547b (the rank window and id-range probes of the previous session, with
    a separate ranking query and the density taken from the spread of the sample's ids), verbatim apart from names:
    the baseline measured in the same run. Its SQLite half is the same as now."""
    from django.db import connection

    from search import backends
    from search.backends import _fts5_query

    Hits = backends.Hits
    if not terms:
        return Hits([], 0, False)
    extra = f" AND ({where})" if where else ""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            fts = f"{table}_fts"
            base = f"FROM {fts} CROSS JOIN {table} t ON t.id = {fts}.rowid WHERE {fts} MATCH %s{extra}"
            args = (_fts5_query(terms), *params)
            cursor.execute(f"SELECT t.id {base} ORDER BY {fts}.rowid DESC LIMIT %s", (*args, PREV_COUNT_CAP + 1))
            newest = [row[0] for row in cursor.fetchall()]
            total = len(newest)
            if total == 0 or offset >= min(total, PREV_RANK_WINDOW):
                return Hits([], min(total, PREV_COUNT_CAP), total > PREV_COUNT_CAP)
            boundary = newest[:PREV_RANK_WINDOW][-1]
            cursor.execute(f"SELECT t.id {base} AND {fts}.rowid >= %s ORDER BY bm25({fts}, 10.0, 1.0), t.id DESC "
                           f"LIMIT %s OFFSET %s", (*args, boundary, limit, offset))
            return Hits([row[0] for row in cursor.fetchall()], min(total, PREV_COUNT_CAP), total > PREV_COUNT_CAP)
        query = " ".join(terms)
        cursor.execute(f"SELECT t.id FROM {table} t WHERE t.search_vector @@ plainto_tsquery('simple', %s){extra} "
                       f"LIMIT %s", (query, *params, PREV_COUNT_CAP + 1))
        sample = [row[0] for row in cursor.fetchall()]
        if len(sample) <= PREV_COUNT_CAP:
            newest = sorted(sample, reverse=True)
        else:
            newest = _previous_probes(cursor, table, query, extra, params,
                                      density=len(sample) / (max(sample) - min(sample) + 1))
        total = len(newest)
        window = newest[:PREV_RANK_WINDOW]
        if not window or offset >= len(window):
            return Hits([], min(total, PREV_COUNT_CAP), total > PREV_COUNT_CAP)
        cursor.execute(
            f"SELECT t.id FROM {table} t WHERE t.id = ANY(%s) ORDER BY "
            f"ts_rank(t.search_vector, plainto_tsquery('simple', %s)) DESC, t.id DESC LIMIT %s OFFSET %s",
            (window, query, limit, offset))
        return Hits([row[0] for row in cursor.fetchall()], min(total, PREV_COUNT_CAP), total > PREV_COUNT_CAP)


def _previous_probes(cursor, table, query, extra, params, density) -> list[int]:
    cursor.execute(f"SELECT max(id) FROM {table}")
    top = cursor.fetchone()[0] or 0
    probe = (f"SELECT t.id FROM {table} t WHERE t.search_vector @@ plainto_tsquery('simple', %s){extra} "
             f"AND t.id > %s AND t.id <= %s ORDER BY t.id DESC LIMIT %s")
    newest: list[int] = []
    upper = top
    span = max(PREV_PROBE_MIN, int((PREV_COUNT_CAP + 1) / density * PREV_PROBE_MARGIN))
    while upper > 0 and len(newest) <= PREV_COUNT_CAP:
        lower = max(0, upper - span)
        cursor.execute(probe, (query, *params, lower, upper, PREV_COUNT_CAP + 1 - len(newest)))
        newest += [row[0] for row in cursor.fetchall()]
        missing = PREV_COUNT_CAP + 1 - len(newest)
        seen = len(newest) / (top - lower)
        needed = int(missing / seen * PREV_PROBE_MARGIN) if seen else top
        span, upper = max(PREV_PROBE_MIN, min(needed, span * PREV_PROBE_GROWTH)), lower
    return newest


# ---------------------------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


class QueryLog:
    """Every query run inside the block, with its time (connection.execute_wrapper)."""

    def __init__(self):
        self.queries: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - t0, sql, params))


def exact_matches(query: str) -> int:
    """How many published items really match (one slow, exact count for the table's *matches* column)."""
    from django.db import connection

    from search.segmentation import query_terms

    terms = query_terms(query)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM catalog_item_fts f CROSS JOIN catalog_item t ON t.id = f.rowid "
                           "WHERE catalog_item_fts MATCH %s AND t.status = 'published'",
                           (backends_module()._fts5_query(terms),))
        else:
            cursor.execute("SELECT count(*) FROM catalog_item WHERE status = 'published' AND "
                           "search_vector @@ plainto_tsquery('simple', %s)", (" ".join(terms),))
        return cursor.fetchone()[0]


def backends_module():
    from search import backends

    return backends


def explain(queries, lines: list[str]) -> None:
    from django.db import connection

    for seconds, sql, params in queries:
        lines.append(f"\n{seconds * 1000:.2f} ms: {sql}\n    params: {_short(params)}\n")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            lines.extend("    " + " | ".join(str(c) for c in row) + "\n" for row in cursor.fetchall())


def _short(params) -> str:
    out = []
    for p in params or ():
        out.append(f"[{len(p)} ids: {p[0]} … {p[-1]}]" if isinstance(p, list) and len(p) > 6 else repr(p))
    return "(" + ", ".join(out) + ")"


class CpuClock:
    """CPU time spent on a request, in ms: this thread's (Django, and SQLite, which runs in-process) plus, on
    PostgreSQL, the server backend's (`/proc/<pid>/schedstat`: ns on the CPU). Unlike wall time it leaves out the time
    spent waiting for a core, which on a shared 2-core machine is most of the wall time."""

    def __init__(self):
        from django.db import connection

        self.backend = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.backend = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")

    def __call__(self) -> float:
        server = int(self.backend.read_text().split()[0]) / 1e6 if self.backend else 0.0
        return time.thread_time() * 1000 + server


def measure(db: str, args) -> dict:
    """Each query, alternating the new and the previous mechanism run by run: match() alone (db) and the whole
    /search/ view in-process (view). A mechanism is no longer repeated once it has spent --budget seconds on a query."""
    from unittest import mock

    from django.db import connection
    from django.test import Client

    from catalog import selectors
    from catalog.models import Item
    from search.segmentation import query_terms

    backends = backends_module()
    client = Client()
    client.get("/bench/trivial/")  # opens the connection whose backend the CPU clock reads
    cpu = CpuClock()
    where, params = "t.status = %s", ("published",)
    items = Item.objects.count()
    mechanisms = {"now": backends.match, "previous": previous_match}
    plans = [f"# search query plans, {connection.vendor}, {items:,} items, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n"
             f"# {portal.uptime()}\n"]
    rows = []
    for key, query, page in QUERIES:
        terms = query_terms(query)
        offset = (page - 1) * selectors.PAGE_SIZE
        row = {"key": key, "query": query, "page": page, "matches": exact_matches(query)}
        times = {m: {"db": [], "view": [], "db_cpu": [], "view_cpu": []} for m in mechanisms}
        spent = dict.fromkeys(mechanisms, 0.0)
        for run in range(args.repeat + 1):  # run 0 warms the caches and is dropped
            for name, fn in mechanisms.items():
                if spent[name] > args.budget and len(times[name]["db"]) >= MIN_RUNS:
                    continue
                c0, t0 = cpu(), time.perf_counter()
                hits = fn("catalog_item", terms, where=where, params=params, limit=selectors.PAGE_SIZE, offset=offset)
                db_s, db_cpu = time.perf_counter() - t0, cpu() - c0
                with mock.patch("catalog.selectors.match", fn):
                    c1, t1 = cpu(), time.perf_counter()
                    response = client.get("/search/", {"q": query, "page": page})
                    view_s, view_cpu = time.perf_counter() - t1, cpu() - c1
                assert response.status_code == 200, response.status_code
                spent[name] += db_s + view_s
                if run:
                    times[name]["db"].append(db_s * 1000)
                    times[name]["view"].append(view_s * 1000)
                    times[name]["db_cpu"].append(db_cpu)
                    times[name]["view_cpu"].append(view_cpu)
                row[f"{name}_total"] = (hits.total, hits.capped)
                row[f"{name}_first"] = hits.ids[:5]
                row[f"{name}_ids"] = hits.ids
        row["same"] = row["now_ids"] == row["previous_ids"] and row["now_total"] == row["previous_total"]
        for name in mechanisms:
            for part in ("db", "view", "db_cpu", "view_cpu"):
                values = times[name][part]
                row[f"{name}_{part}_n"] = len(values)
                row[f"{name}_{part}_p50"] = round(percentile(values, 50), 2) if values else None
                row[f"{name}_{part}_p95"] = round(percentile(values, 95), 2) if values else None
        for name, fn in mechanisms.items():
            log_ = QueryLog()
            with connection.execute_wrapper(log_):
                fn("catalog_item", terms, where=where, params=params, limit=selectors.PAGE_SIZE, offset=offset)
            row[f"{name}_queries"] = len(log_.queries)
            plans.append(f"\n## {name}: “{query}” page {page} ({row['matches']:,} matches; {len(log_.queries)} "
                         f"queries, {sum(q[0] for q in log_.queries) * 1000:.1f} ms)\n")
            explain(log_.queries, plans)
        rows.append(row)
        portal.log(f"{db}: “{query}” p{page}: {row['matches']:,} matches; db p95 {row['now_db_p95']} ms "
                   f"(previous {row['previous_db_p95']} ms), view p95 {row['now_view_p95']} ms "
                   f"(previous {row['previous_view_p95']} ms)")
    (OUT / f"search-plans-{db}{SUFFIX}.txt").write_text("".join(plans))
    return {"db": db, "items": items, "rows": rows, "uptime": portal.uptime(), "machine": portal.machine()}


def print_report(report: dict) -> None:
    name = {"postgres": "PostgreSQL", "sqlite": "SQLite"}[report["db"]]
    print(f"### {name}, {report['items']:,} items\n")
    print("Wall time (what the machine gave), then CPU time (what the work took: the thread plus the PostgreSQL "
          "backend), p50 / p95 ms over the runs; *ratio* = previous ÷ now at p95.\n")
    print("| query | page | matches | shown total | db | previous db | ratio | view | previous view | ratio "
          "| db CPU | previous db CPU | ratio | view CPU | previous view CPU | ratio | queries (previous) | same page |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")

    def cell(v50, v95):
        return "—" if v50 is None else f"{v50:.1f} / {v95:.1f}"

    for r in report["rows"]:
        total, capped = r["now_total"]
        shown = f"超过{total:,}条" if capped else f"{total:,}条"
        cells = []
        for part in ("db", "view", "db_cpu", "view_cpu"):
            now95, prev95 = r.get(f"now_{part}_p95"), r.get(f"previous_{part}_p95")
            n_prev = r.get(f"previous_{part}_n", 0)
            cells += [cell(r.get(f"now_{part}_p50"), now95),
                      cell(r.get(f"previous_{part}_p50"), prev95)
                      + (f" (n={n_prev})" if n_prev < r.get(f"now_{part}_n", 0) else ""),
                      f"{prev95 / now95:.1f}×" if now95 and prev95 else "—"]
        print(f"| “{r['query']}” | {r['page']} | {r['matches']:,} | {shown} | " + " | ".join(cells)
              + f" | {r['now_queries']} ({r['previous_queries']}) | {'yes' if r.get('same') else 'NO'} |")
    print(f"\n- {report['uptime']}\n")


def run_one(db: str, args) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        recreate(db)
    os.environ.update(env(db))
    import django

    django.setup()
    from django.core.management import call_command

    # The pages link their CSS through the manifest, and building the agencies publishes their pages.
    call_command("collectstatic", verbosity=0, interactive=False)
    load_s = build(db, args.items, args.reuse)
    portal.log(f"{db}: loaded in {load_s:.0f} s")
    if args.build_only:
        return
    report = measure(db, args)
    report["load_s"] = round(load_s)
    (OUT / f"search-results-{db}{SUFFIX}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print()
    print_report(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="runs per query and mechanism")
    parser.add_argument("--reuse", action="store_true", help="keep the benchmark database, load only missing rows")
    parser.add_argument("--name", default="", help="a suffix for the databases' names (a second, smaller one)")
    parser.add_argument("--build-only", action="store_true", help="load the database and stop")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="seconds a mechanism may spend on one query before it is no longer repeated (after 5 runs)")
    args = parser.parse_args()
    set_name(args.name)
    if args.db != "both":
        run_one(args.db, args)
        return
    for db in ("postgres", "sqlite"):
        cmd = [sys.executable, __file__, "--db", db, "--items", str(args.items), "--repeat", str(args.repeat),
               "--budget", str(args.budget), "--name", args.name, *(["--reuse"] if args.reuse else []),
               *(["--build-only"] if args.build_only else [])]
        subprocess.run(cmd, check=True)
    if not args.build_only:
        print("\n## Search benchmark\n")
        for db in ("postgres", "sqlite"):
            print_report(json.loads((OUT / f"search-results-{db}{SUFFIX}.json").read_text()))


if __name__ == "__main__":
    main()
