"""The balance rules of the annual report (domain.md §2.3–2.5), per format. Each rule returns the cells that break it
with a sentence naming them; errors block approval and publication (AR-1), warnings are shown and do not block.

    T2-1  error    every count and amount is non-negative (the trial format's 本年增/减 may be negative)
    T2-2  warning  现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y), for 规章 and 行政规范性文件
    T2-3  warning  a township or subdistrict has no power to make 规章
    T3-1  error    per column: 一 + 二 = 三（七） + 四 (the rule printed in the table's header cell)
    T3-2  error    per column: 三（七） = the sum of the outcome rows
    T3-3  error    per row: 总计 = the sum of the six applicant columns
    T3-4  warning  per column: 二(Y) = 四(Y−1)
    T4-1  error    per group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
    L-1   warning  (pre-2019 layout) 收到 + 上年结转 = the answers + 结转下年度

T3-5 (部分公开 counted once) holds by construction: each concluded application has exactly one reply code, and A3 maps
to （二）部分公开 only (applications.rules).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .formats.base import FIGURES, TABLE2, TABLE3, TABLE4, ReportFormat, Severity, Unit

Address = tuple[str, str, str]
Values = Mapping[Address, int]


@dataclass(frozen=True)
class Failure:
    cells: tuple[Address, ...]
    message: str


@dataclass
class CheckContext:
    """What a rule may need beyond the report's own cells."""

    agency_kind: str = ""
    previous: Values | None = None  # the previous year's cells (stored report, or computed), when comparable
    previous_source: str = ""  # e.g. "2024年度报告", for the message
    previous_partial: bool = False  # the previous report is in another format: only table 三 compares


@dataclass
class CheckResult:
    rule: str
    title: str
    severity: Severity
    failures: list[Failure] = field(default_factory=list)
    note: str = ""  # e.g. why a cross-year rule could not be applied

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR and not self.ok

    def failing_cells(self) -> list[Address]:
        seen: dict[Address, None] = {}
        for failure in self.failures:
            for address in failure.cells:
                seen.setdefault(address, None)
        return list(seen)


Rule = Callable[[ReportFormat, Values, CheckContext], tuple[list[Failure], str]]


@dataclass(frozen=True)
class RuleSpec:
    code: str
    title: str
    severity: Severity
    fn: Rule


def _v(values: Values, address: Address) -> int:
    return int(values.get(address, 0) or 0)


def _t3_row_label(fmt: ReportFormat, key: str) -> str:
    return next(r.label for r in fmt.table3.rows if r.key == key)


def _t3_col_label(fmt: ReportFormat, key: str) -> str:
    return next(c.label for c in fmt.table3.columns if c.key == key)


# --- table 二 ---------------------------------------------------------------------------------------------------

def t2_1(fmt, values, ctx):
    failures = []
    for spec in fmt.cells():
        if spec.unit != Unit.SIGNED and _v(values, spec.address) < 0:
            failures.append(Failure((spec.address,), f"“{spec.label}”为负数（{_v(values, spec.address)}），应为非负数。"))
    return failures, ""


def t2_2(fmt, values, ctx):
    if ctx.previous is None:
        return [], "没有可比较的上一年度数据（上一年度不适用本格式或尚无报告），未核对。"
    failures = []
    for row, label in (("regulation", "规章"), ("normative", "行政规范性文件")):
        made, abolished, in_force = (_v(values, (TABLE2, row, c)) for c in ("made", "abolished", "in_force"))
        before = _v(ctx.previous, (TABLE2, row, "in_force"))
        expected = before + made - abolished
        if in_force != expected:
            failures.append(Failure(
                ((TABLE2, row, "in_force"), (TABLE2, row, "made"), (TABLE2, row, "abolished")),
                f"{label}：现行有效件数为{in_force}，上一年度{ctx.previous_source}现行有效{before}件"
                f"加本年制发{made}件减本年废止{abolished}件应为{expected}件。"))
    return failures, ""


def t2_3(fmt, values, ctx):
    if ctx.agency_kind not in ("township", "subdistrict"):
        return [], ""
    cells = tuple((TABLE2, "regulation", c.key) for b in fmt.table2 if b.key == "20.1" for c in b.columns
                  if _v(values, (TABLE2, "regulation", c.key)) != 0)
    if cells:
        return [Failure(cells, "乡镇、街道没有制定规章的权限，“规章”一行通常应为0，请核实。")], ""
    return [], ""


# --- table 三 ---------------------------------------------------------------------------------------------------

def _outcome_rows(fmt: ReportFormat) -> list[str]:
    return [r.key for r in fmt.table3.rows if r.key not in ("received", "carried_in", "total", "carried_out")]


def _applicant_columns(fmt: ReportFormat) -> list[str]:
    return [c.key for c in fmt.table3.columns if c.key != "total"]


def t3_1(fmt, values, ctx):
    failures = []
    for col in fmt.table3.columns:
        a, b, c, d = (_v(values, (TABLE3, row, col.key)) for row in ("received", "carried_in", "total", "carried_out"))
        if a + b != c + d:
            failures.append(Failure(
                tuple((TABLE3, row, col.key) for row in ("received", "carried_in", "total", "carried_out")),
                f"“{col.label}”列：一（{a}）加二（{b}）之和为{a + b}，三（七）总计（{c}）加四（{d}）之和为{c + d}，"
                f"二者不相等。"))
    return failures, ""


def t3_2(fmt, values, ctx):
    failures = []
    rows = _outcome_rows(fmt)
    for col in fmt.table3.columns:
        total = _v(values, (TABLE3, "total", col.key))
        parts = sum(_v(values, (TABLE3, row, col.key)) for row in rows)
        if total != parts:
            failures.append(Failure(
                ((TABLE3, "total", col.key), *((TABLE3, row, col.key) for row in rows)),
                f"“{col.label}”列：三（七）总计为{total}，三（一）至三（六）各项之和为{parts}，二者不相等。"))
    return failures, ""


def t3_3(fmt, values, ctx):
    failures = []
    cols = _applicant_columns(fmt)
    for row in fmt.table3.rows:
        total = _v(values, (TABLE3, row.key, "total"))
        parts = sum(_v(values, (TABLE3, row.key, c)) for c in cols)
        if total != parts:
            failures.append(Failure(
                ((TABLE3, row.key, "total"), *((TABLE3, row.key, c) for c in cols)),
                f"“{row.label}”行：总计为{total}，自然人与法人或其他组织各列之和为{parts}，二者不相等。"))
    return failures, ""


def t3_4(fmt, values, ctx):
    if ctx.previous is None:
        return [], "没有上一年度的数据可比较，未核对。"
    failures = []
    for col in fmt.table3.columns:
        now = _v(values, (TABLE3, "carried_in", col.key))
        before = _v(ctx.previous, (TABLE3, "carried_out", col.key))
        if now != before:
            failures.append(Failure(
                ((TABLE3, "carried_in", col.key),),
                f"“{col.label}”列：二、上年结转为{now}，上一年度{ctx.previous_source}四、结转下年度继续办理为{before}。"))
    return failures, ""


# --- table 四 ---------------------------------------------------------------------------------------------------

def t4_1(fmt, values, ctx):
    failures = []
    for group, top, second in fmt.table4.groups:
        parts = [_v(values, (TABLE4, group, c)) for c in ("upheld", "corrected", "other", "pending")]
        total = _v(values, (TABLE4, group, "total"))
        if total != sum(parts):
            name = f"{top}（{second}）" if second else top
            failures.append(Failure(
                tuple((TABLE4, group, c) for c in ("upheld", "corrected", "other", "pending", "total")),
                f"{name}：总计为{total}，结果维持、结果纠正、其他结果、尚未审结之和为{sum(parts)}，二者不相等。"))
    return failures, ""


# --- pre-2019 ---------------------------------------------------------------------------------------------------

def l_1(fmt, values, ctx):
    def f(key):
        return _v(values, (FIGURES, key, "value"))

    incoming = f("applications_received") + f("applications_carried_in")
    keys = ("applications_granted", "applications_partial", "applications_withheld", "applications_other",
            "applications_pending")
    outgoing = sum(f(k) for k in keys)
    if incoming != outgoing:
        return [Failure(tuple((FIGURES, k, "value") for k in ("applications_received", "applications_carried_in",
                                                                *keys)),
                        f"收到申请数加上年结转为{incoming}件，各类答复与结转下年度之和为{outgoing}件，二者不相等。")], ""
    return [], ""


RULES: dict[str, RuleSpec] = {r.code: r for r in (
    RuleSpec("T2-1", "数值非负", Severity.ERROR, t2_1),
    RuleSpec("T2-2", "现行有效件数跨年度衔接", Severity.WARNING, t2_2),
    RuleSpec("T2-3", "乡镇无规章制定权", Severity.WARNING, t2_3),
    RuleSpec("T3-1", "第一项加第二项之和等于第三项加第四项之和", Severity.ERROR, t3_1),
    RuleSpec("T3-2", "三（七）总计等于各项办理结果之和", Severity.ERROR, t3_2),
    RuleSpec("T3-3", "总计列等于各类申请人之和", Severity.ERROR, t3_3),
    RuleSpec("T3-4", "上年结转等于上一年度结转下年度继续办理", Severity.WARNING, t3_4),
    RuleSpec("T4-1", "复议、诉讼各组总计等于四项结果之和", Severity.ERROR, t4_1),
    RuleSpec("L-1", "申请数与答复数衔接", Severity.WARNING, l_1),
)}


def run_checks(fmt: ReportFormat, values: Values, ctx: CheckContext | None = None) -> list[CheckResult]:
    """Every rule of the format, in order; each result lists the failing cells."""
    ctx = ctx or CheckContext()
    out = []
    for code in fmt.rules:
        spec = RULES[code]
        failures, note = spec.fn(fmt, values, ctx)
        out.append(CheckResult(spec.code, spec.title, spec.severity, failures, note))
    return out


def blocking(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.blocking]


def text_check(fmt: ReportFormat, texts: Mapping[str, str], *, short_name: str = "", year: int = 0) -> CheckResult:
    """TXT-1 (error): no placeholder left in the text (what the platform could not draft must be written by a
    person before the report goes to the 第一责任人)."""
    from .drafting import has_placeholder

    failures = []
    for section in fmt.sections:
        title = section.heading(short_name=short_name, next_year=year + 1)
        for part in section.parts:
            if has_placeholder(texts.get(part.key, "")):
                failures.append(Failure((("text", part.key, ""),), f"“{title}{part.heading}”还有【待填写】的内容。"))
    return CheckResult("TXT-1", "文字部分已填写完整", Severity.ERROR, failures)
