"""季度统计表: per agency and quarter, the aggregates of the same registers the annual report uses (AR-5: computed,
never typed) — items published by category and on time, applications received (by applicant type) and concluded (by
the table 三 row of their reply code), overdue replies, complaints, suggestions. A fixed number of queries for any
number of agencies.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from agencies.models import Agency

from . import sources
from .formats import y2021

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
QUARTER_LABELS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first, last = QUARTER_MONTHS[quarter]
    end = date(year, last + 1, 1) if last < 12 else date(year + 1, 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass
class QuarterlyStats:
    agency_id: int
    agency_name: str
    year: int
    quarter: int
    start: str
    end: str
    categories: list[dict] = field(default_factory=list)  # name, published, on_time, late
    items_published: int = 0
    items_late: int = 0
    received: dict[str, int] = field(default_factory=dict)  # column key → n
    concluded: dict[str, int] = field(default_factory=dict)  # table 三 row key → n
    replied_on_time: int = 0
    overdue: int = 0
    complaints: int = 0
    complaints_about_disclosure: int = 0
    complaints_closed: int = 0
    complaints_overdue: int = 0
    npc_suggestions: int = 0
    cppcc_proposals: int = 0
    suggestions_replied: int = 0

    @property
    def title(self) -> str:
        return f"{self.agency_name}{self.year}年{QUARTER_LABELS[self.quarter]}政府信息公开工作统计表"

    @property
    def items_on_time(self) -> int:
        return self.items_published - self.items_late

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def concluded_total(self) -> int:
        return sum(self.concluded.values())

    def received_rows(self) -> list[tuple[str, int]]:
        return [(c.label, self.received.get(c.key, 0)) for c in y2021.TABLE3_COLUMNS if c.key != "total"]

    def concluded_rows(self) -> list[tuple[str, int]]:
        out = []
        for row in y2021.TABLE3_ROWS:
            if row.key in ("received", "carried_in", "total", "carried_out"):
                continue
            group = row.groups[-1] if len(row.groups) > 1 else ""
            out.append((f"{group}{row.label}", self.concluded.get(row.key, 0)))
        return out

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(title=self.title, items_on_time=self.items_on_time, received_total=self.received_total,
                    concluded_total=self.concluded_total)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "QuarterlyStats":
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


def quarterly_statistics(agencies: list[Agency], year: int, quarter: int) -> dict[int, QuarterlyStats]:
    ids = [a.pk for a in agencies]
    start, end = quarter_bounds(year, quarter)
    published = sources.published_by_category(start, end, ids)
    received = sources.received_counts(start, end, ids)
    concluded = sources.concluded_counts(start, end, ids)
    operational = sources.operational_stats(start, end, ids)
    complaints = sources.complaint_counts(start, end, ids)
    suggestions = sources.suggestion_facts(start, end, ids)
    out = {}
    for agency in agencies:
        cats = published.get(agency.pk, [])
        ops = operational.get(agency.pk, {}) or {}
        comp = complaints.get(agency.pk, {}) or {}
        sug = suggestions.get(agency.pk, sources.SuggestionFacts())
        concluded_rows: dict[str, int] = {}
        for (agency_id, _column, row), n in concluded.items():
            if agency_id == agency.pk:
                concluded_rows[row] = concluded_rows.get(row, 0) + int(n)
        out[agency.pk] = QuarterlyStats(
            agency_id=agency.pk, agency_name=agency.name, year=year, quarter=quarter, start=start.isoformat(),
            end=end.isoformat(),
            categories=[{"name": c.name, "published": c.published, "on_time": c.published - c.late, "late": c.late}
                        for c in cats],
            items_published=sum(c.published for c in cats), items_late=sum(c.late for c in cats),
            received={c: int(received.get((agency.pk, c), 0)) for c in sources_columns()},
            concluded=concluded_rows,
            replied_on_time=ops.get("replied_on_time", 0), overdue=ops.get("overdue", 0),
            complaints=int(comp.get("received", 0) or 0),
            complaints_about_disclosure=int(comp.get("about_disclosure", 0) or 0),
            complaints_closed=int(comp.get("closed", 0) or 0),
            complaints_overdue=int(comp.get("overdue", 0) or 0),
            npc_suggestions=sug.npc, cppcc_proposals=sug.cppcc, suggestions_replied=sug.replied,
        )
    return out


def sources_columns() -> list[str]:
    return [c.key for c in y2021.TABLE3_COLUMNS if c.key != "total"]
