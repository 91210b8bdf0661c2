"""Benchmark of the deadline engine: 1,000,000 due dates ("the Nth working day after a start date", with suspended
intervals) computed by `workdays.engine.WorkCalendar` (binary searches over the sorted working days), next to the naive
day-by-day walk of domain.md §4.4 (`workdays.engine.naive_nth_working_day_after`) run on a smaller sample in the
same process and extrapolated. Both give the same dates on the sample (checked).

    .venv/bin/python bench/deadlines.py [--n 1000000] [--naive 20000] [--seed 2026]

The calendar is built from the chinesecalendar package (2004 to its last year, holidays and 调休 working days), as
the platform's seed migration does, so no database is needed.
"""

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from workdays.engine import Suspension, WorkCalendar, naive_nth_working_day_after  # noqa: E402
from workdays.errors import CalendarNotLoaded  # noqa: E402

PERIODS = (7, 15, 20, 40)  # 补正告知, 征求意见 / 2007 reply, reply, reply + extension


def package_calendar() -> WorkCalendar:
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    return WorkCalendar(range(min(years), max(years) + 1), constants.holidays, constants.workdays)


def cases(n: int, seed: int) -> list[tuple[date, int, tuple[Suspension, ...]]]:
    """n random cases: start 2015-01-01…2026-12-31, a period of 7/15/20/40 working days, and for about one in three
    one or two suspensions (a consultation of a few days to four weeks, a fee period) starting after the start."""
    rng = random.Random(seed)
    first, span = date(2015, 1, 1).toordinal(), date(2026, 12, 31).toordinal() - date(2015, 1, 1).toordinal()
    out = []
    for _ in range(n):
        start = date.fromordinal(first + rng.randrange(span + 1))
        days = rng.choice(PERIODS)
        suspensions: tuple[Suspension, ...] = ()
        if rng.random() < 0.35:
            suspensions = tuple(
                Suspension(a, a + timedelta(days=rng.randrange(3, 29)))
                for a in (start + timedelta(days=rng.randrange(1, 20)) for _ in range(rng.choice((1, 1, 2)))))
        out.append((start, days, suspensions))
    return out


def run_engine(calendar: WorkCalendar, work) -> tuple[float, list, int]:
    results, beyond = [], 0
    t0 = time.perf_counter()
    for start, days, suspensions in work:
        try:
            results.append(calendar.nth_working_day_after(start, days, suspensions))
        except CalendarNotLoaded:  # the period runs past the last loaded year: fails loudly, by design
            results.append(None)
            beyond += 1
    return time.perf_counter() - t0, results, beyond


def run_naive(calendar: WorkCalendar, work) -> tuple[float, list]:
    last = date(calendar.loaded_span[1], 12, 31)

    def is_working_day(d: date) -> bool:
        if d > last:
            raise CalendarNotLoaded(d.year, calendar.loaded_span)
        return calendar.is_working_day(d)

    results = []
    t0 = time.perf_counter()
    for start, days, suspensions in work:
        try:
            results.append(naive_nth_working_day_after(start, days, is_working_day, suspensions))
        except CalendarNotLoaded:
            results.append(None)
    return time.perf_counter() - t0, results


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()} ({platform.system()})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--naive", type=int, default=20_000, help="sample size for the day-by-day loop")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    t0 = time.perf_counter()
    calendar = package_calendar()
    build = time.perf_counter() - t0
    work = cases(args.n, args.seed)
    with_suspensions = sum(1 for _, _, s in work if s)

    print(f"机器：{machine()}")
    print(f"日历：{calendar.loaded_span[0]}—{calendar.loaded_span[1]}年（chinesecalendar），构建耗时 {build * 1000:.1f} ms")
    print(f"样本：{len(work):,} 个期限（起算日 2015—2026 年，期限 7/15/20/40 个工作日，"
          f"{with_suspensions:,} 个含中止区间）\n")

    engine_time, engine_results, beyond = run_engine(calendar, work)
    engine_rate = len(work) / engine_time
    print(f"期限引擎（二分查找）：{len(work):,} 个用时 {engine_time:.2f} s，"
          f"{engine_rate:,.0f} 个/秒（{beyond:,} 个超出已载入日历，按设计报错）")

    sample = work[: args.naive]
    naive_time, naive_results = run_naive(calendar, sample)
    naive_rate = len(sample) / naive_time
    mismatches = sum(1 for a, b in zip(engine_results[: len(sample)], naive_results, strict=True) if a != b)
    print(f"逐日循环（朴素算法）：{len(sample):,} 个用时 {naive_time:.2f} s，{naive_rate:,.0f} 个/秒；"
          f"推算 {len(work):,} 个需 {len(work) / naive_rate:.1f} s")
    print(f"\n引擎比逐日循环快 {engine_rate / naive_rate:.1f} 倍；两者在 {len(sample):,} 个样本上结果"
          f"{'完全一致' if mismatches == 0 else f'有 {mismatches} 个不一致'}。")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
