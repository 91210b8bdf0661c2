"""Reads of applications: the tenant-scoped lists and detail for staff, the public tracking view, and the aggregations
behind the annual report's table 三 and the county's comparisons.

Report selectors (contract with the `reports` app — keep the signatures stable):

    report_received_counts(start, end, agency_ids)  -> {(agency_id, column): n}           table 三 一
    report_concluded_counts(start, end, agency_ids) -> {(agency_id, column, row): n}      table 三 三
    report_pending_counts(on, agency_ids)           -> {(agency_id, column): n}           二 = pending(Dec 31, Y−1),
                                                                                          四 = pending(Dec 31, Y)
    fees_charged(start, end, agency_ids)            -> {agency_id: Decimal}               yuan actually paid
    fee_totals(start, end, agency_ids)              -> {agency_id: FeeTotals}             paid by kind, 减免
    report_drilldown(agency_id, start, end, row, column) -> QuerySet[Application]         the applications in a cell
    operational_stats(start, end, agency_ids)       -> {agency_id: {"received", "concluded", "replied_on_time",
                                                        "replied_late", "overdue_open", "overdue",
                                                        "reply_time_distribution": {bucket label: n}}}

Counting rules (domain.md §2.4, [I]): one application = one unit; a split application is replaced by its parts
(status 已拆分 is never counted); 新收 = legal receipt date (Art.31; for corrected applications the original receipt
date) within the period; 办理结果 = the final reply code (A21/A22 不再处理 included) dated within the period; 结转 = received
on or before the day and not concluded by it. Columns are keys of `rules.COLUMNS` without "total" (the reports app sums
them); rows are keys of `rules.OUTCOME_ROWS`. Each selector runs a fixed number of queries, whatever the number of
applications or agencies. The caller authorises (`agency_ids` must already be scoped).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from agencies.access import Perm, agency_ids, has_perm, scope
from audit.selectors import events_for
from gongkai import clock as wallclock
from gongkai.errors import NotFound
from privacy.masking import mask_address, mask_email, mask_id_number, mask_name, mask_phone
from workdays.errors import CalendarNotLoaded
from workdays.loading import get_calendar

from . import rules
from .clock import correction_notice_due, working_days_left
from .models import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    Application,
    Consultation,
    FeeNotice,
    IdType,
    Letter,
    LetterSettings,
    LetterTemplate,
    Status,
)

# --- annual report (table 三) ---------------------------------------------------------------------------------


def _column(applicant_type: str) -> str:
    return rules.APPLICANT_TYPE_BY_CODE[applicant_type].column


def report_received_counts(start: date, end: date, agency_ids: list[int]) -> dict[tuple[int, str], int]:
    """一、本年新收: applications whose legal receipt date is within [start, end], by (agency, column)."""
    rows = (Application.objects.counted().filter(agency_id__in=list(agency_ids)).received_between(start, end)
            .values_list("agency_id", "applicant_type").annotate(n=Count("id")).order_by())
    out: Counter = Counter()
    for agency_id, applicant_type, n in rows:
        out[(agency_id, _column(applicant_type))] += n
    return dict(out)


def _concluded_between(start: date, end: date):
    return Application.objects.counted().exclude(reply_code="").filter(replied_on__gte=start, replied_on__lte=end)


def report_concluded_counts(start: date, end: date, agency_ids: list[int]) -> dict[tuple[int, str, str], int]:
    """三、本年度办理结果: applications concluded (one reply code each, A21/A22 included) within [start, end], by
    (agency, column, row)."""
    rows = (_concluded_between(start, end).filter(agency_id__in=list(agency_ids))
            .values_list("agency_id", "applicant_type", "reply_code").annotate(n=Count("id")).order_by())
    out: Counter = Counter()
    for agency_id, applicant_type, code, n in rows:
        out[(agency_id, _column(applicant_type), rules.row_for(code))] += n
    return dict(out)


def _pending_on(on: date):
    return (Application.objects.counted().filter(received_on__lte=on)
            .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=on)))


def report_pending_counts(on: date, agency_ids: list[int]) -> dict[tuple[int, str], int]:
    """Received on or before `on` and not concluded by `on`, by (agency, column): 四、结转下年度 for year Y is
    `report_pending_counts(date(Y, 12, 31))`; 二、上年结转 for Y is `report_pending_counts(date(Y - 1, 12, 31))`."""
    rows = (_pending_on(on).filter(agency_id__in=list(agency_ids))
            .values_list("agency_id", "applicant_type").annotate(n=Count("id")).order_by())
    out: Counter = Counter()
    for agency_id, applicant_type, n in rows:
        out[(agency_id, _column(applicant_type))] += n
    return dict(out)


def fees_charged(start: date, end: date, agency_ids: list[int]) -> dict[int, Decimal]:
    """信息处理费 actually paid within [start, end] (yuan), by agency (annual report 六、其他需要报告的事项)."""
    rows = (FeeNotice.objects.filter(application__agency_id__in=list(agency_ids), outcome=FeeNotice.Outcome.PAID,
                                     settled_on__gte=start, settled_on__lte=end)
            .values_list("application__agency_id").annotate(total=Sum("amount_paid")).order_by())
    return {agency_id: total or Decimal("0") for agency_id, total in rows}


@dataclass(frozen=True)
class FeeTotals:
    """An agency's fees of a period, in yuan: paid as 信息处理费 (2019 rules) and as 检索、复制、邮寄等成本费用 (2007
    rules, by settled date), and 减免 (the standard's amount minus the amount asked, by the day of the reduction)."""

    processing: Decimal = Decimal("0")
    cost: Decimal = Decimal("0")
    waived: Decimal = Decimal("0")

    @property
    def charged(self) -> Decimal:
        return self.processing + self.cost


def fee_totals(start: date, end: date, agency_ids: list[int]) -> dict[int, FeeTotals]:
    """The fees the annual report counts (2007 Art.32(三) 收费及减免情况; the 2019 formats' 六、其他需要报告的事项),
    by agency, in one query whatever the number of agencies: what was paid in [start, end] by kind, and what was
    waived or reduced in it."""
    paid = Q(outcome=FeeNotice.Outcome.PAID, settled_on__gte=start, settled_on__lte=end)
    reduced = Q(reduced_on__gte=start, reduced_on__lte=end)
    cost = Q(method=FeeNotice.Method.COST)
    zero = Decimal("0")
    rows = (FeeNotice.objects.filter(paid | reduced, application__agency_id__in=list(agency_ids))
            .values("application__agency_id")
            .annotate(processing=Coalesce(Sum("amount_paid", filter=paid & ~cost), zero),
                      cost=Coalesce(Sum("amount_paid", filter=paid & cost), zero),
                      waived=Coalesce(Sum(F("computed_amount") - F("amount"), filter=reduced), zero))
            .order_by())
    return {r["application__agency_id"]: FeeTotals(Decimal(r["processing"]), Decimal(r["cost"]),
                                                   Decimal(r["waived"])) for r in rows}


def report_drilldown(agency_id: int, start: date, end: date, row: str, column: str) -> QuerySet[Application]:
    """The applications behind one cell of table 三 for [start, end]. `row` is one of received, carried_in,
    carried_out, total or an OUTCOME_ROWS key; `column` a COLUMNS key ("total" for every applicant type)."""
    if column == rules.COLUMNS[-1]:
        base = Application.objects.counted()
    elif column in rules.COLUMNS:
        types = [t.code for t in rules.APPLICANT_TYPES if t.column == column]
        base = Application.objects.counted().filter(applicant_type__in=types)
    else:
        raise ValueError(f"unknown column {column!r}")
    base = base.filter(agency_id=agency_id)
    if row == rules.ROW_RECEIVED:
        qs = base.received_between(start, end)
    elif row == rules.ROW_CARRIED_IN:
        qs = base.filter(pk__in=_pending_on(start - timedelta(days=1)).values("pk"))
    elif row == rules.ROW_CARRIED_OUT:
        qs = base.filter(pk__in=_pending_on(end).values("pk"))
    elif row == rules.ROW_TOTAL:
        qs = base.filter(pk__in=_concluded_between(start, end).values("pk"))
    elif row in rules.OUTCOME_ROWS:
        codes = [c.code for c in rules.REPLY_CODES if c.row == row]
        qs = base.filter(pk__in=_concluded_between(start, end).filter(reply_code__in=codes).values("pk"))
    else:
        raise ValueError(f"unknown row {row!r}")
    return qs.select_related("agency").order_by("received_on", "number")


# --- operational statistics (county comparison, dashboards) --------------------------------------------------

REPLY_TIME_BUCKETS = ((0, 0, "当场答复"), (1, 5, "1–5个工作日"), (6, 10, "6–10个工作日"), (11, 15, "11–15个工作日"),
                      (16, 20, "16–20个工作日"), (21, 40, "21–40个工作日"), (41, None, "40个工作日以上"))


def _bucket(days: int) -> str:
    for low, high, label in REPLY_TIME_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return REPLY_TIME_BUCKETS[-1][2]


@dataclass
class OperationalStats:
    received: int = 0
    concluded: int = 0
    on_time: int = 0  # replied (delivery date, else reply date) on or before the due date
    late: int = 0  # replied after the due date
    overdue_open: int = 0  # open with the reply due date passed (as of the end of the period, or today)
    reply_days: dict[str, int] = field(default_factory=lambda: {label: 0 for _, _, label in REPLY_TIME_BUCKETS})

    @property
    def overdue(self) -> int:
        return self.late + self.overdue_open

    @property
    def on_time_rate(self) -> float | None:
        answered = self.on_time + self.late
        return self.on_time / answered if answered else None

    def as_dict(self) -> dict:
        return {"received": self.received, "concluded": self.concluded, "replied_on_time": self.on_time,
                "replied_late": self.late, "overdue_open": self.overdue_open, "overdue": self.overdue,
                "on_time_rate": self.on_time_rate, "reply_time_distribution": dict(self.reply_days)}


def operational_stats(start: date, end: date, agency_ids: list[int]) -> dict[int, dict]:
    """Per agency (a plain dict, see the module docstring): received, concluded, replied on time, replied late,
    open past the due date (as of the end of the period, or today), overdue (both), and how many working days replies
    took (from the legal receipt date to the date that counts: delivery, else the reply), bucketed.
    Four queries whatever the volume; A21/A22 (视为放弃) count as concluded but not as replies."""
    return {agency_id: stats.as_dict() for agency_id, stats in _operational_stats(start, end, agency_ids).items()}


def _operational_stats(start: date, end: date, agency_ids: list[int]) -> dict[int, OperationalStats]:
    ids = list(agency_ids)
    out = {agency_id: OperationalStats() for agency_id in ids}
    as_of = min(end, wallclock.today())
    counted_on = Coalesce("delivered_on", "replied_on")
    for agency_id, n in (Application.objects.counted().filter(agency_id__in=ids).received_between(start, end)
                         .values_list("agency_id").annotate(n=Count("id")).order_by()):
        out[agency_id].received = n
    replies = ~Q(reply_code__in=rules.ABANDONMENT_CODES)
    concluded = (_concluded_between(start, end).filter(agency_id__in=ids).annotate(counted_on=counted_on)
                 .values_list("agency_id")
                 .annotate(n=Count("id"),
                           on_time=Count("id", filter=replies & Q(due_date__isnull=False,
                                                                  counted_on__lte=F("due_date"))),
                           late=Count("id", filter=replies & Q(due_date__isnull=False,
                                                               counted_on__gt=F("due_date"))))
                 .order_by())
    for agency_id, n, on_time, late in concluded:
        stats = out[agency_id]
        stats.concluded, stats.on_time, stats.late = n, on_time, late
    for agency_id, n in (Application.objects.filter(agency_id__in=ids, status__in=CLOCK_STATUSES,
                                                    due_date__lt=as_of, received_on__lte=end)
                         .values_list("agency_id").annotate(n=Count("id")).order_by()):
        out[agency_id].overdue_open = n
    calendar = get_calendar()
    for agency_id, received_on, answered_on in (_concluded_between(start, end).filter(agency_id__in=ids)
                                                .filter(replies).annotate(counted_on=counted_on)
                                                .values_list("agency_id", "received_on", "counted_on")):
        if received_on and answered_on and calendar.covers(received_on) and calendar.covers(answered_on):
            out[agency_id].reply_days[_bucket(calendar.working_days_between(received_on, answered_on))] += 1
    return out


# --- staff reads ----------------------------------------------------------------------------------------------

def get_application_for(user, pk: int, perm: Perm = Perm.APPLICATIONS_VIEW) -> Application:
    """Fetch and authorise in one step: an application outside the person's agencies does not exist for them
    (404), so its existence is not revealed."""
    application = (scope(Application.objects.all(), user, perm).select_related("agency", "agency__parent", "handler",
                                                                                 "parent").filter(pk=pk).first())
    if application is None:
        raise NotFound("未找到该申请，或您没有查看该申请的权限。", code="application_not_found")
    return application


def applications_for(user, *, status: str = "", agency_id: int | None = None, overdue: bool = False,
                     q: str = "", handler=None) -> QuerySet[Application]:
    """The work list: applications in the agencies where the person may view them (the county 政务公开办 sees every
    agency below it), filtered by state, agency, overdue, handler or a number/name search."""
    qs = scope(Application.objects.all(), user, Perm.APPLICATIONS_VIEW).select_related("agency", "handler")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if overdue:
        qs = qs.filter(status__in=CLOCK_STATUSES, due_date__lt=wallclock.today())
    if handler is not None:
        qs = qs.filter(handler=handler)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(description__icontains=q))
    # Both databases list applications without a due date (to confirm, in correction, provisional) after the dated
    # ones: PostgreSQL puts NULLs last by default, SQLite first.
    by_due = (F("due_date").asc(nulls_last=True), "-arrived_on", "-id")
    return qs.order_by(*by_due) if status in ("open", *OPEN_STATUSES) else qs


def with_clock_rows(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The application with everything its detail shows (clock rows, parts, letters), in a fixed number of queries."""
    return (qs.select_related("agency", "handler", "parent", "correction", "extension__approved_by", "fee",
                             "reasonable_period__approved_by")
            .prefetch_related("consultations", "parts", "letters", "fee__items"))


def with_action_facts(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The rows the workflow's legal conditions read (applications.workflow), joined: a list that shows each
    application's available actions runs no query per row."""
    return qs.select_related("correction", "extension", "fee", "reasonable_period")


def application_detail(application: Application) -> Application:
    """A fresh copy of an already authorised application with its clock rows, parts and letters (the API's reply)."""
    return with_clock_rows(Application.objects.filter(pk=application.pk)).get()


def parts_of(application: Application) -> QuerySet[Application]:
    """The applications a split one became (一事一申请), in order."""
    return with_clock_rows(Application.objects.filter(parent=application)).order_by("pk")


def split_parts(application: Application) -> list[Application]:
    """The applications a split one became, in order, for the detail page's list (no clock rows)."""
    return list(application.parts.order_by("pk"))


def proactive_categories(application: Application):
    """The active categories of the application's agency: where an Art.44 proactive draft may go."""
    from catalog.models import Category

    return Category.objects.filter(agency=application.agency, is_active=True)


def proactive_category(application: Application, category_id):
    """The chosen category of the application's agency (None if it is not one of them)."""
    from catalog.models import Category

    return Category.objects.filter(agency=application.agency, pk=category_id).first()


def letter_settings_of(agency) -> LetterSettings:
    """The agency's letter settings (unsaved defaults if it has none yet)."""
    return LetterSettings.objects.filter(agency=agency).first() or LetterSettings(agency=agency)


def custom_template_keys(agency) -> set[str]:
    """The kinds of letter for which the agency has its own wording."""
    return set(LetterTemplate.objects.filter(agency=agency).values_list("key", flat=True))


def custom_template(agency, key: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(agency=agency, key=key).first()


@dataclass(frozen=True)
class AgencyOverview:
    agency: object
    open: int
    waiting: int
    overdue: int


def agency_overview(agencies: list, today: date) -> list[AgencyOverview]:
    """The county 政务公开办's view: for each agency, open applications, those awaiting confirmation, and those with
    the reply due date passed. One query whatever the number of agencies (the caller passes agencies it may view)."""
    counts = {row["agency_id"]: row for row in (
        Application.objects.filter(agency_id__in=[a.pk for a in agencies]).values("agency_id").annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            waiting=Count("id", filter=Q(status=Status.AWAITING_CONFIRMATION)),
            overdue=Count("id", filter=Q(status__in=CLOCK_STATUSES, due_date__lt=today))).order_by())}
    return [AgencyOverview(a, **{k: counts.get(a.pk, {}).get(k, 0) for k in ("open", "waiting", "overdue")})
            for a in agencies]


def most_urgent(user, limit: int = 5) -> list[Application]:
    """The running applications with the nearest reply due dates in the agencies where the person handles them (or,
    for readers, views them), with `days_left` set: the 工作台's short list."""
    ids = agency_ids(user, Perm.APPLICATIONS_HANDLE) or agency_ids(user, Perm.APPLICATIONS_VIEW)
    today = wallclock.today()
    urgent = list(Application.objects.filter(agency_id__in=ids, status__in=CLOCK_STATUSES, due_date__isnull=False)
                  .order_by("due_date", "pk")[:limit])
    for application in urgent:
        application.days_left = days_left(application, today)
    return urgent


def status_counts(user, agency_id: int | None = None) -> dict[str, int]:
    qs = scope(Application.objects.all(), user, Perm.APPLICATIONS_VIEW)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    counts["overdue"] = qs.filter(status__in=CLOCK_STATUSES, due_date__lt=wallclock.today()).count()
    return counts


@dataclass(frozen=True)
class WorkbenchCounts:
    mine_open: int
    due_soon: int
    overdue: int
    provisional: int  # running, but due beyond the loaded calendar (see applications.clock)
    awaiting_confirmation: int


def workbench_counts(user) -> WorkbenchCounts | None:
    """The 工作台 panel: my open applications, those due within DUE_SOON_WORKING_DAYS working days, those overdue,
    those whose due date waits for next year's calendar, and online applications waiting for confirmation in my
    agencies. Three queries."""
    handle_ids = agency_ids(user, Perm.APPLICATIONS_HANDLE)
    view_ids = agency_ids(user, Perm.APPLICATIONS_VIEW)
    if not view_ids:
        return None
    today = wallclock.today()
    mine = Application.objects.filter(handler=user, status__in=OPEN_STATUSES)
    try:
        soon_limit = get_calendar().nth_working_day_after(today, settings.DUE_SOON_WORKING_DAYS)
    except CalendarNotLoaded:  # the next year's arrangement is not loaded yet: count a week, never fail the 工作台
        soon_limit = today + timedelta(days=7)
    running = Application.objects.filter(agency_id__in=handle_ids or view_ids, status__in=CLOCK_STATUSES)
    clock_counts = running.aggregate(
        due_soon=Count("id", filter=Q(due_date__gte=today, due_date__lte=soon_limit)),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        provisional=Count("id", filter=Q(due_date__isnull=True, received_on__isnull=False)))
    return WorkbenchCounts(
        mine_open=mine.count(),
        **clock_counts,
        awaiting_confirmation=Application.objects.filter(agency_id__in=handle_ids,
                                                         status=Status.AWAITING_CONFIRMATION).count(),
    )


def correction_notice_hint(application: Application) -> date | None:
    """The last day for a correction notice, shown on the detail page while none was sent (the caller knows); None
    when there is no such day or it lies beyond the loaded calendar (the service then refuses the notice with the
    calendar's message)."""
    if application.status != Status.IN_PROGRESS:
        return None
    try:
        return correction_notice_due(application)
    except CalendarNotLoaded:
        return None


def days_left(application: Application, today: date | None = None) -> int | None:
    """Working days left before the reply due date (negative: overdue)."""
    if application.status not in CLOCK_STATUSES:
        return None
    return working_days_left(application.due_date, today or wallclock.today())


def timeline(application: Application):
    return events_for(application)


def letters_for(application: Application, *, applicant_only: bool = False) -> QuerySet[Letter]:
    qs = Letter.objects.filter(application=application)
    if applicant_only:
        qs = qs.filter(to_applicant=True)
    return qs.order_by("issued_on", "id")


def get_letter_for(user, letter_id: int) -> Letter:
    letter = Letter.objects.select_related("application__agency").filter(pk=letter_id).first()
    if letter is None or not has_perm(user, Perm.APPLICATIONS_VIEW, letter.application.agency):
        raise NotFound("未找到该文书。", code="letter_not_found")
    return letter


def consultations_for(application: Application) -> list[Consultation]:
    return list(Consultation.objects.filter(application=application).order_by("sent_on", "id"))


@dataclass(frozen=True)
class MaskedApplicant:
    """How the applicant looks to everyone not handling the application: nothing here can identify them fully."""

    name: str
    id_type: str
    id_number: str
    phone: str
    address: str
    email: str


def masked_applicant(application: Application, *, mask_name_too: bool = False) -> MaskedApplicant:
    return MaskedApplicant(
        name=mask_name(application.applicant_name) if mask_name_too and not application.is_organisation
        else application.applicant_name,
        id_type=IdType(application.id_type).label,
        id_number=mask_id_number(application.id_number),
        phone=mask_phone(application.phone) if application.phone else "",
        address=mask_address(application.address) if application.address else "",
        email=mask_email(application.email) if application.email else "",
    )


def may_view_personal(user, application: Application) -> bool:
    return has_perm(user, Perm.APPLICATIONS_VIEW_PERSONAL, application.agency)


def may_handle(user, application: Application) -> bool:
    return has_perm(user, Perm.APPLICATIONS_HANDLE, application.agency)


# --- public tracking ------------------------------------------------------------------------------------------

def submitted_in_session(pk: int | None) -> Application | None:
    """The application this browser session just submitted on the portal (its printable receipt)."""
    return Application.objects.select_related("agency").filter(pk=pk).first() if pk else None


def letter_for_applicant(letter_id: int, tracked_ids: list[int]) -> Letter | None:
    """A letter sent to the applicant of an application tracked with its 查询码 in this session; None otherwise
    (letters to third parties or other agencies are never the applicant's)."""
    return (Letter.objects.select_related("application__agency")
            .filter(pk=letter_id, to_applicant=True, application_id__in=list(tracked_ids or [])).first())


def track(tracking_code: str) -> Application | None:
    """The application with this 查询码 (the applicant's only key), or None. Split applications lead to their parts."""
    from .services import normalise_tracking_code

    code = normalise_tracking_code(tracking_code)
    if len(code) != 12:
        return None
    return Application.objects.select_related("agency").filter(tracking_code=code).first()


def public_parts(application: Application) -> list[Application]:
    """The applications a split one became, in order, with their agencies (the portal's tracking page)."""
    return list(application.parts.select_related("agency").order_by("pk"))
