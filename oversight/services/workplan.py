"""The annual work plan (年度政务公开工作要点/方案): tasks with owners and time limits, completed with evidence."""

from datetime import date

from django.db import transaction
from django.db.models import Max

from agencies.access import Perm, require
from agencies.models import Agency, Office
from audit.services import record
from casework import services as casework
from catalog.models import Item
from gongkai import clock

from ..errors import OversightError
from ..models import WorkPlan, WorkPlanTask
from ._common import not_before, not_future, own_office, required_date, text


def create_work_plan(agency: Agency, *, acting_user, year: int, title: str, basis: str = "",
                     item: Item | None = None) -> WorkPlan:
    """The agency's plan for `year` (one per year), usually implementing the county's 工作要点."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise OversightError("请填写年度（四位数字）。", field="year")
    if not 2008 <= year <= clock.today().year + 1:
        raise OversightError("年度不正确。", field="year")
    if WorkPlan.objects.filter(agency=agency, year=year).exists():
        raise OversightError(f"{year}年度工作要点已经建立。", field="year", code="duplicate_plan")
    if item is not None and item.agency_id != agency.pk:
        raise OversightError("目录信息不属于该机关。", field="item")
    with transaction.atomic():
        plan = WorkPlan.objects.create(
            agency=agency, year=year, title=text(title, "title", "名称", max_length=200, required=True),
            basis=text(basis, "basis", "依据", max_length=200), item=item, created_by=acting_user)
        record(plan, "oversight.work_plan.created", actor=acting_user, agency=agency,
               data={"year": year, "title": plan.title})
    return plan


def _check_due(plan: WorkPlan, due_on) -> date:
    due_on = required_date(due_on, "due_on", "完成时限")
    not_before(due_on, date(plan.year, 1, 1), "due_on", "完成时限", f"{plan.year}年1月1日")
    if due_on > date(plan.year + 1, 3, 31):
        raise OversightError(f"完成时限不应晚于{plan.year + 1}年3月31日（年度报告之前）。", field="due_on")
    return due_on


def add_task(plan: WorkPlan, *, acting_user, title: str, owner: str, due_on: date, office: Office | None = None,
             assignee=None) -> WorkPlanTask:
    """Add a task with its owner (责任单位、责任人) and time limit; it is reminded like every clock."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, plan.agency)
    own_office(plan.agency, office)
    task = WorkPlanTask(agency=plan.agency, plan=plan, title=text(title, "title", "任务", max_length=300, required=True),
                        owner=text(owner, "owner", "责任单位（责任人）", max_length=100, required=True),
                        due_on=_check_due(plan, due_on), office=office, assignee=assignee,
                        received_on=clock.today())
    with transaction.atomic():
        task.sequence = (WorkPlanTask.objects.filter(plan=plan).aggregate(m=Max("sequence"))["m"] or 0) + 1
        task.due_explanation = f"工作要点确定的完成时限：{task.due_on:%Y年%m月%d日}"
        casework.open_case(task, acting_user=acting_user, data={"plan": plan.pk, "title": task.title,
                                                                "due_on": str(task.due_on)})
    return task


def update_task(task: WorkPlanTask, *, acting_user, title: str, owner: str, due_on: date) -> WorkPlanTask:
    values = {"title": text(title, "title", "任务", max_length=300, required=True),
              "owner": text(owner, "owner", "责任单位（责任人）", max_length=100, required=True),
              "due_on": _check_due(task.plan, due_on)}

    def apply(t: WorkPlanTask) -> dict:
        changed = sorted(f for f, v in values.items() if getattr(t, f) != v)
        for f, v in values.items():
            setattr(t, f, v)
        t.due_explanation = f"工作要点确定的完成时限：{t.due_on:%Y年%m月%d日}"
        return {"fields": changed}

    return casework.transition(task, "edit", acting_user=acting_user, apply=apply)


def complete_task(task: WorkPlanTask, *, acting_user, evidence: str, completed_on: date | None = None,
                  evidence_item: Item | None = None) -> WorkPlanTask:
    """Record completion with its evidence (what was done; optionally the published item that shows it)."""
    evidence = text(evidence, "evidence", "完成情况及佐证", max_length=5000, required=True)
    completed_on = completed_on or clock.today()
    not_future(completed_on, "completed_on", "完成日期")
    if evidence_item is not None and evidence_item.agency_id != task.agency_id:
        raise OversightError("佐证信息不属于该机关。", field="evidence_item")

    def apply(t: WorkPlanTask) -> dict:
        t.evidence, t.closed_on, t.evidence_item = evidence, completed_on, evidence_item
        return {"completed_on": str(completed_on), "late": t.closed_late,
                "evidence_item": evidence_item.index_no if evidence_item else ""}

    return casework.transition(task, "complete", acting_user=acting_user, apply=apply)


def cancel_task(task: WorkPlanTask, *, acting_user, reason: str) -> WorkPlanTask:
    reason = text(reason, "reason", "取消理由", max_length=300, required=True)

    def apply(t: WorkPlanTask) -> dict:
        t.cancel_reason, t.closed_on = reason, clock.today()
        return {}

    return casework.transition(task, "cancel", acting_user=acting_user, apply=apply, comment=reason)


def reopen_task(task: WorkPlanTask, *, acting_user, reason: str) -> WorkPlanTask:
    reason = text(reason, "reason", "理由", max_length=300, required=True)

    def apply(t: WorkPlanTask) -> dict:
        t.closed_on, t.cancel_reason = None, ""
        return {}

    return casework.transition(task, "reopen", acting_user=acting_user, apply=apply, comment=reason)
