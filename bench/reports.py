#!/usr/bin/env python
"""Annual-report benchmark (issue 4, "Performance"): computing every agency's annual report is a handful of GROUP BY
queries, whatever the number of agencies and records.

It builds a county of 50 agencies (1 county government, 25 departments, 24 townships; created through the real
services with their default categories) in a database of its own, bulk-loads catalogue items, applications (every
applicant type and reply code, some carried across years) and review cases — straight into the tables, bypassing the
services, for speed — then measures, in the same run:

    1. the 50 annual reports for the report year: every cell computed in SQL (reports.figures.compute), the texts
       drafted, the balance rules run, the JSON built;
    2. the county's consolidated report (reports.assembly.consolidated_document);
    3. the same figures by a per-record Python loop over the same rows (what a naive implementation does),
and checks that (1) and (3) agree. Each measurement is repeated; the best and the median are printed with the number
of queries.

    .venv/bin/python bench/reports.py [--db sqlite|postgres|both] [--items N] [--applications N] [--repeat 3]
                                      [--reuse]

Defaults are small for a quick run (100,000 items, 10,000 applications, both databases); the issue's figures are
`--items 1000000 --applications 100000`. Databases: `gongkai_bench_reports` on 127.0.0.1:5432 (user postgres; dropped
and recreated unless --reuse finds the same sizes) and /tmp/gongkai_bench_reports/reports.sqlite3.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path("/tmp/gongkai_bench_reports")
SQLITE_PATH = WORK / "reports.sqlite3"
PG_DB = "gongkai_bench_reports"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
YEAR = 2025  # the report year
SEED = 20260131
BATCH = 10_000

DEPARTMENTS = ["发展和改革局", "教育局", "工业信息科技局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局",
               "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文体广电和旅游局", "卫生健康局",
               "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "医疗保障局", "林业和草原局", "统计局", "信访局",
               "营商环境建设监督局", "乡村振兴局"]
TOWNSHIPS = ["望奎镇", "通江镇", "卫星镇", "海丰镇", "莲花镇", "东郊镇", "惠七镇", "先锋镇", "火箭镇", "灯塔镇", "东升乡",
             "灵山满族乡", "厢白满族乡", "后三乡", "恭六乡", "红旗乡", "长发乡", "双龙乡", "前进乡", "丰收乡", "兴华乡",
             "太平乡", "福民乡", "永安乡"]
APPLICANT_WEIGHTS = {"natural_person": 70, "business": 12, "research": 2, "public_interest": 3, "legal_services": 6,
                     "other_org": 7}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the database -------------------------------------------------------------------------------------------------

def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
                   check=True, capture_output=True)


def prepare_environment(db: str) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_VAR_DIR"] = str(WORK / "var")
    os.environ["DATABASE_URL"] = PG_URL if db == "postgres" else f"sqlite:///{SQLITE_PATH}"


def recreate(db: str) -> None:
    if db == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def existing_sizes(db: str) -> tuple[int, int, int] | None:
    """(agencies, items, applications) of an existing benchmark database, or None."""
    if db == "sqlite" and not SQLITE_PATH.exists():
        return None
    if db == "postgres":
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-lqt"], capture_output=True, text=True)
        if not any(line.split("|")[0].strip() == PG_DB for line in out.stdout.splitlines()):
            return None
    import django

    django.setup()
    from django.db import connection

    try:
        with connection.cursor() as c:
            c.execute("SELECT (SELECT COUNT(*) FROM agencies_agency), (SELECT COUNT(*) FROM catalog_item), "
                      "(SELECT COUNT(*) FROM applications_application)")
            return tuple(c.fetchone())
    except Exception:
        return None


# --- loading ------------------------------------------------------------------------------------------------------

def build_county():
    from agencies import services as agency_services
    from agencies.models import Agency, User
    from catalog.services import create_default_categories
    from privacy.identifiers import org_code_check_char, uscc_check_char

    admin = User.objects.create_superuser("bench", email="", password="bench-not-a-secret", full_name="基准测试")

    def codes(n: int) -> tuple[str, str]:
        body = f"{11500000 + n:08d}"
        org = body + org_code_check_char(body)
        first17 = "11231221" + org
        return first17 + uscc_check_char(first17), org

    uscc, org = codes(0)
    county = agency_services.create_agency(acting_user=admin, code=org, name="望奎县人民政府", short_name="望奎县",
                                           kind=Agency.Kind.COUNTY_GOVERNMENT, uscc=uscc)
    agencies = [county]
    for i, name in enumerate(DEPARTMENTS, 1):
        uscc, org = codes(i)
        agencies.append(agency_services.create_agency(acting_user=admin, code=org, name=f"望奎县{name}",
                                                      short_name=name, kind=Agency.Kind.DEPARTMENT, parent=county,
                                                      uscc=uscc))
    for i, name in enumerate(TOWNSHIPS, 100):
        uscc, org = codes(i)
        agencies.append(agency_services.create_agency(acting_user=admin, code=org, name=f"{name}人民政府",
                                                      short_name=name, kind=Agency.Kind.TOWNSHIP, parent=county,
                                                      uscc=uscc))
    for agency in agencies:
        create_default_categories(agency, acting_user=admin)
    return admin, agencies


class RawLoader:
    """Rows straight into a table: COPY on PostgreSQL, executemany on SQLite. Each value goes through the field's own
    `get_db_prep_save` (dates, datetimes, encrypted fields), constant values once."""

    def __init__(self, model, varying: list[str], constant: dict):
        from django.db import connection

        self.connection = connection
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        self.varying = [fields[name] for name in varying]
        self.constant = {name: fields[name].get_db_prep_save(value, connection) for name, value in constant.items()}
        missing = set(fields) - set(varying) - set(constant)
        for name in missing:  # everything else: the field's default
            self.constant[name] = fields[name].get_db_prep_save(fields[name].get_default(), connection)
        self.columns = [f.column for f in self.varying] + [fields[name].column for name in self.constant]
        self.tail = tuple(self.constant.values())

    def insert(self, rows: list[tuple]) -> None:
        from django.db import transaction

        conn = self.connection
        prepared = [tuple(f.get_db_prep_save(v, conn) for f, v in zip(self.varying, row, strict=True)) + self.tail
                    for row in rows]
        table = self.model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with transaction.atomic(), conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in self.columns)
                cursor.cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", prepared)


def _per_year(n: int, years: list[int]) -> dict[int, int]:
    weights = [1 + 0.1 * i for i in range(len(years))]
    counts = {y: int(n * w / sum(weights)) for y, w in zip(years, weights, strict=True)}
    counts[years[-1]] += n - sum(counts.values())
    return counts


def load_items(n: int, agencies, admin, rng: random.Random) -> None:
    """Items in the order they would have been published (a real catalogue grows over time), so that one year's
    items sit together on disk as they do in production."""
    from django.utils import timezone

    from catalog.models import Category, DocKind, Item, Validity

    categories = defaultdict(list)
    for cat_id, agency_id in Category.objects.values_list("id", "agency_id"):
        categories[agency_id].append(cat_id)
    weights = [10.0 if a.kind == "county_government" else 1.9 if a.kind == "department" else 1.6 for a in agencies]
    now = timezone.now()
    loader = RawLoader(Item, ["agency_id", "category_id", "index_no", "status", "title", "formed_on", "published_on",
                              "updated_on", "doc_kind", "validity", "abolished_on", "published_late"],
                       {"version": 1, "created_by_id": admin.pk, "created_at": now, "updated_at": now})
    serial: Counter = Counter()
    made = 0
    for year, count in _per_year(n, list(range(2015, YEAR + 1))).items():
        rows = []
        for _ in range(count):
            agency = rng.choices(agencies, weights)[0]
            published = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            formed = published - timedelta(days=rng.randrange(1, 40))
            kind, roll = "", rng.random()
            if roll < 0.02:
                kind = DocKind.NORMATIVE
            elif roll < 0.021 and agency.kind != "township":
                kind = DocKind.REGULATION
            validity, abolished = Validity.VALID, None
            if kind and rng.random() < 0.2:
                abolished = published + timedelta(days=rng.randrange(30, 1500))
                validity, abolished = (Validity.ABOLISHED, abolished) if abolished <= date(YEAR, 12, 31) \
                    else (Validity.VALID, None)
            status = Item.Status.WITHDRAWN if rng.random() < 0.01 else Item.Status.PUBLISHED
            rows.append([agency, rng.choice(categories[agency.pk]), status, formed, published, kind, validity,
                         abolished, rng.random() < 0.08])
        rows.sort(key=lambda r: r[4])
        batch = []
        for agency, category, status, formed, published, kind, validity, abolished, late in rows:
            serial[(agency.pk, year)] += 1
            batch.append((agency.pk, category, f"{agency.org_code}/{year}-{serial[(agency.pk, year)]:06d}", status,
                          f"关于做好{year}年第{made}项工作的通知", formed, published, published, kind, validity,
                          abolished, late))
            made += 1
            if len(batch) == BATCH:
                loader.insert(batch)
                batch = []
        if batch:
            loader.insert(batch)
        log(f"  items {made:,}/{n:,} (through {year})")


def load_applications(n: int, agencies, admin, rng: random.Random) -> None:
    """Applications received from March of the year before the report year to its end, in order of receipt."""
    from django.utils import timezone

    from applications import rules
    from applications.models import Application, Status
    from privacy.fields import blind_index

    codes = [c.code for c in rules.REPLY_CODES]
    code_weights = [30, 25, 12] + [1] * 8 + [10, 5, 3, 2, 3, 2, 1, 1, 1, 3, 1, 2]
    types = list(APPLICANT_WEIGHTS)
    type_weights = list(APPLICANT_WEIGHTS.values())
    weights = [4.0 if a.kind == "county_government" else 1.0 for a in agencies]
    start = date(YEAR - 1, 3, 1)
    span = (date(YEAR, 12, 31) - start).days + 1
    now = timezone.now()
    loader = RawLoader(Application, [
        "agency_id", "number", "tracking_code", "applicant_type", "id_type", "arrived_on", "received_on", "status",
        "due_date", "reply_code", "replied_on"], {
        "channel": "in_person", "applicant_name": "申请人", "id_number": "", "id_index": blind_index("0"),
        "description": "所需政府信息的名称", "form_of_provision": "paper", "route": "pickup",
        "rule_set": rules.RULE_SET_2019, "handler_id": admin.pk, "created_by_id": admin.pk, "created_at": now,
        "updated_at": now})
    received_days = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(n))
    numbers: Counter = Counter()
    batch = []
    for made, received in enumerate(received_days, 1):
        agency = rng.choices(agencies, weights)[0]
        numbers[(agency.pk, received.year)] += 1
        kind = rng.choices(types, type_weights)[0]
        replied = received + timedelta(days=rng.randrange(1, 45)) if rng.random() < 0.93 else None
        if replied and replied > date(YEAR + 1, 1, 20):
            replied = None
        code = rng.choices(codes, code_weights)[0] if replied else ""
        status = (Status.ABANDONED if code in rules.ABANDONMENT_CODES else Status.REPLIED) if code \
            else Status.IN_PROGRESS
        batch.append((agency.pk, f"{received.year}-{numbers[(agency.pk, received.year)]:05d}", f"B{made:011d}", kind,
                      "id_card" if kind == "natural_person" else "uscc", received, received, status,
                      received + timedelta(days=28), code, replied))
        if len(batch) == BATCH:
            loader.insert(batch)
            batch = []
            if made % 20_000 == 0:
                log(f"  applications {made:,}/{n:,}")
    if batch:
        loader.insert(batch)
    log(f"  applications {n:,}/{n:,}")


def load_review_cases(agencies, rng: random.Random) -> None:
    from oversight.models import ReviewCase

    cases = []
    for agency in agencies:
        for _ in range(rng.randrange(0, 6)):
            filed = date(YEAR - 1, 1, 1) + timedelta(days=rng.randrange(700))
            closed = filed + timedelta(days=rng.randrange(30, 200))
            result = rng.choice(["upheld", "corrected", "other"])
            if closed > date(YEAR + 1, 1, 10):
                closed, result = None, "pending"
            cases.append(ReviewCase(agency_id=agency.pk, kind=rng.choice(
                ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]),
                status="decided" if closed else "registered", body="望奎县人民政府", filed_on=filed,
                received_on=filed, result=result, closed_on=closed))
    ReviewCase.objects.bulk_create(cases)


def load(db: str, items: int, applications: int) -> float:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    recreate(db)
    import django

    django.setup()
    connection.close()
    log("migrate")
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    log("50 agencies with their categories (through the services)")
    admin, agencies = build_county()
    log(f"{items:,} catalogue items (bulk insert)")
    load_items(items, agencies, admin, rng)
    log(f"{applications:,} applications (bulk insert)")
    load_applications(applications, agencies, admin, rng)
    load_review_cases(agencies, rng)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return time.perf_counter() - started


# --- what is measured -----------------------------------------------------------------------------------------------

def fifty_reports(agencies) -> dict:
    """Every agency's report for YEAR: cells in SQL, texts drafted, checks run, JSON built (no writes)."""
    from reports.checks import CheckContext, run_checks, text_check
    from reports.document import DocCell, ReportDocument
    from reports.drafting import draft_texts
    from reports.figures import compute
    from reports.formats import format_for_year

    fmt = format_for_year(YEAR)
    computed = compute(fmt, [a.pk for a in agencies], YEAR)
    out = {}
    for agency in agencies:
        c = computed[agency.pk]
        texts = draft_texts(fmt, values=c.values, facts=c.facts, agency_name=agency.name,
                            short_name=agency.short_name, kind=agency.kind, site_name="望奎县政府信息公开平台")
        cells = {s.address: DocCell(*s.address, value=c.values.get(s.address, 0), unit=s.unit, source=s.source,
                                    label=s.label) for s in fmt.cells()}
        doc = ReportDocument(fmt=fmt, agency_code=agency.code, agency_name=agency.name, short_name=agency.short_name,
                             agency_kind=agency.kind, year=YEAR, title=agency.name, cells=cells, texts=texts)
        doc.checks = [*run_checks(fmt, doc.values(), CheckContext(agency_kind=agency.kind)),
                      text_check(fmt, texts)]
        out[agency.pk] = (c.values, c.facts, doc.to_json())
    return out


def county_report(county, agencies):
    from reports.assembly import consolidated_document

    doc, _origin = consolidated_document(county, agencies, YEAR)
    return doc.values()


def python_loop(agencies) -> dict:
    """The same figures by fetching every record and counting in Python, one record at a time."""
    from applications import rules
    from applications.models import Application
    from catalog.models import Item
    from oversight.models import ReviewCase

    ids = [a.pk for a in agencies]
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    before = start - timedelta(days=1)
    row_of = {c.code: c.row for c in rules.REPLY_CODES}
    column_of = {t.code: t.column for t in rules.APPLICANT_TYPES}
    out = {pk: {"values": Counter(), "categories": set(), "items": 0} for pk in ids}
    for (agency_id, category_id, status, mode, published_on, kind, formed_on, validity,
         abolished_on) in Item.objects.filter(agency_id__in=ids).values_list(
            "agency_id", "category_id", "status", "disclosure_mode", "published_on", "doc_kind", "formed_on",
            "validity", "abolished_on").iterator(chunk_size=20_000):
        o = out[agency_id]
        if status != "published":
            continue
        if mode == "proactive" and published_on and start <= published_on <= end:
            o["items"] += 1
            o["categories"].add(category_id)
        if kind:
            v = o["values"]
            if start <= formed_on <= end:
                v[("table2", kind, "made")] += 1
            if validity == "abolished" and abolished_on and start <= abolished_on <= end:
                v[("table2", kind, "abolished")] += 1
            if formed_on <= end and not (validity == "abolished" and abolished_on and abolished_on <= end) \
                    and validity != "expired":
                v[("table2", kind, "in_force")] += 1
    for agency_id, kind, received_on, replied_on, code, _status in Application.objects.filter(
            agency_id__in=ids).exclude(status="split").values_list(
            "agency_id", "applicant_type", "received_on", "replied_on", "reply_code", "status").iterator(
            chunk_size=20_000):
        v = out[agency_id]["values"]
        column = column_of[kind]
        if received_on is None:
            continue
        cells = []
        if start <= received_on <= end:
            cells.append("received")
        if received_on <= before and (replied_on is None or replied_on > before or not code):
            cells.append("carried_in")
        if code and replied_on and start <= replied_on <= end:
            cells += [row_of[code], "total"]
        if received_on <= end and (replied_on is None or replied_on > end or not code):
            cells.append("carried_out")
        for row in cells:
            v[("table3", row, column)] += 1
            v[("table3", row, "total")] += 1
    for agency_id, kind, filed_on, result, closed_on in ReviewCase.objects.filter(agency_id__in=ids).values_list(
            "agency_id", "kind", "filed_on", "result", "closed_on").iterator():
        v = out[agency_id]["values"]
        if closed_on and start <= closed_on <= end:
            bucket = result
        elif filed_on <= end and (closed_on is None or closed_on > end):
            bucket = "pending"
        else:
            continue
        v[("table4", kind, bucket)] += 1
        v[("table4", kind, "total")] += 1
    return out


def agree(sql: dict, loop: dict) -> tuple[bool, int]:
    """Compare every computed cell and the catalogue figures; returns (all equal, cells compared)."""
    compared, equal = 0, True
    for pk, (values, facts, _json) in sql.items():
        mine = loop[pk]
        for address, value in values.items():
            compared += 1
            if mine["values"].get(address, 0) != value:
                equal = False
        if facts.items_published != mine["items"] or len(facts.category_names) != len(mine["categories"]):
            equal = False
    return equal, compared


def measure(fn, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, captured, result = [], [], None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        captured = ctx.captured_queries
    measure.last_queries = captured
    return min(times), statistics.median(times), len(captured), result


def database_label(db: str) -> str:
    from django.db import connection

    with connection.cursor() as c:
        if db == "postgres":
            c.execute("SHOW server_version")
            return f"PostgreSQL {c.fetchone()[0]}"
        c.execute("SELECT sqlite_version()")
        return f"SQLite {c.fetchone()[0]}"


def run(db: str, args) -> dict:
    prepare_environment(db)
    sizes = existing_sizes(db) if args.reuse else None
    load_seconds = None
    if sizes != (50, args.items, args.applications):
        load_seconds = load(db, args.items, args.applications)
    import django

    django.setup()
    from agencies.models import Agency
    from applications.models import Application
    from catalog.models import Item

    agencies = list(Agency.objects.order_by("path"))
    county = agencies[0]
    log("measuring")
    r_min, r_med, r_q, sql = measure(lambda: fifty_reports(agencies), args.repeat)
    profile = sorted(((float(q["time"]), _what(q["sql"])) for q in measure.last_queries), reverse=True)
    c_min, c_med, c_q, _ = measure(lambda: county_report(county, agencies), args.repeat)
    l_min, l_med, l_q, loop = measure(lambda: python_loop(agencies), max(1, args.repeat - 1))
    equal, compared = agree(sql, loop)
    return {
        "db": db, "database": database_label(db), "agencies": len(agencies), "items": Item.objects.count(),
        "applications": Application.objects.count(), "load_seconds": load_seconds,
        "rows": [
            ("50 annual reports (SQL aggregation)", r_min, r_med, r_q),
            ("county consolidated report", c_min, c_med, c_q),
            ("per-record Python loop (same figures)", l_min, l_med, l_q),
        ],
        "equal": equal, "compared": compared, "profile": profile,
    }


def _what(sql: str) -> str:
    """A query, named by its table and grouping, for the profile."""
    table = sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else "?"
    group = sql.split(" GROUP BY ", 1)[1].split(" ORDER BY ")[0][:60] if " GROUP BY " in sql else ""
    return f"{table} GROUP BY {group}" if group else table


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    return f"{cpus} CPU ({model}){mem}, Python {platform.python_version()}, {platform.system()}"


def print_report(result: dict) -> None:
    print()
    print(f"Gongkai annual-report benchmark — {result['database']} — report year {YEAR}")
    print(f"{result['agencies']} agencies, {result['items']:,} catalogue items, {result['applications']:,} applications")
    print(f"machine: {machine()}")
    if result["load_seconds"] is not None:
        print(f"load (schema, services for agencies/categories, bulk insert): {result['load_seconds']:.1f} s")
    print()
    print(f"{'step':<42}{'best (s)':>10}{'median (s)':>12}{'queries':>9}")
    print("-" * 73)
    for label, best, median, queries in result["rows"]:
        print(f"{label:<42}{best:>10.3f}{median:>12.3f}{queries:>9}")
    print("-" * 73)
    sql, loop = result["rows"][0][1], result["rows"][2][1]
    print(f"SQL aggregation is {loop / sql:.1f}× faster than the per-record loop; "
          f"figures equal: {'yes' if result['equal'] else 'NO'} ({result['compared']:,} cells compared)")
    print()
    print("the 50 reports' queries, slowest first (last run):")
    for seconds, what in result["profile"][:8]:
        print(f"  {seconds:7.3f} s  {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep a benchmark database of the same sizes")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (used for --db both)")
    args = parser.parse_args()
    if args.db == "both":
        for db in ("postgres", "sqlite"):
            cmd = [sys.executable, __file__, "--db", db, "--items", str(args.items), "--applications",
                   str(args.applications), "--repeat", str(args.repeat)] + (["--reuse"] if args.reuse else [])
            subprocess.run(cmd, check=True)
        return
    result = run(args.db, args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        print_report(result)


if __name__ == "__main__":
    main()
