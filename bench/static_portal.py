#!/usr/bin/env python
"""Static-portal benchmark (issue 11, "What it must show"): do the public pages, as readers get them through the
deployment configuration, answer at the speed of nginx serving a plain file?

In one run, on one nginx (deploy/nginx/, rendered by `publication.nginx.render_standalone`, in front of granian with
the benchmark's own publication folder), wrk measures for each page — the home page, a category's first page (the
county government's 工作动态), an item page and the 政府信息公开指南 —

- *plain*: nginx serving a plain file of the same size (a second `server` of the same nginx, a bare `root`, the
  page's bytes copied there), the baseline;
- *page*: the page itself through the deployment configuration (the published file, with its headers, the
  长辈版 map, `try_files` falling back to granian);

once without `Accept-Encoding` (the whole page) and once with `Accept-Encoding: gzip` as browsers send it (the
`.gz` sibling; its baseline is a plain file of the .gz's size). Each side is measured `--rounds` times, alternating
with the other, and the mean is shown. *ratio* = page req/s ÷ plain req/s (the target is ≥ 0.5). For reference, the same pages rendered by the application (granian straight, `PUBLICATION_SERVE=0`).
Then 200 connections for 60 s on the home page through nginx: requests, errors, non-2xx.

    .venv/bin/python bench/static_portal.py [--db postgres|sqlite|both] [--sizes 10000,1000000] [--duration 8]
                                            [--connections 8] [--long 60] [--long-connections 200] [--reuse]

Databases: at 10,000 items its own (`gongkai_bench_static` on 127.0.0.1:5432, /tmp/gongkai_bench_static/
static.sqlite3), built with bench/portal.py's county and generator; at 1,000,000 items the search benchmark's
(`gongkai_bench_search`, /tmp/gongkai_bench_search/search.sqlite3), only read: no migration, no row written (the
measured pages are rendered and written into this benchmark's own publication folder). Results go to
bench/out/static-portal-<db>-<items>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import portal  # noqa: E402 - the county, the generator, the loader, granian and wrk's Lua summary

OUT = ROOT / "bench" / "out"
WORK = Path("/tmp/gongkai_bench_static")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OWN = {"postgres": f"postgres://{portal.PG_USER}@{portal.PG_HOST}:{portal.PG_PORT}/gongkai_bench_static",
       "sqlite": f"sqlite:///{WORK / 'static.sqlite3'}"}
SEARCH = {"postgres": f"postgres://{portal.PG_USER}@{portal.PG_HOST}:{portal.PG_PORT}/gongkai_bench_search",
          "sqlite": "sqlite:////tmp/gongkai_bench_search/search.sqlite3"}
SHARED_SIZE = 1_000_000  # the search benchmark's databases hold this many items


def database_url(db: str, items: int) -> str:
    return SEARCH[db] if items == SHARED_SIZE else OWN[db]


def env_for(db: str, items: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url(db, items),
        "GONGKAI_VAR_DIR": str(WORK / "var"),
        "GONGKAI_BENCH_STATIC_ROOT": str(WORK / "static"),
        "GONGKAI_BENCH_PUBLISH_ROOT": str(WORK / f"publish-{db}-{items}"),
        "PUBLICATION_SERVE": "0",  # nginx serves the files; granian renders what nginx passes on
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    })
    env.pop("CONN_MAX_AGE", None)
    return env


# ---------------------------------------------------------------------------------------------------------------
# Building (own database) or checking (the search benchmark's)
# ---------------------------------------------------------------------------------------------------------------

def prepare_database(db: str, items: int, reuse: bool) -> None:
    from django.core.management import call_command

    from catalog.models import Item

    if items == SHARED_SIZE:
        have = Item.objects.count()
        if have < SHARED_SIZE:
            raise SystemExit(f"{db}: the search benchmark's database holds {have:,} items, not {SHARED_SIZE:,} "
                             "(still building?): run again when bench/search.py --build-only has finished")
        portal.log(f"{db}: the search benchmark's database, {have:,} items (read only)")
        return
    if not reuse:
        if db == "postgres":
            portal.psql("DROP DATABASE IF EXISTS gongkai_bench_static WITH (FORCE)")
            portal.psql("CREATE DATABASE gongkai_bench_static ENCODING 'UTF8' TEMPLATE template0")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{WORK / 'static.sqlite3'}{suffix}").unlink(missing_ok=True)
    portal.log(f"{db}: migrate")
    call_command("migrate", verbosity=0, interactive=False)
    from agencies.models import User

    portal.build_agencies()
    state = OUT / f"static-dropped-indexes-{db}.json"
    if Item.objects.count() < items or state.exists():
        gen = portal.Generator(portal.agency_infos(), User.objects.get(username="bench-admin").pk,
                               portal.current_serials())
        portal.load_items(items, gen, state)
        portal.finish_load(state)


def pick_pages() -> list[tuple[str, str, str]]:
    """(key, label, path): the four pages of the issue, computed from the data."""
    from agencies.models import Agency
    from catalog.models import Category
    from publication import pages

    county = Agency.objects.get(parent__isnull=True)
    category = Category.objects.get(agency=county, name="工作动态")
    chosen = {key: path for key, _label, path in portal.pick_pages(portal.DEEP_ROW)}
    return [
        ("home", "home /", pages.home()),
        ("category", f"category, first page ({category.published_count:,} rows)", pages.category(county.code,
                                                                                                    category.pk)),
        ("item", "item page", chosen["item"]),
        ("guide", "指南", pages.guide(county.code)),
    ]


def publish(page_list, publish_root: Path, plain_root: Path) -> dict[str, dict]:
    """Render and write the measured pages (and their 长辈版) into this benchmark's folder; copy each page's bytes and
    its .gz into the plain server's folder (the baseline files of the same sizes)."""
    from publication import layout, services

    sizes = {}
    for key, _label, path in page_list:
        counts = services.publish_url(path)
        assert counts.files, f"{path} was not published (HTTP status other than 200?)"
        page = layout.file_for(path)
        gz = layout.gz_of(page)
        shutil.copyfile(page, plain_root / f"{key}.html")
        shutil.copyfile(gz, plain_root / f"{key}.gz.html")
        sizes[key] = {"bytes": page.stat().st_size, "gzip_bytes": gz.stat().st_size}
    return sizes


# ---------------------------------------------------------------------------------------------------------------
# nginx and wrk
# ---------------------------------------------------------------------------------------------------------------

class Nginx:
    def __init__(self, prefix: Path, publish_root: Path, plain_root: Path, upstream: str, static_root: Path):
        from publication import nginx

        self.port, self.plain_port = portal.free_port(), portal.free_port()
        plain = (f"    server {{  # the baseline: a bare root, nothing else\n"
                 f"        listen 127.0.0.1:{self.plain_port};\n        root {plain_root};\n"
                 f"        location / {{ }}\n    }}")
        conf = nginx.render_standalone(prefix, listen=f"127.0.0.1:{self.port}", publish_root=publish_root,
                                       static_root=static_root, upstream=upstream, worker_processes="auto",
                                       access_log=False, extra_http=plain)
        subprocess.run([NGINX, "-t", "-q", "-p", str(prefix), "-c", str(conf)], check=True)
        self.proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                                     start_new_session=True)
        self.base, self.plain_base = f"http://127.0.0.1:{self.port}", f"http://127.0.0.1:{self.plain_port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.plain_base + "/home.html", timeout=2).read()  # noqa: S310
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)


def wrk(url: str, seconds: int, connections: int, threads: int = 1, headers: dict | None = None) -> dict:
    script = WORK / "stats.lua"
    script.write_text(portal.LUA)
    cmd = [portal.WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
           "-s", str(script)]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("BENCH "):
            r = json.loads(line[6:])
            r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
            r["errors"] = r["connect"] + r["read"] + r["write"] + r["timeout"]
            r["non_2xx"] = r["status"]
            return r
    raise RuntimeError(f"no summary from wrk:\n{out}")


def check(url: str, expected: bytes, headers: dict, from_file: bool) -> None:
    """One request first: the bytes must be the file's; the deployment path must answer from the file (nginx's
    ETag, which the application never sends)."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        body = response.read()
        assert response.status == 200, url
        if from_file:
            assert response.headers.get("ETag"), f"{url} did not come from the published file"
    assert body == expected, f"{url}: not the bytes of the file"


def measure(db: str, items: int, args) -> dict:
    os.environ.update(env_for(db, items))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # collected first: building the county publishes its pages on commit, and they link the hashed static files
    call_command("collectstatic", verbosity=0, interactive=False)
    prepare_database(db, items, args.reuse)
    publish_root, plain_root = Path(settings.PUBLISH_ROOT), WORK / f"plain-{db}-{items}"
    for folder in (publish_root, plain_root):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    page_list = pick_pages()
    sizes = publish(page_list, publish_root, plain_root)
    from publication import layout

    # granian as the README runs it (2 workers here, for 2 cores), with PUBLICATION_SERVE=0, nginx in front
    portal.SQLITE_PATH = Path(database_url("sqlite", items).removeprefix("sqlite:///"))
    portal.PG_URL = database_url("postgres", items)
    portal.WORK = WORK  # (portal.server_env: this benchmark's static files and var folder)
    granian = portal.Server(db, args.workers)
    upstream = granian.base.removeprefix("http://")
    nginx = Nginx(WORK / f"nginx-{db}-{items}", publish_root, plain_root, upstream, Path(settings.STATIC_ROOT))
    results, started = [], portal.uptime()
    portal.log(f"{db} {items:,}: nginx on {nginx.port} (plain on {nginx.plain_port}) in front of granian "
               f"({args.workers} workers) on {upstream}; {started}")
    try:
        for key, label, path in page_list:
            file = layout.file_for(path)
            for encoding in ("identity", "gzip"):
                headers = {"Accept-Encoding": "gzip"} if encoding == "gzip" else {}
                plain_name = f"/{key}.gz.html" if encoding == "gzip" else f"/{key}.html"
                expected = (layout.gz_of(file) if encoding == "gzip" else file).read_bytes()
                check(nginx.plain_base + plain_name, expected, {}, from_file=False)
                check(nginx.base + path, expected, headers, from_file=True)
                row = {"key": key, "page": label, "path": path, "encoding": encoding, "items": items,
                       "bytes": len(expected), "plain_runs": [], "deployed_runs": []}
                sides = (("plain", nginx.plain_base + plain_name, {}), ("deployed", nginx.base + path, headers))
                for _side, url, hdrs in sides:
                    wrk(url, args.warmup, args.connections, headers=hdrs)
                for _round in range(args.rounds):  # alternating, so a change of the machine's load hits both
                    for side, url, hdrs in sides:
                        r = wrk(url, args.duration, args.connections, headers=hdrs)
                        row[f"{side}_runs"].append({
                            "rps": round(r["rps"]), "p50_ms": r["p50"] / 1000, "p99_ms": r["p99"] / 1000,
                            "errors": r["errors"], "non_2xx": r["non_2xx"], "load1": round(os.getloadavg()[0], 2)})
                for side in ("plain", "deployed"):
                    runs = row[f"{side}_runs"]
                    row[side] = {"rps": round(sum(x["rps"] for x in runs) / len(runs)),
                                 "p99_ms": max(x["p99_ms"] for x in runs),
                                 "errors": sum(x["errors"] + x["non_2xx"] for x in runs)}
                row["ratio"] = round(row["deployed"]["rps"] / row["plain"]["rps"], 3)
                results.append(row)
                portal.log(f"  {label:<36} {encoding:<8} {len(expected):>7} B  plain {row['plain']['rps']:>7,} "
                           f"page {row['deployed']['rps']:>7,} req/s  ratio {row['ratio']:.2f}  "
                           f"(runs {[x['rps'] for x in row['plain_runs']]} / {[x['rps'] for x in row['deployed_runs']]})")
        rendered = []
        if not args.skip_app:
            for key, label, path in page_list:  # the application itself (PUBLICATION_SERVE=0): for reference
                wrk(granian.base + path, args.warmup, args.connections)
                r = wrk(granian.base + path, args.duration, args.connections)
                rendered.append({"key": key, "page": label, "rps": round(r["rps"], 1), "p50_ms": r["p50"] / 1000,
                                 "p99_ms": r["p99"] / 1000, "errors": r["errors"] + r["non_2xx"]})
                portal.log(f"  {label:<36} rendered by granian: {r['rps']:,.1f} req/s, p99 {r['p99'] / 1000:.0f} ms")
        long_run = None
        if args.long:
            url = nginx.base + "/"
            r = wrk(url, args.long, args.long_connections, threads=2, headers={"Accept-Encoding": "gzip"})
            long_run = {"connections": args.long_connections, "seconds": args.long, "requests": r["requests"],
                        "rps": round(r["rps"]), "p50_ms": r["p50"] / 1000, "p99_ms": r["p99"] / 1000,
                        "max_ms": r["max"] / 1000, "errors": r["errors"], "non_2xx": r["non_2xx"],
                        "connect": r["connect"], "read": r["read"], "write": r["write"], "timeout": r["timeout"]}
            portal.log(f"  home, {args.long_connections} connections for {args.long} s: {r['requests']:,} requests, "
                       f"{r['rps']:,.0f} req/s, p99 {r['p99'] / 1000:.1f} ms, errors {r['errors']}, "
                       f"non-2xx {r['non_2xx']}")
    finally:
        nginx.stop()
        granian.stop()
    report = {"db": db, "items": items, "sizes": sizes, "results": results, "rendered": rendered,
              "long": long_run, "uptime_start": started, "uptime_end": portal.uptime(),
              "machine": portal.machine(), "nginx": subprocess.run([NGINX, "-v"], capture_output=True,
                                                                     text=True).stderr.strip()}
    (OUT / f"static-portal-{db}-{items}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return report


# ---------------------------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------------------------

def print_report(report: dict) -> None:
    name = {"postgres": "PostgreSQL", "sqlite": "SQLite"}[report["db"]]
    print(f"#### {name}, {report['items']:,} items\n")
    print("| page | sent as | bytes | plain file req/s | page req/s | ratio | page p99 ms | errors |")  # means
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in report["results"]:
        errors = r["deployed"]["errors"] + r["plain"]["errors"]
        flag = "" if r["ratio"] >= 0.5 else " (below 0.5)"
        print(f"| {r['page']} | {r['encoding']} | {r['bytes']:,} | {r['plain']['rps']:,} | {r['deployed']['rps']:,} "
              f"| {r['ratio']:.2f}{flag} | {r['deployed']['p99_ms']:.1f} | {errors} |")
    print()
    if report["rendered"]:
        print("Rendered by the application (granian straight, `PUBLICATION_SERVE=0`), for reference: " + "; ".join(
            f"{r['page']} {r['rps']:,.0f} req/s (p99 {r['p99_ms']:.0f} ms)" for r in report["rendered"]) + ".")
    if report["long"]:
        lr = report["long"]
        print(f"Home page, {lr['connections']} connections for {lr['seconds']} s (gzip): {lr['requests']:,} "
              f"requests, {lr['rps']:,} req/s, p50 {lr['p50_ms']:.1f} ms, p99 {lr['p99_ms']:.1f} ms, max "
              f"{lr['max_ms']:.0f} ms; errors {lr['errors']} (connect {lr['connect']}, read {lr['read']}, "
              f"write {lr['write']}, timeout {lr['timeout']}), non-2xx {lr['non_2xx']}.")
    print(f"\n- during the run: {report['uptime_start']} → {report['uptime_end']}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--sizes", default=f"10000,{SHARED_SIZE}",
                        help=f"comma-separated; {SHARED_SIZE:,} means the search benchmark's databases")
    parser.add_argument("--items", type=int, help=argparse.SUPPRESS)  # one size, in the child process
    parser.add_argument("--duration", type=int, default=8, help="seconds of each measured wrk run")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="measured runs of each side, alternating")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--long", type=int, default=60, help="seconds of the many-connection run (0: none)")
    parser.add_argument("--long-connections", type=int, default=200)
    parser.add_argument("--skip-app", action="store_true", help="do not measure the pages rendered by granian")
    parser.add_argument("--reuse", action="store_true", help="keep this benchmark's own 10,000-item database")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.items and args.db != "both":
        measure(args.db, args.items, args)
        return
    reports = []
    for db in (("postgres", "sqlite") if args.db == "both" else (args.db,)):
        for items in (int(s) for s in args.sizes.split(",")):
            # Each (database, size) in its own process: Django's settings are read once per process.
            cmd = [sys.executable, __file__, "--db", db, "--items", str(items), "--duration", str(args.duration),
                   "--warmup", str(args.warmup), "--rounds", str(args.rounds), "--connections", str(args.connections), "--workers",
                   str(args.workers), "--long", str(args.long), "--long-connections", str(args.long_connections),
                   *(["--skip-app"] if args.skip_app else []), *(["--reuse"] if args.reuse else [])]
            subprocess.run(cmd, check=True)
            reports.append(json.loads((OUT / f"static-portal-{db}-{items}.json").read_text()))
    machine = reports[0]["machine"]
    print(f"\n### Static portal ({machine['nproc']} cores, {machine['mem_gib']} GiB, {reports[0]['nginx']})\n")
    for report in reports:
        print_report(report)


if __name__ == "__main__":
    main()
