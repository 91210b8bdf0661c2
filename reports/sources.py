"""Where the report's numbers come from: the catalogue (queried here, read-only), and the selectors that the
applications and oversight apps publish for reporting (their contracts are fixed; see each function).

Every function takes a list of agency ids and answers for all of them with a fixed number of queries, so a county of
50 agencies costs what one agency costs. Other apps are imported at call time: reports depend on them, not the reverse.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from agencies.models import Agency
from catalog.models import Category, DisclosureMode, DocKind, Item, Validity

PUBLISHED = Item.Status.PUBLISHED


# --- catalogue ---------------------------------------------------------------------------------------------------

def _published(agency_ids):
    return Item.objects.filter(agency_id__in=agency_ids, status=PUBLISHED, disclosure_mode=DisclosureMode.PROACTIVE)


@dataclass
class CategoryCount:
    category_id: int
    name: str
    column: str
    sort_order: int
    published: int = 0
    late: int = 0


def published_by_category(start: date, end: date, agency_ids: list[int]) -> dict[int, list[CategoryCount]]:
    """Items proactively published in the period, per agency and category (the category's order), with how many were
    published after their due date (Art.26). Two queries: the counts grouped by category alone (narrow rows, hashed;
    a category belongs to one agency), then the names of those categories."""
    rows = (_published(agency_ids).filter(published_on__gte=start, published_on__lte=end)
            .values_list("category_id").annotate(n=Count("id"), late=Count("id", filter=Q(published_late=True)))
            .order_by())
    counts = {category_id: (n, late) for category_id, n, late in rows}
    out: dict[int, list[CategoryCount]] = defaultdict(list)
    if not counts:
        return out
    for pk, agency_id, name, column, order in (Category.objects.filter(pk__in=list(counts))
                                               .values_list("pk", "agency_id", "name", "column", "sort_order")):
        n, late = counts[pk]
        out[agency_id].append(CategoryCount(pk, name, column, order, n, late))
    for entries in out.values():
        entries.sort(key=lambda c: (c.sort_order, c.category_id))
    return out


def published_by_month(start: date, end: date, agency_ids: list[int]) -> dict[int, dict[int, int]]:
    """Items proactively published per agency and month of the period (1–12). One query."""
    rows = (_published(agency_ids).filter(published_on__gte=start, published_on__lte=end)
            .annotate(month=ExtractMonth("published_on")).values("agency_id", "month").annotate(n=Count("id")))
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for r in rows:
        out[r["agency_id"]][r["month"]] = r["n"]
    return out


@dataclass
class DocumentCounts:
    """规章 / 行政规范性文件 per agency: made (formed) in the period, abolished in it, in force at its end, published in
    it, published by its end."""

    made: int = 0
    abolished: int = 0
    in_force: int = 0
    published: int = 0
    published_total: int = 0


def document_counts(start: date, end: date, agency_ids: list[int]) -> dict[tuple[int, str], DocumentCounts]:
    """Keyed (agency id, "regulation" | "normative"). Two queries (the number of agencies, then the counts).

    In force at the end of the period: formed by then, and neither abolished by then nor marked 失效 (a 失效 mark has no
    date, so it counts from when it was set — the catalogue does not record more)."""
    abolished_by_end = Q(validity=Validity.ABOLISHED, abolished_on__lte=end)
    wanted = set(agency_ids)
    documents = Item.objects.filter(status=PUBLISHED, doc_kind__in=[DocKind.REGULATION, DocKind.NORMATIVE])
    # Measured before the partial index item_documents (agency, doc_kind; catalog migration 0006) existed: without it
    # this is a scan of the catalogue either way. For a few agencies, their agency index narrows it; for most of the
    # county, an agency filter only lured SQLite into one random row lookup per item through that index (10× slower
    # than a plain scan at 1,000,000 items): scan, group, and keep ours in Python. Re-measure with bench/reports.py
    # before changing either path now that the documents have an index of their own.
    if len(wanted) * 4 < Agency.objects.count():
        documents = documents.filter(agency_id__in=list(wanted))
    rows = (documents.values("doc_kind", "agency_id")
            .annotate(made=Count("id", filter=Q(formed_on__gte=start, formed_on__lte=end)),
                      abolished=Count("id", filter=Q(validity=Validity.ABOLISHED, abolished_on__gte=start,
                                                     abolished_on__lte=end)),
                      in_force=Count("id", filter=Q(formed_on__lte=end) & ~abolished_by_end
                                     & ~Q(validity=Validity.EXPIRED)),
                      published=Count("id", filter=Q(published_on__gte=start, published_on__lte=end)),
                      published_total=Count("id", filter=Q(published_on__lte=end))))
    return {(r["agency_id"], r["doc_kind"]): DocumentCounts(r["made"], r["abolished"], r["in_force"], r["published"],
                                                             r["published_total"])
            for r in rows if r["agency_id"] in wanted}


def document_drilldown(agency_id: int, start: date, end: date, kind: str, measure: str):
    """The catalogue items behind one table 二 cell (the same filters as `document_counts`)."""
    qs = Item.objects.filter(agency_id=agency_id, status=PUBLISHED, doc_kind=kind).select_related("category")
    if measure in ("made", "new_made"):
        qs = qs.filter(formed_on__gte=start, formed_on__lte=end)
    elif measure == "abolished":
        qs = qs.filter(validity=Validity.ABOLISHED, abolished_on__gte=start, abolished_on__lte=end)
    elif measure == "in_force":
        qs = qs.filter(formed_on__lte=end).exclude(validity=Validity.ABOLISHED, abolished_on__lte=end).exclude(
            validity=Validity.EXPIRED)
    elif measure == "new_published":
        qs = qs.filter(published_on__gte=start, published_on__lte=end)
    elif measure == "public_total":
        qs = qs.filter(published_on__lte=end)
    else:
        return qs.none()
    return qs.order_by("formed_on", "id")


def published_items_drilldown(agency_id: int, start: date, end: date):
    return (_published([agency_id]).filter(published_on__gte=start, published_on__lte=end)
            .select_related("category").order_by("published_on", "id"))


# --- applications (applications.selectors, contract fixed by the applications issue) -------------------------------

def _applications():
    from applications import selectors

    return selectors


def received_counts(start, end, agency_ids) -> dict[tuple[int, str], int]:
    """本年新收 by legal receipt date: (agency id, column key) → n."""
    return _applications().report_received_counts(start, end, list(agency_ids))


def concluded_counts(start, end, agency_ids) -> dict[tuple[int, str, str], int]:
    """Concluded in the period: (agency id, column key, row key) → n."""
    return _applications().report_concluded_counts(start, end, list(agency_ids))


def pending_counts(on, agency_ids) -> dict[tuple[int, str], int]:
    """Received by `on` and not concluded by `on`: (agency id, column key) → n."""
    return _applications().report_pending_counts(on, list(agency_ids))


@dataclass(frozen=True)
class FeeCents:
    """An agency's fees of the year in 分: charged (信息处理费 and 成本费用), the 2007 rules' cost fees among them, and
    减免."""

    charged: int = 0
    cost: int = 0
    waived: int = 0


def _cents(yuan) -> int:
    return int((Decimal(yuan) * 100).to_integral_value())


def fee_totals_cents(start, end, agency_ids) -> dict[int, FeeCents]:
    """Fees paid and waived in the period, in 分 (the selector answers in 元 as Decimal)."""
    return {agency_id: FeeCents(_cents(t.charged), _cents(t.cost), _cents(t.waived))
            for agency_id, t in _applications().fee_totals(start, end, list(agency_ids)).items()}


def application_drilldown(agency_id, start, end, row, column):
    return _applications().report_drilldown(agency_id, start, end, row, column)


def operational_stats(start, end, agency_ids) -> dict:
    return _applications().operational_stats(start, end, list(agency_ids))


# --- oversight (oversight.selectors, contract fixed by the oversight issue) ----------------------------------------

def _oversight():
    from oversight import selectors

    return selectors


def review_case_counts(start, end, agency_ids) -> dict[tuple[int, str, str], int]:
    """(agency id, kind, result) → n, kind ∈ reconsideration / litigation_direct / litigation_after_reconsideration,
    result ∈ upheld / corrected / other / pending."""
    return _oversight().review_case_counts(start, end, list(agency_ids))


def review_case_drilldown(agency_id, start, end, kind, result):
    return _oversight().review_case_drilldown(agency_id, start, end, kind, result)


@dataclass
class SuggestionFacts:
    npc: int = 0
    cppcc: int = 0
    replied: int = 0
    replied_on_time: int = 0
    made_public: int = 0
    by_result: dict[str, int] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.npc + self.cppcc


def suggestion_facts(start, end, agency_ids) -> dict[int, SuggestionFacts]:
    """NPC suggestions and CPPCC proposals assigned in the period, replies and disclosures in it, topics."""
    out = {}
    for agency_id, d in _oversight().suggestion_counts(start, end, list(agency_ids)).items():
        out[agency_id] = SuggestionFacts(
            npc=int(d.get("npc", 0)), cppcc=int(d.get("cppcc", 0)), replied=int(d.get("replied", 0)),
            replied_on_time=int(d.get("replied_on_time", 0)), made_public=int(d.get("made_public", 0)),
            by_result=dict(d.get("by_result", {}) or {}),
            topics=list(d.get("topics", [])))
    return out


def complaint_counts(start, end, agency_ids) -> dict[int, dict]:
    """received, about_disclosure, closed, closed_about_disclosure, overdue, open, by_channel."""
    return _oversight().complaint_counts(start, end, list(agency_ids))


def work_plan_completion(year, agency_ids) -> dict[int, dict]:
    """has_plan, tasks, done, open, overdue, rate (0–1 or None)."""
    return _oversight().work_plan_completion(year, list(agency_ids))


def rating_summary(start, end, agency_ids) -> dict[int, dict]:
    """satisfied, basically, unsatisfied, total, rate (0–1 or None), applications {…}."""
    return _oversight().rating_summary(start, end, list(agency_ids))


# --- imported earlier reports (reports.past) -------------------------------------------------------------------------

def imported_carried_out(year: int, agency_ids) -> dict[tuple[int, str], int]:
    """四、结转下年度继续办理 of the agencies' imported reports for `year`, (agency id, column key) → n. One query.
    Only imported reports count: a report the platform computed is always beside registers that hold its records."""
    from .models import ReportCell, ReportOrigin

    rows = ReportCell.objects.filter(report__agency_id__in=list(agency_ids), report__year=year,
                                     report__origin=ReportOrigin.IMPORTED, table="table3", row="carried_out",
                                     ).values_list("report__agency_id", "column", "value")
    return {(agency_id, column): int(value) for agency_id, column, value in rows}
