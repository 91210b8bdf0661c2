#!/usr/bin/env python
"""Open-data benchmark (issue 10, "Open data out"): the county's catalogue export as CSV streams in bounded memory
and a fixed number of queries per chunk, whatever the number of rows.

It builds the 50-agency county of `bench/reports.py` (through the real services) in a database of its own,
bulk-loads N catalogue items (1% withdrawn) straight into `catalog_item`, then streams the county export
(`opendata.downloads.catalogue_download(county, "csv", include_below=True)`, exactly what `/data/catalogue/<code>/all.csv`
returns) to nowhere and reports rows per second, megabytes, queries, and the peak of Python allocations
(tracemalloc, a second pass) and of the process (ru_maxrss, before and after).

    .venv/bin/python bench/open_data.py [--db sqlite|postgres|both] [--items 100000] [--repeat 3] [--reuse]

Databases: `gongkai_bench_open_data` on 127.0.0.1:5432 (user postgres) and /tmp/gongkai_bench_open_data/open.sqlite3.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path("/tmp/gongkai_bench_open_data")
SQLITE_PATH = WORK / "open.sqlite3"
PG_DB = "gongkai_bench_open_data"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
SEED = 20261207
BATCH = 10_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
                   check=True, capture_output=True)


def prepare_environment(db: str) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_VAR_DIR"] = str(WORK / "var")
    os.environ["DATABASE_URL"] = PG_URL if db == "postgres" else f"sqlite:///{SQLITE_PATH}"


def load(db: str, items: int) -> float:
    import django

    started = time.perf_counter()
    if db == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.reports import RawLoader, build_county
    from catalog.models import Category, Item

    log("migrate")
    call_command("migrate", verbosity=0)
    log("50 agencies with their categories (through the services)")
    admin, agencies = build_county()
    categories: dict[int, list[int]] = {}
    for cat_id, agency_id in Category.objects.values_list("id", "agency_id"):
        categories.setdefault(agency_id, []).append(cat_id)
    rng = random.Random(SEED)
    now = timezone.now()
    loader = RawLoader(Item, ["agency_id", "category_id", "index_no", "status", "title", "summary", "doc_no",
                              "formed_on", "published_on", "updated_on"],
                       {"version": 1, "created_by_id": admin.pk, "created_at": now, "updated_at": now})
    log(f"{items:,} catalogue items (bulk insert)")
    from datetime import date, timedelta

    batch = []
    for n in range(items):
        agency = rng.choice(agencies)
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
        status = Item.Status.WITHDRAWN if rng.random() < 0.01 else Item.Status.PUBLISHED
        batch.append((agency.pk, rng.choice(categories[agency.pk]), f"{agency.org_code}/{published.year}-{n:07d}",
                      status, f"关于做好{published.year}年第{n}项工作的通知", "根据上级部门要求，现将有关事项通知如下。",
                      f"望政发〔{published.year}〕{n % 300 + 1}号", published - timedelta(days=5), published, published))
        if len(batch) == BATCH:
            loader.insert(batch)
            batch = []
    if batch:
        loader.insert(batch)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return time.perf_counter() - started


def stream_once(county, *, trace: bool) -> dict:
    from django.db import connection

    from opendata.downloads import catalogue_download

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    size = lines = 0
    with connection.execute_wrapper(count):
        response = catalogue_download(county, "csv", include_below=True, base_url="https://gk.example.gov.cn")
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\r\n")
    elapsed = time.perf_counter() - started
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"seconds": elapsed, "rows": lines - 1, "bytes": size, "queries": queries, "peak_python": peak}


def run(db: str, args) -> dict:
    prepare_environment(db)
    load_seconds = None
    if not args.reuse or (db == "sqlite" and not SQLITE_PATH.exists()):
        load_seconds = load(db, args.items)
    else:
        import django

        django.setup()
    from agencies.models import Agency
    from catalog.models import Item

    county = Agency.objects.get(parent__isnull=True)
    published = Item.objects.filter(status=Item.Status.PUBLISHED).count()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    runs = [stream_once(county, trace=False) for _ in range(args.repeat)]
    traced = stream_once(county, trace=True)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert all(r["rows"] == published for r in runs + [traced]), (published, runs)
    times = [r["seconds"] for r in runs]
    return {"db": db, "items": args.items, "published": published, "load_seconds": load_seconds,
            "best_seconds": min(times), "median_seconds": statistics.median(times),
            "rows_per_second": published / min(times), "megabytes": runs[0]["bytes"] / 1e6,
            "queries": runs[0]["queries"], "peak_python_mb": traced["peak_python"] / 1e6,
            "maxrss_before_mb": rss_before / 1024, "maxrss_after_mb": rss_after / 1024,
            "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}


def print_report(r: dict) -> None:
    print(f"\n{r['db']}: {r['published']:,} published rows of {r['items']:,} items"
          + (f" (loaded in {r['load_seconds']:.0f} s)" if r["load_seconds"] else ""))
    print("| database | rows | best s | median s | rows/s | MB | queries | peak Python MB | max RSS MB before → after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {r['db']} | {r['published']:,} | {r['best_seconds']:.2f} | {r['median_seconds']:.2f} | "
          f"{r['rows_per_second']:,.0f} | {r['megabytes']:.1f} | {r['queries']} | {r['peak_python_mb']:.1f} | "
          f"{r['maxrss_before_mb']:.0f} → {r['maxrss_after_mb']:.0f} |")
    print(f"- {r['uptime']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the benchmark database (do not reload)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.db == "both":
        for db in ("postgres", "sqlite"):
            cmd = [sys.executable, __file__, "--db", db, "--items", str(args.items), "--repeat", str(args.repeat)]
            subprocess.run(cmd + (["--reuse"] if args.reuse else []), check=True)
        return
    result = run(args.db, args)
    print(json.dumps(result, ensure_ascii=False, default=str) if args.json else "", end="")
    if not args.json:
        print_report(result)


if __name__ == "__main__":
    main()
