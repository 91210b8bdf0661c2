"""When each agency's annual report is due (REG-49, and Art.31 of the 2007 regulation for earlier years), and whether
it came late or is missing.

    report years ≤ 2018 (2007 regulation): every agency by 3月31日
    report years ≥ 2019: departments by 1月31日 and the county government by 3月31日 (Art.49, fixed by law: a date
    configured on such an agency is ignored); townships and subdistricts, which Art.49 does not name, by the date set
    on the agency (Agency.report_due_month/day), default 1月31日 (domain.md REG-49 [I]).

The calendar date is a hard limit (DL-AR-1: no rule moves it when it falls on a weekend).
"""

from dataclasses import dataclass
from datetime import date

from agencies.models import Agency

DEFAULTS = {
    Agency.Kind.COUNTY_GOVERNMENT: (3, 31),
    Agency.Kind.DEPARTMENT: (1, 31),
    Agency.Kind.TOWNSHIP: (1, 31),
    Agency.Kind.SUBDISTRICT: (1, 31),
}


# Art.49 does not name townships and subdistricts: their date is set locally.
LOCALLY_SET = (Agency.Kind.TOWNSHIP, Agency.Kind.SUBDISTRICT)


def _configured(agency: Agency) -> tuple[int, int] | None:
    if agency.kind in LOCALLY_SET and agency.report_due_month and agency.report_due_day:
        return agency.report_due_month, agency.report_due_day
    return None


def due_date(agency: Agency, year: int) -> date:
    """The day by which the report for `year` must be published."""
    if year <= 2018:
        return date(year + 1, 3, 31)
    month, day = _configured(agency) or DEFAULTS.get(agency.kind, (1, 31))
    try:
        return date(year + 1, month, day)
    except ValueError:  # 2月29日 in a common year
        return date(year + 1, month, 28)


def due_basis(agency: Agency, year: int) -> str:
    if year <= 2018:
        return "2007年《条例》第三十一条：每年3月31日前公布"
    if agency.kind == Agency.Kind.COUNTY_GOVERNMENT:
        return "《条例》第四十九条：本级政府年度报告每年3月31日前公布"
    if agency.kind == Agency.Kind.DEPARTMENT:
        return "《条例》第四十九条：部门年度报告每年1月31日前公布"
    configured = _configured(agency)
    if configured:
        return f"县政务公开办规定：每年{configured[0]}月{configured[1]}日前公布"
    return "县政务公开办未另行规定，参照部门：每年1月31日前公布"


@dataclass(frozen=True)
class DeadlineState:
    due: date
    published_on: date | None
    today: date

    @property
    def published(self) -> bool:
        return self.published_on is not None

    @property
    def late(self) -> bool:
        """Published after the due date."""
        return self.published_on is not None and self.published_on > self.due

    @property
    def missing(self) -> bool:
        """Not published and the due date has passed."""
        return self.published_on is None and self.today > self.due

    @property
    def days_left(self) -> int | None:
        if self.published_on is not None:
            return None
        return (self.due - self.today).days

    @property
    def label(self) -> str:
        if self.late:
            return "逾期发布"
        if self.missing:
            return "逾期未发布"
        if self.published:
            return "按时发布"
        return "未到期"

    @property
    def badge(self) -> str:
        if self.late or self.missing:
            return "badge-danger"
        if self.published:
            return "badge-ok"
        if self.days_left is not None and self.days_left <= 10:
            return "badge-warn"
        return "badge-muted"


def deadline_state(agency: Agency, year: int, published_on: date | None, today: date) -> DeadlineState:
    return DeadlineState(due_date(agency, year), published_on, today)
