"""Coverage of the standard catalogue (政务公开事项标准目录): for each matter of an agency, its last publication and
whether something is missing or late — per agency and across the county. It answers the seed's own complaint that
政务公开内容不够丰富 with something each office can act on.

A proactive matter is
- 应公开未公开 (missing) when nothing linked to it has ever been published (drafts past their due date are named);
- 逾期 (late) when it has been published before but an item formed for it has passed its publication due date
  without being published (Art.26 and the matter's time limit), or when it must be updated every N days and the
  last publication is older than that;
- 正常 (ok) otherwise. A matter disclosed only on request is listed but not measured.
An area with no matter and no 未涉及 reason is 未梳理 (not yet sorted).

Every read is a fixed number of queries whatever the number of agencies and matters (aggregates in SQL).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

from agencies.access import Perm, agency_ids, require
from agencies.models import Agency
from gongkai import clock

from .models import AreaExemption, DisclosureMatter, Item, Revision, StandardArea


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

OK, MISSING, LATE, ON_REQUEST = "ok", "missing", "late", "on_request"
STATE_LABELS = {OK: "正常", MISSING: "应公开未公开", LATE: "逾期", ON_REQUEST: "依申请公开（不计）"}
STATE_BADGES = {OK: "badge-ok", MISSING: "badge-danger", LATE: "badge-warn", ON_REQUEST: "badge-muted"}


@dataclass
class MatterCoverage:
    matter: DisclosureMatter
    state: str
    published_count: int = 0
    last_published_on: date | None = None
    last_title: str = ""
    last_index_no: str = ""
    next_due: date | None = None  # periodic matters: when the next publication is expected
    overdue_drafts: int = 0  # items formed for the matter, past their publication due date, not yet published
    overdue_since: date | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]


@dataclass
class AreaCoverage:
    area: StandardArea
    matters: list[MatterCoverage] = field(default_factory=list)
    not_involved_reason: str = ""

    @property
    def state(self) -> str:
        if self.matters:
            return "covered"
        return "not_involved" if self.not_involved_reason else "unaddressed"

    @property
    def state_label(self) -> str:
        return {"covered": "已梳理", "not_involved": "未涉及", "unaddressed": "未梳理"}[self.state]


@dataclass
class Counts:
    matters: int = 0
    ok: int = 0
    missing: int = 0
    late: int = 0
    on_request: int = 0
    areas_covered: int = 0
    areas_not_involved: int = 0
    areas_unaddressed: int = 0

    def add(self, state: str) -> None:
        self.matters += 1
        setattr(self, state, getattr(self, state) + 1)


@dataclass
class AgencyCoverage:
    agency: Agency
    areas: list[AreaCoverage]
    counts: Counts
    today: date

    @property
    def problems(self) -> list[MatterCoverage]:
        return [m for a in self.areas for m in a.matters if m.state in (MISSING, LATE)]


def _state(matter: DisclosureMatter, today: date, count: int, last: date | None, overdue: int,
           overdue_since: date | None) -> MatterCoverage:
    row = MatterCoverage(matter, OK, count, last, overdue_drafts=overdue, overdue_since=overdue_since)
    if DisclosureMatter.Mode.PROACTIVE not in (matter.modes or [DisclosureMatter.Mode.PROACTIVE]):
        row.state = ON_REQUEST
        return row
    if matter.expected_every_days and last is not None:
        row.next_due = last + timedelta(days=matter.expected_every_days)
    if count == 0:
        row.state = MISSING
        row.reasons.append("尚无公开记录")
    elif row.next_due is not None and row.next_due < today:
        row.state = LATE
        row.reasons.append(f"上次公开{_cn(last)}，应每{matter.expected_every_days}天更新，已于{_cn(row.next_due)}到期")
    if overdue:
        row.state = MISSING if count == 0 else LATE
        row.reasons.append(f"{overdue}条信息已超过公开时限（最早应于{_cn(overdue_since)}前公开）仍未公开")
    return row


def _matters(agency_filter: Q, today: date):
    """Active matters with their publication aggregates and the last published item (one query), and their overdue
    unpublished revisions (one query)."""
    published = Q(items__status=Item.Status.PUBLISHED)
    last_item = Item.objects.filter(matter=OuterRef("pk"), status=Item.Status.PUBLISHED).order_by(
        "-published_on", "-id")
    matters = list(DisclosureMatter.objects.filter(agency_filter, is_active=True).select_related("area", "category")
                   .annotate(n_published=Count("items", filter=published, distinct=True),
                             last_published=Max("items__published_on", filter=published),
                             last_title=Subquery(last_item.values("title")[:1]),
                             last_index_no=Subquery(last_item.values("index_no")[:1]))
                   .order_by("agency_id", "area__number", "serial", "id"))
    overdue = {row["matter_id"]: row for row in Revision.objects.filter(
        status__in=Revision.OPEN_STATUSES, matter__in=[m.pk for m in matters], publish_due__lt=today)
        .values("matter_id").annotate(n=Count("id"), since=Min("publish_due")).order_by()}
    rows = []
    for m in matters:
        o = overdue.get(m.pk, {})
        row = _state(m, today, m.n_published, m.last_published, o.get("n", 0), o.get("since"))
        row.last_title, row.last_index_no = m.last_title or "", m.last_index_no or ""
        rows.append(row)
    return rows


def coverage_for_agency(user, agency: Agency, *, today: date | None = None) -> AgencyCoverage:
    """The agency's standard catalogue area by area, each matter with its coverage (403 without catalogue view
    rights in the agency). Four queries."""
    require(user, Perm.CATALOG_VIEW, agency)
    today = today or clock.today()
    exemptions = dict(AreaExemption.objects.filter(agency=agency).values_list("area_id", "reason"))
    areas = {a.pk: AreaCoverage(a, not_involved_reason=exemptions.get(a.pk, "")) for a in StandardArea.objects.all()}
    counts = Counts()
    for row in _matters(Q(agency=agency), today):
        areas[row.matter.area_id].matters.append(row)
        counts.add(row.state)
    for area in areas.values():
        key = {"covered": "areas_covered", "not_involved": "areas_not_involved",
               "unaddressed": "areas_unaddressed"}[area.state]
        setattr(counts, key, getattr(counts, key) + 1)
    return AgencyCoverage(agency, list(areas.values()), counts, today)


@dataclass
class AgencySummary:
    agency: Agency
    counts: Counts

    @property
    def rate(self) -> float | None:
        measured = self.counts.matters - self.counts.on_request
        return round(self.counts.ok / measured, 4) if measured else None


def county_coverage(user, *, today: date | None = None) -> list[AgencySummary]:
    """Every agency the person may see (the county 政务公开办: all of them), with its coverage counts, in tree order.
    Six queries."""
    today = today or clock.today()
    visible = agency_ids(user, Perm.CATALOG_VIEW)
    agencies = list(Agency.objects.filter(pk__in=visible, is_active=True).order_by("path"))
    summaries = {a.pk: AgencySummary(a, Counts()) for a in agencies}
    for row in _matters(Q(agency_id__in=summaries), today):
        summaries[row.matter.agency_id].counts.add(row.state)
    n_areas = StandardArea.objects.count()
    exempt = dict(AreaExemption.objects.filter(agency_id__in=summaries).values("agency_id")
                  .annotate(n=Count("id")).values_list("agency_id", "n"))
    covered = dict(DisclosureMatter.objects.filter(agency_id__in=summaries, is_active=True).values("agency_id")
                   .annotate(n=Count("area", distinct=True)).order_by().values_list("agency_id", "n"))
    for agency_id, summary in summaries.items():
        c = summary.counts
        c.areas_covered, c.areas_not_involved = covered.get(agency_id, 0), exempt.get(agency_id, 0)
        c.areas_unaddressed = max(n_areas - c.areas_covered - c.areas_not_involved, 0)
    return list(summaries.values())
