"""Computing a report's cells from the registers, for many agencies at once.

`compute(fmt, agency_ids, year)` returns, per agency, the value of every computed cell of the format and the facts the
text sections are drafted from. It issues a fixed number of queries whatever the number of agencies or records (each
source answers for all agencies with one GROUP BY); nothing loops over records in Python.

Counting rules (domain.md §2.4 [I]): 一 = received (legal receipt date) in the year; 二 = received by 12月31日 of the
previous year and not concluded by then — exactly how the previous year's 四 is computed, so T3-1 holds by
construction and T3-4 compares with the previous year's stored report; 三 = concluded in the year, by the row of the
reply code; 四 = received by 12月31日 and not concluded by then.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from applications import rules as app_rules

from . import sources
from .formats.base import FIGURES, TABLE2, TABLE3, TABLE4, ReportFormat

Address = tuple[str, str, str]
APPLICANT_COLUMNS = [c for c in app_rules.COLUMNS if c != "total"]
REVIEW_KINDS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending")


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass
class Facts:
    """What the texts say about one agency's year, beyond the table cells."""

    year: int
    items_published: int = 0
    items_late: int = 0
    categories: list[sources.CategoryCount] = field(default_factory=list)
    documents: dict[str, sources.DocumentCounts] = field(default_factory=dict)
    fees_cents: int = 0  # paid in the year: 信息处理费 and the 2007 rules' cost fees
    fees_cost_cents: int = 0  # of which 检索、复制、邮寄等成本费用 (applications under the 2007 rules)
    fees_waived_cents: int = 0  # 减免 in the year
    suggestions: sources.SuggestionFacts = field(default_factory=sources.SuggestionFacts)
    complaints: dict = field(default_factory=dict)
    work_plan: dict | None = None
    ratings: dict | None = None
    applications: dict[str, dict[str, int]] = field(default_factory=dict)  # table 三 by row and column (2021 keys)
    review: dict[str, dict[str, int]] = field(default_factory=dict)  # table 四 by kind and result

    @property
    def category_names(self) -> list[str]:
        return [c.name for c in self.categories if c.published]

    def app(self, row: str, column: str = "total") -> int:
        return self.applications.get(row, {}).get(column, 0)

    def app_sum(self, prefix: str) -> int:
        return sum(cols.get("total", 0) for row, cols in self.applications.items() if row.startswith(prefix))

    @property
    def review_total(self) -> int:
        return sum(sum(v.values()) for v in self.review.values())

    @property
    def review_corrected(self) -> int:
        return sum(v.get("corrected", 0) for v in self.review.values())


@dataclass
class Computed:
    values: dict[Address, int]
    facts: Facts


def _application_table(agency_id: int, received, concluded, carried_in, carried_out) -> dict[str, dict[str, int]]:
    """Table 三 in the 2021 keys for one agency, totals derived (T3-2 and T3-3 hold by construction)."""
    table: dict[str, dict[str, int]] = {}

    def put(row: str, per_column: dict[str, int]) -> None:
        cols = {c: int(per_column.get(c, 0)) for c in APPLICANT_COLUMNS}
        cols["total"] = sum(cols.values())
        table[row] = cols

    put("received", {c: received.get((agency_id, c), 0) for c in APPLICANT_COLUMNS})
    put("carried_in", {c: carried_in.get((agency_id, c), 0) for c in APPLICANT_COLUMNS})
    for row in app_rules.OUTCOME_ROWS:
        put(row, {c: concluded.get((agency_id, c, row), 0) for c in APPLICANT_COLUMNS})
    put("total", {c: sum(table[r][c] for r in app_rules.OUTCOME_ROWS) for c in APPLICANT_COLUMNS})
    put("carried_out", {c: carried_out.get((agency_id, c), 0) for c in APPLICANT_COLUMNS})
    return table


def _carried_in(year: int, previous_end: date, agency_ids: list[int]) -> dict[tuple[int, str], int]:
    """二、上年结转: the applications the registers hold as pending at the end of the previous year; for an agency whose
    registers hold none, and whose previous year's report was imported (it came onto the platform after that year),
    that report's 四、结转下年度继续办理, column by column."""
    carried_in = dict(sources.pending_counts(previous_end, agency_ids))
    with_registers = {agency_id for (agency_id, _c), n in carried_in.items() if n}
    for (agency_id, column), n in sources.imported_carried_out(year - 1, agency_ids).items():
        if agency_id not in with_registers and column != "total":
            carried_in[(agency_id, column)] = n
    return carried_in


def compute(fmt: ReportFormat, agency_ids: list[int], year: int, *, with_facts: bool = True) -> dict[int, Computed]:
    """Every computed cell of `fmt` for each agency in `agency_ids`, for `year`."""
    agency_ids = list(agency_ids)
    start, end = year_bounds(year)
    previous_end = start - timedelta(days=1)

    received = sources.received_counts(start, end, agency_ids)
    concluded = sources.concluded_counts(start, end, agency_ids)
    carried_in = _carried_in(year, previous_end, agency_ids)
    carried_out = sources.pending_counts(end, agency_ids)
    reviews = sources.review_case_counts(start, end, agency_ids)
    documents = sources.document_counts(start, end, agency_ids)
    published = sources.published_by_category(start, end, agency_ids)
    suggestions = sources.suggestion_facts(start, end, agency_ids) if (with_facts or fmt.figures) else {}
    fees = sources.fee_totals_cents(start, end, agency_ids) if (with_facts or fmt.figures) else {}
    complaints = sources.complaint_counts(start, end, agency_ids) if with_facts else {}
    work_plan = sources.work_plan_completion(year, agency_ids) if with_facts else {}
    ratings = sources.rating_summary(start, end, agency_ids) if with_facts else {}

    out: dict[int, Computed] = {}
    for agency_id in agency_ids:
        apps = _application_table(agency_id, received, concluded, carried_in, carried_out)
        review = {k: {r: int(reviews.get((agency_id, k, r), 0)) for r in REVIEW_RESULTS} for k in REVIEW_KINDS}
        docs = {kind: documents.get((agency_id, kind), sources.DocumentCounts()) for kind in ("regulation", "normative")}
        categories = published.get(agency_id, [])
        facts = Facts(
            year=year,
            items_published=sum(c.published for c in categories),
            items_late=sum(c.late for c in categories),
            categories=categories,
            documents=docs,
            fees_cents=fees.get(agency_id, sources.FeeCents()).charged,
            fees_cost_cents=fees.get(agency_id, sources.FeeCents()).cost,
            fees_waived_cents=fees.get(agency_id, sources.FeeCents()).waived,
            suggestions=suggestions.get(agency_id, sources.SuggestionFacts()),
            complaints=complaints.get(agency_id, {}) or {},
            work_plan=work_plan.get(agency_id),
            ratings=ratings.get(agency_id),
            applications=apps,
            review=review,
        )
        out[agency_id] = Computed(_cells(fmt, facts), facts)
    return out


def _cells(fmt: ReportFormat, facts: Facts) -> dict[Address, int]:
    values: dict[Address, int] = {}
    computed = {c.address for c in fmt.cells() if c.source == "computed"}

    def put(address: Address, value: int) -> None:
        if address in computed:
            values[address] = int(value)

    # table 二: the 规章 / 行政规范性文件 block is counted from the catalogue; the rest is entered
    for kind, docs in facts.documents.items():
        for column, value in (("made", docs.made), ("abolished", docs.abolished), ("in_force", docs.in_force),
                              ("new_made", docs.made), ("new_published", docs.published),
                              ("public_total", docs.published_total)):
            put((TABLE2, kind, column), value)
    # table 三
    if fmt.table3:
        for row in fmt.table3.rows:
            sources_rows = fmt.table3_source_rows(row.key)
            for col in fmt.table3.columns:
                put((TABLE3, row.key, col.key), sum(facts.app(r, col.key) for r in sources_rows))
    # table 四
    if fmt.table4:
        for kind, results in facts.review.items():
            for result, n in results.items():
                put((TABLE4, kind, result), n)
            put((TABLE4, kind, "total"), sum(results.values()))
    # the pre-2019 figures
    if fmt.figures:
        s = facts.suggestions
        figures = {
            "items_published": facts.items_published,
            "categories": len(facts.category_names),
            "applications_received": facts.app("received"),
            "applications_carried_in": facts.app("carried_in"),
            "applications_granted": facts.app("granted"),
            "applications_partial": facts.app("partial"),
            "applications_withheld": facts.app_sum("withheld_"),
            "applications_other": facts.app_sum("unable_") + facts.app_sum("rejected_") + facts.app_sum("other_"),
            "applications_pending": facts.app("carried_out"),
            "reconsideration": sum(facts.review.get("reconsideration", {}).values()),
            "litigation": sum(sum(facts.review.get(k, {}).values()) for k in REVIEW_KINDS[1:]),
            "npc_suggestions": s.npc,
            "cppcc_proposals": s.cppcc,
            "fees_charged": facts.fees_cents,
            "fees_waived": facts.fees_waived_cents,
        }
        for key, value in figures.items():
            put((FIGURES, key, "value"), value)
    return values


def consolidate(per_agency: list[dict[Address, int]]) -> dict[Address, int]:
    """The county's consolidated tables: the sum of each cell over agencies."""
    total: dict[Address, int] = defaultdict(int)
    for values in per_agency:
        for address, value in values.items():
            total[address] += int(value or 0)
    return dict(total)
