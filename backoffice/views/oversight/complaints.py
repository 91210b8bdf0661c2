"""投诉举报: complaints and reports."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, has_perm
from gongkai import clock
from gongkai.errors import DomainError
from oversight import selectors
from oversight.models import (
    STAFF_CHANNELS,
    Channel,
    Complaint,
    ComplaintResult,
    ComplaintSubject,
)
from oversight.services import complaints, personal

from ..common import report_error
from .shared import (
    DATE,
    TEXTAREA,
    ReasonForm,
    RouteForm,
    _ActionForms,
    _handle,
    _list_context,
    _office,
    _office_choices,
    _pick_or_agency,
    _private,
    _route,
    _timeline,
)


class ComplaintLogForm(forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[(c, Channel(c).label) for c in STAFF_CHANNELS])
    received_on = forms.DateField(label="收到日期", widget=DATE)
    summary = forms.CharField(label="投诉举报内容", widget=forms.Textarea(attrs={"rows": 6}))
    is_anonymous = forms.BooleanField(label="匿名", required=False)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False, help_text="加密保存，遮蔽显示。")
    subject = forms.ChoiceField(label="投诉事项", choices=[("", "（未分类）")] + list(ComplaintSubject.choices),
                                required=False)
    office = forms.ChoiceField(label="分办办所", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = _office_choices(agency)


@login_required
def complaint_list(request):
    return render(request, "backoffice/oversight/complaint_list.html", _list_context(request, Complaint))


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    agency, response = _pick_or_agency(request)
    if response:
        return response
    form = ComplaintLogForm(request.POST or None, agency=agency, initial={"received_on": clock.today()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["office"] = _office(agency, data["office"])
            try:
                complaint, code = complaints.log_complaint(agency, acting_user=request.user, **data)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, f"已登记投诉举报 {complaint.number}。请告知投诉人查询码：{code}"
                                          f"（仅显示这一次）。")
                return redirect(complaint.get_absolute_url())
    return render(request, "backoffice/oversight/form.html", {
        "form": form, "title": f"登记投诉举报（举报电话、投诉举报箱、来访、来信）—{agency.name}", "agency": agency,
        "back": reverse("backoffice:complaints")}, status=status)


class ClassifyForm(forms.Form):
    concerns_disclosure = forms.BooleanField(label="涉及政府信息公开工作（计入年度报告）", required=False)
    subject = forms.ChoiceField(label="投诉事项", choices=[("", "（未分类）")] + list(ComplaintSubject.choices),
                                required=False)


class CloseForm(forms.Form):
    result = forms.ChoiceField(label="办理结果", choices=[("", "请选择")] + list(ComplaintResult.choices))
    reply = forms.CharField(label="答复意见", widget=TEXTAREA, required=False, help_text="投诉人凭查询码可以看到。")
    closed_on = forms.DateField(label="办结日期", widget=DATE, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def complaint(request, pk: int):
    c = selectors.get_for(request.user, Complaint, pk, related=("office", "assignee", "logged_by"))
    actions = _ActionForms({
        "route": lambda *a: RouteForm(*a, agency=c.agency, initial={"office": c.office_id or "",
                                                                     "assignee": c.assignee_id or ""}),
        "classify": lambda *a: ClassifyForm(*a, initial={"concerns_disclosure": c.concerns_disclosure,
                                                         "subject": c.subject}),
        "close": lambda *a: CloseForm(*a, initial={"closed_on": clock.today()}),
        "reopen": lambda *a: ReasonForm(*a)})
    handlers = {
        "route": _route(c, complaints.route_complaint, request),
        "classify": lambda d: complaints.classify_complaint(c, acting_user=request.user, **d),
        "close": lambda d: complaints.close_complaint(c, acting_user=request.user, **d),
        "reopen": lambda d: complaints.reopen_complaint(c, acting_user=request.user, **d),
    }
    status, revealed = 200, None
    if request.method == "POST" and request.POST.get("action") == "reveal":
        revealed = personal.reveal_contact(c, acting_user=request.user, purpose=request.POST.get("purpose", ""))
    elif request.method == "POST":
        response, status = _handle(request, c, actions, handlers, {
            "route": "已分办。", "classify": "已保存。", "close": "已办结。", "reopen": "已重新办理。"})
        if response:
            return response
    may_manage = has_perm(request.user, Perm.OVERSIGHT_MANAGE, c.agency_id)
    return _private(render(request, "backoffice/oversight/complaint_detail.html", {
        "c": c, "case": c, "forms": actions.forms, "timeline": _timeline(c), "may_see_contact": may_manage,
        "can_reveal": may_manage and bool(c.name or c.contact), "revealed": revealed,
        "can": {name: c.workflow.can(request.user, c, name) for name in c.workflow.transitions}}, status=status))
