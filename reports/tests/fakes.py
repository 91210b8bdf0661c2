"""In-memory stand-ins for the applications and oversight reporting selectors, implementing their contracts over a
list of records. Unit tests of the report logic use them; integration tests use the real registers."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class FakeApplication:
    agency_id: int
    column: str
    received_on: date
    concluded_on: date | None = None
    row: str = ""  # the table 三 row of its reply code
    number: str = ""
    fee_yuan: Decimal = Decimal(0)
    fee_is_cost: bool = False  # a cost fee of the 2007 rules (检索、复制、邮寄) rather than 信息处理费
    waived_yuan: Decimal = Decimal(0)  # 减免, dated like the fee (the conclusion)
    on_time: bool = True

    def __str__(self):
        return self.number or f"申请{self.received_on}"


@dataclass
class FakeCase:
    agency_id: int
    kind: str
    filed_on: date
    result: str = "pending"
    closed_on: date | None = None


@dataclass
class FakeApplications:
    records: list[FakeApplication] = field(default_factory=list)

    def add(self, agency, column, received_on, concluded_on=None, row="", **kw):
        self.records.append(FakeApplication(agency.pk if hasattr(agency, "pk") else agency, column, received_on,
                                            concluded_on, row, **kw))

    def report_received_counts(self, start, end, agency_ids):
        out = {}
        for r in self.records:
            if r.agency_id in agency_ids and start <= r.received_on <= end:
                out[(r.agency_id, r.column)] = out.get((r.agency_id, r.column), 0) + 1
        return out

    def report_concluded_counts(self, start, end, agency_ids):
        out = {}
        for r in self.records:
            if r.agency_id in agency_ids and r.concluded_on and start <= r.concluded_on <= end:
                key = (r.agency_id, r.column, r.row)
                out[key] = out.get(key, 0) + 1
        return out

    def report_pending_counts(self, on, agency_ids):
        out = {}
        for r in self.records:
            if r.agency_id in agency_ids and r.received_on <= on and (r.concluded_on is None or r.concluded_on > on):
                out[(r.agency_id, r.column)] = out.get((r.agency_id, r.column), 0) + 1
        return out

    def fees_charged(self, start, end, agency_ids):
        out = {}
        for r in self.records:
            if r.agency_id in agency_ids and r.fee_yuan and r.concluded_on and start <= r.concluded_on <= end:
                out[r.agency_id] = out.get(r.agency_id, Decimal(0)) + r.fee_yuan
        return out

    def fee_totals(self, start, end, agency_ids):
        from applications.selectors import FeeTotals

        totals = {}
        for r in self.records:
            if r.agency_id in agency_ids and (r.fee_yuan or r.waived_yuan) and r.concluded_on \
                    and start <= r.concluded_on <= end:
                t = totals.get(r.agency_id, FeeTotals())
                totals[r.agency_id] = FeeTotals(t.processing + (0 if r.fee_is_cost else r.fee_yuan),
                                                t.cost + (r.fee_yuan if r.fee_is_cost else 0), t.waived + r.waived_yuan)
        return totals

    def report_drilldown(self, agency_id, start, end, row, column):
        def match_col(r):
            return column == "total" or r.column == column

        if row == "received":
            return [r for r in self.records if r.agency_id == agency_id and match_col(r)
                    and start <= r.received_on <= end]
        if row in ("carried_in", "carried_out"):
            on = date.fromordinal(start.toordinal() - 1) if row == "carried_in" else end
            return [r for r in self.records if r.agency_id == agency_id and match_col(r) and r.received_on <= on
                    and (r.concluded_on is None or r.concluded_on > on)]
        return [r for r in self.records if r.agency_id == agency_id and match_col(r) and r.row == row
                and r.concluded_on and start <= r.concluded_on <= end]

    def operational_stats(self, start, end, agency_ids):
        out = {}
        for a in agency_ids:
            mine = [r for r in self.records if r.agency_id == a]
            concluded = [r for r in mine if r.concluded_on and start <= r.concluded_on <= end]
            out[a] = {"received": len([r for r in mine if start <= r.received_on <= end]),
                      "concluded": len(concluded), "replied_on_time": len([r for r in concluded if r.on_time]),
                      "overdue": len([r for r in concluded if not r.on_time]),
                      "reply_time_distribution": {"5个工作日以内": len(concluded)}}
        return out


@dataclass
class FakeOversight:
    cases: list[FakeCase] = field(default_factory=list)
    suggestions: dict = field(default_factory=dict)
    complaints: dict = field(default_factory=dict)
    work_plans: dict = field(default_factory=dict)
    ratings: dict = field(default_factory=dict)

    def add_case(self, agency, kind, filed_on, result="pending", closed_on=None):
        self.cases.append(FakeCase(agency.pk, kind, filed_on, result, closed_on))

    def _counted(self, start, end, agency_ids):
        for c in self.cases:
            if c.agency_id not in agency_ids:
                continue
            if c.closed_on and start <= c.closed_on <= end:
                yield c, c.result
            elif c.filed_on <= end and (c.closed_on is None or c.closed_on > end):
                yield c, "pending"

    def review_case_counts(self, start, end, agency_ids):
        out = {}
        for c, result in self._counted(start, end, agency_ids):
            out[(c.agency_id, c.kind, result)] = out.get((c.agency_id, c.kind, result), 0) + 1
        return out

    def review_case_drilldown(self, agency_id, start, end, kind, result):
        return [c for c, r in self._counted(start, end, [agency_id]) if c.kind == kind and r == result]

    def suggestion_counts(self, start, end, agency_ids):
        return {a: d for a, d in self.suggestions.items() if a in agency_ids}

    def complaint_counts(self, start, end, agency_ids):
        return {a: d for a, d in self.complaints.items() if a in agency_ids}

    def work_plan_completion(self, year, agency_ids):
        return {a: d for a, d in self.work_plans.items() if a in agency_ids}

    def rating_summary(self, start, end, agency_ids):
        return {a: d for a, d in self.ratings.items() if a in agency_ids}
