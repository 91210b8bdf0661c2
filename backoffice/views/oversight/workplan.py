"""年度工作要点: annual work plans and their tasks."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, has_perm, require_anywhere
from catalog.selectors import item_by_index_no
from gongkai import clock
from gongkai.errors import DomainError, NotFound
from oversight import selectors
from oversight.models import (
    WorkPlan,
    WorkPlanTask,
)
from oversight.services import workplan

from ..common import report_error
from .shared import DATE, TEXTAREA, _ActionForms, _agency_choices, _chosen_agency, _handle


class WorkPlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
    title = forms.CharField(label="名称", max_length=200, help_text="例如：东升乡2026年政务公开工作方案")
    basis = forms.CharField(label="依据", max_length=200, required=False, help_text="例如：望奎县2026年政务公开工作要点")


class TaskForm(forms.Form):
    title = forms.CharField(label="任务", max_length=300)
    owner = forms.CharField(label="责任单位（责任人）", max_length=100)
    due_on = forms.DateField(label="完成时限", widget=DATE)


class CompleteForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    evidence = forms.CharField(label="完成情况及佐证", widget=TEXTAREA)
    completed_on = forms.DateField(label="完成日期", widget=DATE, required=False)
    evidence_item = forms.CharField(label="佐证信息索引号（选填）", max_length=40, required=False)


class TaskEditForm(TaskForm):
    task = forms.IntegerField(widget=forms.HiddenInput)


class TaskReasonForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="理由", max_length=300)


@login_required
@require_http_methods(["GET", "POST"])
def work_plans(request):
    require_anywhere(request.user, Perm.OVERSIGHT_VIEW, "您没有查看监督保障登记的权限。")
    manage = _agency_choices(request)
    form = WorkPlanForm(request.POST or None, initial={"year": clock.today().year})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                agency = _chosen_agency(request, request.POST.get("agency", ""))
                plan = workplan.create_work_plan(agency, acting_user=request.user, **form.cleaned_data)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, "已建立年度工作要点，请逐项添加任务。")
                return redirect(plan.get_absolute_url())
    plans = selectors.work_plan_rows(request.user, clock.today())
    return render(request, "backoffice/oversight/work_plans.html", {
        "plans": plans, "form": form, "manage_agencies": manage}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def work_plan(request, pk: int):
    plan = selectors.get_for(request.user, WorkPlan, pk)
    tasks = selectors.work_plan_tasks(plan)
    actions = _ActionForms({"add": lambda *a: TaskForm(*a), "edit": lambda *a: TaskEditForm(*a),
                            "complete": lambda *a: CompleteForm(*a),
                            "cancel": lambda *a: TaskReasonForm(*a), "reopen": lambda *a: TaskReasonForm(*a)})

    def task_of(d) -> WorkPlanTask:
        task = tasks.get(d.pop("task"))
        if task is None:
            raise NotFound("任务不存在。")
        return task

    def complete(d):
        task = task_of(d)
        index_no = d.pop("evidence_item")
        item = item_by_index_no(plan.agency, index_no) if index_no else None
        if index_no and item is None:
            raise DomainError("佐证信息的索引号不存在或不属于该机关。", field="evidence_item")
        workplan.complete_task(task, acting_user=request.user, evidence_item=item, **d)

    handlers = {
        "add": lambda d: workplan.add_task(plan, acting_user=request.user, **d),
        "edit": lambda d: workplan.update_task(task_of(d), acting_user=request.user, **d),
        "complete": complete,
        "cancel": lambda d: workplan.cancel_task(task_of(d), acting_user=request.user, **d),
        "reopen": lambda d: workplan.reopen_task(task_of(d), acting_user=request.user, **d),
    }
    status = 200
    failed_task = None
    if request.method == "POST":
        response, status = _handle(request, plan, actions, handlers, {
            "add": "已添加任务。", "edit": "已修改任务。", "complete": "已登记完成。", "cancel": "已取消任务。", "reopen": "已恢复推进。"})
        if response:
            return response
        failed_task = request.POST.get("task")
    completion = selectors.work_plan_completion(plan.year, [plan.agency_id])[plan.agency_id]
    return render(request, "backoffice/oversight/work_plan.html", {
        "plan": plan, "tasks": tasks.values(), "forms": actions.forms, "completion": completion,
        "failed_task": int(failed_task) if failed_task and failed_task.isdigit() else None,
        "posted": request.POST if failed_task else {},
        "may_manage": has_perm(request.user, Perm.OVERSIGHT_MANAGE, plan.agency_id)}, status=status)
