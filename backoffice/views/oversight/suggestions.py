"""建议提案: the suggestions and proposals of deputies and committee members."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gongkai import clock
from gongkai.errors import DomainError
from oversight import selectors
from oversight.models import (
    DisclosureForm,
    Suggestion,
    SuggestionKind,
    SuggestionResult,
)
from oversight.services import suggestions

from ..common import report_error
from .shared import (
    DATE,
    TEXTAREA,
    EmptyForm,
    ReasonForm,
    RouteForm,
    _ActionForms,
    _handle,
    _list_context,
    _office,
    _office_choices,
    _pick_or_agency,
    _route,
    _timeline,
)


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SuggestionKind.choices)
    session_year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    proposal_no = forms.CharField(label="建议（提案）号", max_length=30, help_text="例如：第5号")
    proposer = forms.CharField(label="代表（委员）", max_length=100)
    proposer_contact = forms.CharField(label="代表（委员）联系方式", max_length=100, required=False,
                                       help_text="加密保存，公开复文时不得包含。")
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(label="建议（提案）内容", widget=TEXTAREA, required=False)
    topics = forms.CharField(label="主题", max_length=200, required=False, help_text="用顿号分隔，例如：环境整治、秸秆焚烧")
    assigned_on = forms.DateField(label="交办日期", widget=DATE)
    office = forms.ChoiceField(label="主办办所", required=False)
    co_offices = forms.MultipleChoiceField(label="协办办所", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = _office_choices(agency)
        self.fields["co_offices"].choices = _office_choices(agency)[1:]


@login_required
def suggestion_list(request):
    return render(request, "backoffice/oversight/suggestion_list.html", _list_context(request, Suggestion))


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_new(request):
    agency, response = _pick_or_agency(request)
    if response:
        return response
    form = SuggestionForm(request.POST or None, agency=agency,
                          initial={"session_year": clock.today().year, "assigned_on": clock.today()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["office"] = _office(agency, data["office"])
            data["co_offices"] = [o for o in (_office(agency, v) for v in data["co_offices"]) if o]
            try:
                suggestion = suggestions.register_suggestion(agency, acting_user=request.user, **data)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, f"已登记{suggestion}，办理期限{suggestion.due_on:%Y年%m月%d日}。")
                return redirect(suggestion.get_absolute_url())
    return render(request, "backoffice/oversight/form.html", {
        "form": form, "title": f"登记建议提案（{agency.name}）", "agency": agency,
        "back": reverse("backoffice:suggestions")}, status=status)


class ReplyForm(forms.Form):
    reply_text = forms.CharField(label="办理复文", widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text="复文默认全文公开，请勿写入代表委员的联系方式等个人信息。")
    replied_on = forms.DateField(label="答复日期", widget=DATE)
    result_class = forms.ChoiceField(label="办理结果", choices=SuggestionResult.choices)
    disclosure_form = forms.ChoiceField(label="公开方式", choices=DisclosureForm.choices[:2])
    disclosure_summary = forms.CharField(label="复文摘要（摘要公开时填写）", widget=TEXTAREA, required=False)


class SuggestionEditForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    proposer = forms.CharField(label="代表（委员）", max_length=100)
    proposer_contact = forms.CharField(label="代表（委员）联系方式", max_length=100, required=False,
                                       help_text="留空则不修改。")
    content = forms.CharField(label="建议（提案）内容", widget=TEXTAREA, required=False)
    topics = forms.CharField(label="主题", max_length=200, required=False, help_text="用顿号分隔")
    co_offices = forms.MultipleChoiceField(label="协办办所", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_offices"].choices = _office_choices(agency)[1:]


class ReviseReplyForm(forms.Form):
    reply_text = forms.CharField(label="办理复文", widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text="删除代表委员的联系方式等个人信息后再提交公开。")
    disclosure_form = forms.ChoiceField(label="公开方式", choices=DisclosureForm.choices[:2])
    disclosure_summary = forms.CharField(label="复文摘要（摘要公开时填写）", widget=TEXTAREA, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def suggestion(request, pk: int):
    s = selectors.get_for(request.user, Suggestion, pk, related=("office", "assignee", "item"))
    actions = _ActionForms({
        "reply": lambda *a: ReplyForm(*a, initial={"replied_on": clock.today()}),
        "revise_reply": lambda *a: ReviseReplyForm(*a, initial={
            "reply_text": s.reply_text, "disclosure_form": s.disclosure_form or DisclosureForm.FULL,
            "disclosure_summary": s.disclosure_summary}),
        "disclose": lambda *a: EmptyForm(*a), "withhold": lambda *a: ReasonForm(*a),
        "refresh": lambda *a: EmptyForm(*a),
        "edit": lambda *a: SuggestionEditForm(*a, agency=s.agency, initial={
            "title": s.title, "proposer": s.proposer, "content": s.content,
            "topics": "、".join(t.name for t in s.topics.all()), "co_offices": [str(o.pk) for o in s.co_offices.all()]}),
        "route": lambda *a: RouteForm(*a, agency=s.agency, initial={"office": s.office_id or "",
                                                                     "assignee": s.assignee_id or ""})})

    def edit(d):
        if not d["proposer_contact"]:  # never written into the page: blank keeps it
            d.pop("proposer_contact")
        d["co_offices"] = [o for o in (_office(s.agency, v) for v in d["co_offices"]) if o]
        suggestions.update_suggestion(s, acting_user=request.user, **d)

    handlers = {
        "reply": lambda d: suggestions.reply_to_suggestion(s, acting_user=request.user, **d),
        "revise_reply": lambda d: suggestions.revise_suggestion_reply(s, acting_user=request.user, **d),
        "disclose": lambda d: suggestions.submit_suggestion_disclosure(s, acting_user=request.user),
        "withhold": lambda d: suggestions.withhold_suggestion_disclosure(s, acting_user=request.user, **d),
        "refresh": lambda d: suggestions.refresh_disclosure(s, acting_user=request.user),
        "edit": edit,
        "route": _route(s, suggestions.route_suggestion, request),
    }
    status = 200
    if request.method == "POST":
        response, status = _handle(request, s, actions, handlers, {
            "reply": "已登记办理复文。", "revise_reply": "已修改办理复文。", "disclose": "复文已提交公开，进入审核流程。", "withhold": "已登记复文不予公开。",
            "refresh": "已同步公开状态。", "route": "已调整承办。", "edit": "已修改登记信息。"})
        if response:
            return response
    return render(request, "backoffice/oversight/suggestion_detail.html", {
        "s": s, "case": s, "forms": actions.forms, "timeline": _timeline(s), "topics": s.topics.all(),
        "co_offices": s.co_offices.all(),
        "can": {name: s.workflow.can(request.user, s, name) for name in s.workflow.transitions}}, status=status)
