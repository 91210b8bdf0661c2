"""复议诉讼: administrative review and litigation cases."""

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
    ReviewCase,
    ReviewDocument,
    ReviewKind,
    ReviewResult,
)
from oversight.services import review

from ..common import report_error
from .shared import (
    DATE,
    TEXTAREA,
    ReasonForm,
    RouteForm,
    _ActionForms,
    _handle,
    _list_context,
    _pick_or_agency,
    _route,
    _timeline,
)


class ReviewCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReviewKind.choices)
    filed_on = forms.DateField(label="申请复议或起诉日期", widget=DATE)
    received_on = forms.DateField(label="收到申请书（起诉状）副本日期", widget=DATE, required=False,
                                  help_text="答复（答辩）期限自此日起算；不填则按申请复议或起诉日期。")
    body = forms.CharField(label="复议机关或人民法院", max_length=100)
    case_no = forms.CharField(label="案号", max_length=60, required=False)
    subject = forms.CharField(label="争议事项", widget=TEXTAREA, required=False)
    party_name = forms.CharField(label="申请人（原告）", max_length=100, required=False, help_text="加密保存，列表中遮蔽显示。")
    application_no = forms.CharField(label="相关申请编号", max_length=40, required=False,
                                     help_text="本平台办理的申请会自动关联。")
    answered_on = forms.DateField(label="已提交答复（答辩）日期", widget=DATE, required=False)
    result = forms.ChoiceField(label="结果", choices=ReviewResult.choices, initial=ReviewResult.PENDING)
    closed_on = forms.DateField(label="审结日期", widget=DATE, required=False, help_text="尚未审结的留空。")


@login_required
def review_cases(request):
    return render(request, "backoffice/oversight/review_list.html",
                  _list_context(request, ReviewCase, kinds=ReviewKind.choices))


@login_required
@require_http_methods(["GET", "POST"])
def review_case_new(request):
    agency, response = _pick_or_agency(request)
    if response:
        return response
    form = ReviewCaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = review.register_review_case(agency, acting_user=request.user, **form.cleaned_data)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, f"已登记复议诉讼案件 {case.number}。")
                return redirect(case.get_absolute_url())
    return render(request, "backoffice/oversight/form.html", {
        "form": form, "title": f"登记行政复议、行政诉讼案件（{agency.name}）", "agency": agency,
        "back": reverse("backoffice:review_cases")}, status=status)


class ReviewEditForm(forms.Form):
    case_no = forms.CharField(label="案号", max_length=60, required=False)
    body = forms.CharField(label="复议机关或人民法院", max_length=100, required=False)
    subject = forms.CharField(label="争议事项", widget=TEXTAREA, required=False)
    application_no = forms.CharField(label="相关申请编号", max_length=40, required=False)
    party_name = forms.CharField(label="申请人（原告）", max_length=100, required=False, help_text="留空则不修改。")


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label="提交答复（答辩）日期", widget=DATE)


class DecideForm(forms.Form):
    result = forms.ChoiceField(label="审结结果", choices=[c for c in ReviewResult.choices if c[0] != "pending"])
    closed_on = forms.DateField(label="审结日期", widget=DATE, required=False)
    result_note = forms.CharField(label="结果说明", widget=TEXTAREA, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=ReviewDocument.Kind.choices)
    title = forms.CharField(label="名称", max_length=200, required=False)
    file = forms.FileField(label="文件（PDF、Word 或图片）")


@login_required
@require_http_methods(["GET", "POST"])
def review_case(request, pk: int):
    case = selectors.get_for(request.user, ReviewCase, pk, related=("office", "assignee", "application"))
    actions = _ActionForms({
        "answer": lambda *a: AnswerForm(*a, initial={"answered_on": clock.today()}),
        "decide": lambda *a: DecideForm(*a), "reopen": lambda *a: ReasonForm(*a),
        "route": lambda *a: RouteForm(*a, agency=case.agency, initial={
            "office": case.office_id or "", "assignee": case.assignee_id or ""}),
        "edit": lambda *a: ReviewEditForm(*a, initial={f: getattr(case, f) for f in
                                                       ("case_no", "body", "subject", "application_no")}),
        "document": lambda *a: DocumentForm(*a)})

    def edit(d):
        if not d["party_name"]:  # the party's name is never written into the page: blank keeps it
            d.pop("party_name")
        review.update_review_case(case, acting_user=request.user, **d)

    handlers = {
        "answer": lambda d: review.answer_review_case(case, acting_user=request.user, **d),
        "decide": lambda d: review.decide_review_case(case, acting_user=request.user, **d),
        "reopen": lambda d: review.reopen_review_case(case, acting_user=request.user, **d),
        "route": _route(case, review.route_review_case, request),
        "edit": edit,
        "document": lambda d: review.add_review_document(case, d["file"], acting_user=request.user,
                                                          kind=d["kind"], title=d["title"]),
    }
    status = 200
    if request.method == "POST":
        response, status = _handle(request, case, actions, handlers, "已保存。")
        if response:
            return response
    return render(request, "backoffice/oversight/review_detail.html", {
        "case": case, "forms": actions.forms, "timeline": _timeline(case), "documents": case.documents.all(),
        "can": {name: case.workflow.can(request.user, case, name) for name in case.workflow.transitions},
        "may_manage": has_perm(request.user, Perm.OVERSIGHT_MANAGE, case.agency_id)}, status=status)


@login_required
def review_document(request, pk: int, document_id: int):
    """Download a case document (staff who may see the case only; audited)."""
    from django.http import FileResponse

    case = selectors.get_for(request.user, ReviewCase, pk)
    document = review.download_review_document(case, document_id, acting_user=request.user)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)
