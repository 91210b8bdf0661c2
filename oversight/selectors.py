"""Reads of the supervision registers.

The annual-report selectors at the top are a contract with the reports app (reports/sources.py): their signatures
and keys are stable. Each aggregates in SQL with a fixed number of queries, whatever the number of agencies or
records, and takes plain agency ids (the caller has already scoped them).

Below them: fetch-and-authorise helpers for views (404/403 inside) and list selectors scoped by `agencies.access`.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from agencies.access import Perm, agency_ids, require, scope
from gongkai import clock

from .models import (
    Complaint,
    Delivery,
    Rating,
    ReadingPoint,
    ReviewCase,
    ReviewKind,
    ReviewResult,
    SiteErrorReport,
    Suggestion,
    SuggestionKind,
    SuggestionResult,
    SuggestionTopic,
    TaskStatus,
    Visit,
    WorkPlan,
    WorkPlanTask,
)

# --- annual report (table 四, sections 一 and 六) ---------------------------------------------------------------


def _review_bucket(start: date, end: date) -> Case:
    """The table 四 column a case falls in for the period: its result when decided within [start, end]; 尚未审结 when
    filed on or before `end` and not decided by `end`; nothing otherwise (decided before `start`, or filed later)."""
    return Case(
        When(closed_on__gte=start, closed_on__lte=end, then=F("result")),
        When(Q(filed_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)), then=Value("pending")),
        default=Value(""), output_field=CharField())


def review_case_counts(start: date, end: date, agency_ids: list[int]) -> dict[tuple[int, str, str], int]:
    """Table 四: (agency id, kind, result) → number of cases, for every agency, kind and result (zeros included).
    Each group's 总计 is the sum of its four results (T4-1). One query."""
    counts = {(a, k, r): 0 for a in agency_ids for k in ReviewKind.values for r in ReviewResult.values}
    rows = (ReviewCase.objects.filter(agency_id__in=agency_ids).annotate(bucket=_review_bucket(start, end))
            .exclude(bucket="").values_list("agency_id", "kind", "bucket").annotate(n=Count("id")).order_by())
    for agency_id, kind, bucket, n in rows:
        counts[(agency_id, kind, bucket)] = n
    return counts


def review_case_drilldown(agency_id: int, start: date, end: date, kind: str | None, result: str | None) -> QuerySet:
    """The cases behind one cell of table 四 (AR-2). `kind` or `result` None (or "total") means all of them."""
    qs = ReviewCase.objects.filter(agency_id=agency_id).annotate(bucket=_review_bucket(start, end)).exclude(bucket="")
    if kind and kind != "total":
        qs = qs.filter(kind=kind)
    if result and result != "total":
        qs = qs.filter(bucket=result)
    return qs.select_related("agency").order_by("filed_on", "id")


def suggestion_counts(start: date, end: date, agency_ids: list[int]) -> dict[int, dict]:
    """Section 六 (人大代表建议和政协提案办理结果公开情况), per agency:
    npc / cppcc / total: assigned in the period; replied: replied in the period (by_result counts them per class A/B/C);
    replied_on_time; made_public: replies made public in the period (made_public_on_time within 20 working days);
    by_topic: topic → suggestions assigned in the period; topics: the topic names, most frequent first.
    Three queries."""
    out = {a: {"npc": 0, "cppcc": 0, "total": 0, "replied": 0, "replied_on_time": 0, "made_public": 0,
               "made_public_on_time": 0, "by_result": dict.fromkeys(SuggestionResult.values, 0), "by_topic": {},
               "topics": []} for a in agency_ids}
    in_period = Q(received_on__gte=start, received_on__lte=end)
    replied = Q(replied_on__gte=start, replied_on__lte=end)
    public = Q(made_public_on__gte=start, made_public_on__lte=end)
    rows = Suggestion.objects.filter(agency_id__in=agency_ids).values("agency_id").annotate(
        npc=Count("id", filter=in_period & Q(kind=SuggestionKind.NPC)),
        cppcc=Count("id", filter=in_period & Q(kind=SuggestionKind.CPPCC)),
        replied=Count("id", filter=replied),
        replied_on_time=Count("id", filter=replied & (Q(reply_due_on__isnull=True)
                                                      | Q(replied_on__lte=F("reply_due_on")))),
        made_public=Count("id", filter=public),
        made_public_on_time=Count("id", filter=public & (Q(disclosure_due_on__isnull=True)
                                                         | Q(made_public_on__lte=F("disclosure_due_on")))),
    ).order_by()
    for row in rows:
        d = out[row.pop("agency_id")]
        d.update(row)
        d["total"] = d["npc"] + d["cppcc"]
    for agency_id, result_class, n in (Suggestion.objects.filter(agency_id__in=agency_ids).filter(replied)
                                       .exclude(result_class="").values_list("agency_id", "result_class")
                                       .annotate(n=Count("id")).order_by()):
        out[agency_id]["by_result"][result_class] = n
    topics = (SuggestionTopic.objects.filter(suggestion__agency_id__in=agency_ids, suggestion__received_on__gte=start,
                                             suggestion__received_on__lte=end)
              .values_list("suggestion__agency_id", "name").annotate(n=Count("id")).order_by())
    for agency_id, name, n in topics:
        out[agency_id]["by_topic"][name] = n
    for d in out.values():
        d["topics"] = [name for name, _ in Counter(d["by_topic"]).most_common()]
    return out


def complaint_counts(start: date, end: date, agency_ids: list[int]) -> dict[int, dict]:
    """Complaints and reports per agency: received in the period (and how many of them concern disclosure work,
    Art.47/51), closed in the period (and of those about disclosure work), and overdue: received in the period and
    closed after their due date, or still open past it at the end of the period (or today, if earlier).
    by_channel counts the received ones per channel. Two queries."""
    cut = min(end, clock.today())
    received = Q(received_on__gte=start, received_on__lte=end)
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    late = received & Q(due_on__isnull=False) & (
        Q(closed_on__isnull=False, closed_on__gt=F("due_on"))
        | ((Q(closed_on__isnull=True) | Q(closed_on__gt=cut)) & Q(due_on__lt=cut)))
    out = {a: {"received": 0, "about_disclosure": 0, "closed": 0, "closed_about_disclosure": 0, "overdue": 0,
               "open": 0, "by_channel": {}} for a in agency_ids}
    rows = Complaint.objects.filter(agency_id__in=agency_ids).values("agency_id").annotate(
        received=Count("id", filter=received),
        about_disclosure=Count("id", filter=received & Q(concerns_disclosure=True)),
        closed=Count("id", filter=closed),
        closed_about_disclosure=Count("id", filter=closed & Q(concerns_disclosure=True)),
        overdue=Count("id", filter=late),
        open=Count("id", filter=Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))),
    ).order_by()
    for row in rows:
        out[row.pop("agency_id")].update(row)
    for agency_id, channel, n in (Complaint.objects.filter(agency_id__in=agency_ids).filter(received)
                                  .values_list("agency_id", "channel").annotate(n=Count("id")).order_by()):
        out[agency_id]["by_channel"][channel] = n
    return out


def work_plan_completion(year: int, agency_ids: list[int]) -> dict[int, dict]:
    """落实上级年度政务公开工作要点情况: per agency, the tasks of its plan for `year` (cancelled ones left out), how many
    are done, the rate (0–1, None without tasks), and how many are open past their time limit. Two queries."""
    today = clock.today()
    out = {a: {"has_plan": False, "tasks": 0, "done": 0, "open": 0, "overdue": 0, "rate": None} for a in agency_ids}
    for agency_id in WorkPlan.objects.filter(agency_id__in=agency_ids, year=year).values_list("agency_id", flat=True):
        out[agency_id]["has_plan"] = True
    rows = (WorkPlanTask.objects.filter(plan__agency_id__in=agency_ids, plan__year=year)
            .exclude(status=TaskStatus.CANCELLED).values("plan__agency_id").annotate(
                tasks=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)),
                open=Count("id", filter=Q(status=TaskStatus.OPEN)),
                overdue=Count("id", filter=Q(status=TaskStatus.OPEN, due_on__lt=today))).order_by())
    for row in rows:
        d = out[row.pop("plan__agency_id")]
        d.update(row)
        d["has_plan"] = True
        d["rate"] = round(d["done"] / d["tasks"], 4) if d["tasks"] else None
    return out


def rating_summary(start: date, end: date, agency_ids: list[int]) -> dict[int, dict]:
    """社会评议 per agency in the period: satisfied / basically / unsatisfied counts, total, the satisfaction rate
    ((满意+基本满意)/总数, None without ratings), and the same split for the application service. One query."""
    out = {a: {"satisfied": 0, "basically": 0, "unsatisfied": 0, "total": 0, "rate": None,
               "applications": {"satisfied": 0, "basically": 0, "unsatisfied": 0}} for a in agency_ids}
    period = Q(rated_on__gte=start, rated_on__lte=end)
    rows = (Rating.objects.filter(agency_id__in=agency_ids).filter(period)
            .values_list("agency_id", "target", "value").annotate(n=Count("id")).order_by())
    for agency_id, target, value, n in rows:
        d = out[agency_id]
        d[value] += n
        d["total"] += n
        if target == "applications":
            d["applications"][value] += n
    for d in out.values():
        if d["total"]:
            d["rate"] = round((d["satisfied"] + d["basically"]) / d["total"], 4)
    return out


def supervision_paragraph(start: date, end: date, agency_id: int) -> str:
    """A factual sentence for the report's （五）监督保障 paragraph (social evaluation, complaints, work plan), built
    from the registers; the report's editor completes it with 考核 and 责任追究 results."""
    ratings = rating_summary(start, end, [agency_id])[agency_id]
    complaints = complaint_counts(start, end, [agency_id])[agency_id]
    plan = work_plan_completion(start.year, [agency_id])[agency_id]
    parts = []
    if ratings["total"]:
        parts.append(f"通过网站开展社会评议，共收到评价{ratings['total']}次，其中满意{ratings['satisfied']}次、基本满意"
                     f"{ratings['basically']}次、不满意{ratings['unsatisfied']}次，满意率{ratings['rate'] * 100:.1f}%")
    else:
        parts.append("通过网站开展社会评议，本年度未收到评价")
    if complaints["about_disclosure"]:
        parts.append(f"收到涉及政府信息公开工作的投诉举报{complaints['about_disclosure']}件，"
                     f"办结{complaints['closed_about_disclosure']}件")
    else:
        parts.append("未收到涉及政府信息公开工作的投诉举报")
    if plan["tasks"]:
        parts.append(f"年度政务公开工作要点共{plan['tasks']}项任务，已完成{plan['done']}项，完成率{plan['rate'] * 100:.1f}%")
    return "；".join(parts) + "。"


# --- fetch-and-authorise for views --------------------------------------------------------------------------------


def get_for(user, model, pk, *, perm: Perm = Perm.OVERSIGHT_VIEW, related: tuple[str, ...] = ()):
    """One record of a register (404 if unknown, 403 if the person may not `perm` in its agency)."""
    obj = get_object_or_404(model.objects.select_related("agency", *related), pk=pk)
    require(user, perm, obj.agency)
    return obj


def register_list(user, model, *, agency_id: int | None = None, status: str = "", query: str = "") -> QuerySet:
    """A register's records the person may see, newest first, optionally for one agency and state."""
    qs = scope(model.objects.all(), user, Perm.OVERSIGHT_VIEW).select_related("agency")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if status == "overdue":
        qs = qs.overdue()
    elif status == "open":
        qs = qs.open()
    elif status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(number__icontains=query.strip())
    return qs


def open_counts(user) -> dict[str, dict[str, int]]:
    """For the register index: per register, open and overdue numbers visible to the person (one query each)."""
    today = clock.today()
    out = {}
    for key, model in (("review", ReviewCase), ("suggestion", Suggestion), ("complaint", Complaint),
                       ("site_error", SiteErrorReport), ("task", WorkPlanTask)):
        base = scope(model.objects.all(), user, Perm.OVERSIGHT_VIEW)
        timed = list(model.workflow.timed_states)
        out[key] = base.aggregate(
            open=Count("id", filter=Q(status__in=model.workflow.open_states)),
            overdue=Count("id", filter=Q(status__in=timed, due_on__lt=today)))
    return out


# --- reading points (the portal guide page calls this) -------------------------------------------------------------


def reading_points_for(agency) -> list[ReadingPoint]:
    """The agency's open reading points, in display order (public data: place, address, hours, phone)."""
    return list(ReadingPoint.objects.filter(agency=agency, is_active=True).order_by("sort_order", "id"))



def public_reading_points() -> list[ReadingPoint]:
    """Every open reading point of every active agency, grouped by agency in tree order (one query)."""
    return list(ReadingPoint.objects.filter(is_active=True, agency__is_active=True).select_related("agency")
                .order_by("agency__path", "sort_order", "id"))


# --- the back-office pages ---------------------------------------------------------------------------------------------

def staff_register_list(user, model, **filters) -> QuerySet:
    """`register_list` with the office and assignee the back-office list shows."""
    return register_list(user, model, **filters).select_related("office", "assignee")


def reading_point_choices(agency, *, active_only: bool = False) -> QuerySet[ReadingPoint]:
    qs = ReadingPoint.objects.filter(agency=agency)
    return qs.filter(is_active=True) if active_only else qs


def reading_point_of(agency, pk) -> ReadingPoint | None:
    """One of the agency's reading points chosen in a form (None for a blank or unknown choice)."""
    return ReadingPoint.objects.filter(agency=agency, pk=pk or 0).first()


def reading_point_rows(agency) -> QuerySet[ReadingPoint]:
    """The agency's reading points with their numbers of visits and deliveries."""
    # distinct: the two joins multiply each other's rows
    return ReadingPoint.objects.filter(agency=agency).annotate(
        n_visits=Count("visits", distinct=True), n_deliveries=Count("deliveries", distinct=True))


def recent_deliveries(agency, limit: int = 100) -> QuerySet[Delivery]:
    return Delivery.objects.filter(agency=agency).select_related("reading_point", "item")[:limit]


def recent_visits(agency, limit: int = 100) -> QuerySet[Visit]:
    return Visit.objects.filter(reading_point__agency=agency).select_related("reading_point")[:limit]


def subscription_counts(user):
    """Per agency the person may see, the numbers of subscriptions by state and channel (never the addresses)."""
    from .models import Subscription, SubscriptionStatus

    return (scope(Subscription.objects.all(), user, Perm.OVERSIGHT_VIEW).values("agency__name", "agency__code")
            .annotate(active=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE)),
                      pending=Count("id", filter=Q(status=SubscriptionStatus.PENDING)),
                      unsubscribed=Count("id", filter=Q(status=SubscriptionStatus.UNSUBSCRIBED)),
                      email=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE, channel="email")),
                      sms=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE, channel="sms")))
            .order_by("agency__path"))


def work_plan_rows(user, today: date) -> QuerySet[WorkPlan]:
    """The work plans the person may see, with their numbers of tasks, done and overdue."""
    return (scope(WorkPlan.objects.all(), user, Perm.OVERSIGHT_VIEW).select_related("agency")
            .annotate(n=Count("tasks", filter=~Q(tasks__status="cancelled")),
                      done=Count("tasks", filter=Q(tasks__status="done")),
                      overdue=Count("tasks", filter=Q(tasks__status="open", tasks__due_on__lt=today))))


def work_plan_tasks(plan: WorkPlan) -> dict[int, WorkPlanTask]:
    return {t.pk: t for t in plan.tasks.select_related("office", "assignee", "evidence_item")}


@dataclass(frozen=True)
class RatingPage:
    rows: list
    recent: QuerySet


def rating_page(user, year: int) -> RatingPage:
    """The ratings page: per agency the person may see (in id order) that was rated in `year`, its summary; and
    the latest 50 ratings with a comment."""
    from agencies.models import Agency

    visible = sorted(agency_ids(user, Perm.OVERSIGHT_VIEW))
    summary = rating_summary(date(year, 1, 1), date(year, 12, 31), visible)
    names = dict(Agency.objects.filter(pk__in=visible).values_list("pk", "name"))
    rows = [(names[a], summary[a]) for a in visible if summary[a]["total"]]
    recent = (Rating.objects.filter(agency_id__in=visible, rated_on__year=year).exclude(comment="")
              .select_related("agency", "item")[:50])
    return RatingPage(rows, recent)
