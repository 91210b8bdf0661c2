#!/usr/bin/env python
"""Catalogue import benchmark (issue 10): 100,000 rows of a vendor CSV export checked and imported through the real
services (imports.services.run_check / run_import), on SQLite and PostgreSQL, with rows per second and peak memory.

For each database, in a database of its own (/tmp/gongkai_bench_imports/imports.sqlite3, or gongkai_bench_imports on
127.0.0.1:5432, dropped and recreated): migrate, one township with its default categories and a 信息公开办 person
through the real services, then three phases, each in a fresh process so its peak RSS is its own:

    read     the baseline: the rows streamed through imports.readers (encoding detection, header) and nothing else;
    check    the dry run (every row normalised, validated, sanitised, scanned; nothing written);
    import   the import: items, revisions, audit events, search columns, batches of 500 in one transaction each.

The file (GBK-free UTF-8 with BOM, 100,000 rows, 9 columns, Chinese titles and HTML bodies of ~300 characters) is
written once to /tmp. *ratio* is the baseline's rows/s divided by the phase's (how many plain reads one row costs).

    .venv/bin/python bench/import_catalogue.py [--db sqlite|postgres|both] [--rows 100000]
"""

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path("/tmp/gongkai_bench_imports")
SQLITE_PATH = WORK / "imports.sqlite3"
PG_DB = "gongkai_bench_imports"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
CODE = "110000286"  # the township's 组织机构代码 (check character computed in setup)
TOPICS = ["秸秆禁烧", "春耕生产", "防汛抗旱", "低保审批", "宅基地审核", "森林防火", "疫苗接种", "道路维修", "饮水安全",
          "垃圾分类"]
CATEGORIES = ["公告公示", "政策文件", "工作动态", "财政信息", "人事信息"]


def prepare_environment(db: str) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_VAR_DIR"] = str(WORK / "var")
    os.environ["MEDIA_ROOT"] = str(WORK / "media")
    os.environ["DATABASE_URL"] = PG_URL if db == "postgres" else f"sqlite:///{SQLITE_PATH}"


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
                   check=True, capture_output=True)


def write_file(path: Path, rows: int, org_code: str) -> None:
    rng = random.Random(2026)
    start = date(2015, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["索引号", "标题", "文号", "发布机构", "成文日期", "发布日期", "栏目", "有效性", "正文"])
        serial = {}
        for n in range(rows):
            day = start + timedelta(days=rng.randrange(3650))
            serial[day.year] = serial.get(day.year, 0) + 1
            topic = rng.choice(TOPICS)
            body = "".join(f"<p>关于{topic}工作的第{k}项安排：各村要高度重视，落实责任，按时完成{topic}相关任务，"
                           f"确保群众满意。</p>" for k in range(1, 5))
            writer.writerow([f"{org_code}/{day.year}-{serial[day.year]:05d}", f"关于做好{topic}工作的通知（{n}）",
                             f"东政发〔{day.year}〕{serial[day.year]}号", "东升乡人民政府",
                             day.strftime("%Y年%-m月%-d日"), day.strftime("%Y-%m-%d"), rng.choice(CATEGORIES),
                             "有效", body])


def setup(db: str, rows: int) -> None:
    prepare_environment(db)
    if db == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agencies import services as agency_services
    from agencies.models import Agency, Membership, Role, User
    from catalog.services import create_category
    from privacy.identifiers import org_code_check_char, uscc_check_char

    admin = User.objects.create_superuser("bench", email="", password="bench-not-a-secret", full_name="基准测试")
    org = CODE[:8] + org_code_check_char(CODE[:8])
    first17 = "11231221" + org
    agency = agency_services.create_agency(acting_user=admin, code=org, name="东升乡人民政府", short_name="东升乡",
                                           kind=Agency.Kind.TOWNSHIP, uscc=first17 + uscc_check_char(first17))
    for name in CATEGORIES:
        create_category(agency, acting_user=admin, name=name)
    office = User.objects.create_user("office", password="bench-not-a-secret", full_name="孙公开")
    Membership.objects.create(user=office, agency=agency, role=Role.OFFICE_ADMIN)
    path = WORK / f"catalogue-{rows}.csv"
    if not path.exists():
        write_file(path, rows, org)
    print(json.dumps({"agency": org, "file": str(path), "size": path.stat().st_size}))


def phase(name: str, db: str, file: str, agency_code: str) -> None:
    prepare_environment(db)
    import django

    django.setup()
    from django.core.files import File

    from agencies.models import Agency, User
    from imports import services
    from imports.catalogue import KNOWN_HEADERS
    from imports.models import ImportRun
    from imports.readers import ImportSource

    user = User.objects.get(username="office")
    agency = Agency.objects.get(code=agency_code)
    t0 = time.perf_counter()
    if name == "read":
        with ImportSource(Path(file), Path(file).name, KNOWN_HEADERS) as source:
            rows = sum(1 for _ in source.table().rows)
        result = {"rows": rows}
    else:
        run = ImportRun.objects.filter(agency=agency).order_by("-pk").first()
        if name == "check":
            with open(file, "rb") as handle:
                run = services.upload_file(agency, File(handle, name=Path(file).name), acting_user=user)
            run = services.save_mapping(run, run.columns, acting_user=user, source_name="基准测试导出")
            t0 = time.perf_counter()
            run = services.start_check(run, acting_user=user, in_background=False)
            run = services.run_check(run, acting_user=user)
            result = {"rows": run.processed_rows, "ready": run.ready_rows, "failed": run.failed_rows}
        else:
            run = services.start_import(run, acting_user=user, in_background=False)
            run = services.run_import(run, acting_user=user)
            result = {"rows": run.processed_rows, "imported": run.imported_rows, "failed": run.failed_rows,
                      "status": run.status, "failure": run.failure}
    elapsed = time.perf_counter() - t0
    result.update(seconds=elapsed, rate=result["rows"] / elapsed,
                  peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


def child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "setup":
            setup(args.child[1], int(args.child[2]))
        else:
            phase(*args.child)
        return
    print(f"机器：{machine()}；{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}；{args.rows:,} 行")
    print("| database | phase | rows | seconds | rows/s | ratio to read | peak RSS MiB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        info = child("--child", "setup", db, str(args.rows))
        baseline = None
        for name in ("read", "check", "import"):
            result = child("--child", name, db, info["file"], info["agency"])
            baseline = baseline or result["rate"]
            print(f"| {db} | {name} | {result['rows']:,} | {result['seconds']:.1f} | {result['rate']:,.0f} | "
                  f"{baseline / result['rate']:.1f}× | {result['peak_mib']:.0f} |", flush=True)
            if result.get("failed") or result.get("status") == "failed":
                print(f"  problems: {result}", flush=True)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
