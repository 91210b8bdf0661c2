"""Back-office pages of the supervision registers (监督保障) and of the standard catalogue's coverage.

Every register has a list, a detail page with its timeline, and forms. A detail page posts its actions to itself
(`action` names the transition): the view parses the form, calls one service, and on a DomainError shows the
message beside the field and renders the page again with what was typed and the error's 4xx status. Records are
fetched and authorised in one selector call (404/403 inside); the county 政务公开办 sees every agency.
"""

from collections.abc import Callable
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from agencies.access import ROLE_PERMISSIONS, Perm, agency_ids, has_perm, require
from agencies.models import Agency, Membership, Office
from audit.selectors import events_for
from casework.clocks import Unit
from casework.models import ServiceLevel
from casework.services import set_service_level
from catalog import coverage, matters
from catalog.models import Category, DisclosureMatter, Item, StandardArea
from gongkai import clock
from gongkai.errors import DomainError, NotFound
from oversight import selectors
from oversight.models import (
    STAFF_CHANNELS,
    Channel,
    Complaint,
    ComplaintResult,
    ComplaintSubject,
    Counterpart,
    Delivery,
    DeliveryDirection,
    DisclosureForm,
    Rating,
    ReadingPoint,
    ReviewCase,
    ReviewDocument,
    ReviewKind,
    ReviewResult,
    SiteErrorReport,
    Subscription,
    SubscriptionStatus,
    Suggestion,
    SuggestionKind,
    SuggestionResult,
    Visit,
    WorkPlan,
    WorkPlanTask,
)
from oversight.services import complaints, corrections, personal, reading, review, suggestions, workplan

from .common import report_error

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
PAGE_SIZE = 50


# --- shared helpers ----------------------------------------------------------------------------------------------

def _agencies(request, perm: Perm = Perm.OVERSIGHT_MANAGE):
    return Agency.objects.filter(pk__in=agency_ids(request.user, perm)).order_by("path")


def _agency_choices(request, perm: Perm = Perm.OVERSIGHT_MANAGE):
    return [(a.code, a.name) for a in _agencies(request, perm)]


def _chosen_agency(request, code: str, perm: Perm = Perm.OVERSIGHT_MANAGE) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(f"机关代码“{code}”不存在。")
    require(request.user, perm, agency)
    return agency


def _office_choices(agency):
    return [("", "（不指定）")] + [(str(o.pk), o.name) for o in Office.objects.filter(agency=agency)]


_HANDLER_ROLES = [r for r, perms in ROLE_PERMISSIONS.items() if Perm.OVERSIGHT_VIEW in perms]


def _assignee_choices(agency):
    people = (Membership.objects.filter(agency=agency, role__in=_HANDLER_ROLES).select_related("user")
              .order_by("user__full_name"))
    seen, choices = set(), [("", "（不指定）")]
    for m in people:
        if m.user_id not in seen:
            seen.add(m.user_id)
            choices.append((str(m.user_id), m.user.display_name))
    return choices


def _office(agency, value):
    return Office.objects.filter(agency=agency, pk=value).first() if value else None


def _assignee(agency, value):
    if not value:
        return None
    membership = Membership.objects.filter(agency=agency, user_id=value).select_related("user").first()
    return membership.user if membership else None


def _page(request, qs):
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and int(number) > 0 else 1
    rows = list(qs[(number - 1) * PAGE_SIZE: number * PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE


def _list_context(request, model, **extra):
    agency_id = None
    code = request.GET.get("agency", "")
    if code:
        agency_id = _chosen_agency(request, code, Perm.OVERSIGHT_VIEW).pk
    qs = selectors.register_list(request.user, model, agency_id=agency_id, status=request.GET.get("status", ""),
                                 query=request.GET.get("q", "")).select_related("office", "assignee")
    rows, number, has_next = _page(request, qs)
    return {"rows": rows, "page_number": number, "has_next": has_next, "params": request.GET,
            "agencies": _agencies(request, Perm.OVERSIGHT_VIEW), "workflow": model.workflow,
            "states": model.workflow.states.choices,
            "may_manage": bool(agency_ids(request.user, Perm.OVERSIGHT_MANAGE)), **extra}


def _private(response):
    """Pages that may show unmasked contact details are never stored by browsers or proxies."""
    add_never_cache_headers(response)
    return response


def _timeline(case):
    return [{"at": e.created_at, "who": e.actor_name, "label": e.label, "comment": e.comment,
             "from": case.workflow.state_label(e.from_state) if e.from_state else "",
             "to": case.workflow.state_label(e.to_state) if e.to_state else ""} for e in events_for(case)]


class _ActionForms:
    """The forms of a detail page: unbound, except the one just posted (kept with what was typed)."""

    def __init__(self, factories: dict[str, Callable[..., forms.Form]]):
        self.factories = factories
        self.forms = {name: factory() for name, factory in factories.items()}

    def bind(self, name, request):
        form = self.factories[name](request.POST, request.FILES)
        self.forms[name] = form
        return form


def _handle(request, case, actions: dict, handlers: dict, success: str):
    """Run the posted action: (response, status). On success redirect back to the page."""
    name = request.POST.get("action", "")
    if name not in handlers:
        return None, 400
    form = actions.bind(name, request)
    if not form.is_valid():
        return None, 400
    try:
        handlers[name](form.cleaned_data)
    except DomainError as exc:
        return None, report_error(request, exc, form)
    messages.success(request, success.get(name, "已保存。") if isinstance(success, dict) else success)
    return redirect(request.path), 200


# --- index -------------------------------------------------------------------------------------------------------

@login_required
def index(request):
    """监督保障: the registers with their open and overdue numbers (the county sees every agency)."""
    require_any = agency_ids(request.user, Perm.OVERSIGHT_VIEW)
    if not require_any:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
    counts = selectors.open_counts(request.user)
    return render(request, "backoffice/oversight/index.html", {
        "counts": counts, "may_manage": bool(agency_ids(request.user, Perm.OVERSIGHT_MANAGE)),
        "may_view_catalog": bool(agency_ids(request.user, Perm.CATALOG_VIEW)),
        "agencies": _agencies(request, Perm.OVERSIGHT_VIEW)})


# --- 复议诉讼 ---------------------------------------------------------------------------------------------------

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


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=TEXTAREA)


class RouteForm(forms.Form):
    office = forms.ChoiceField(label="承办办所", required=False)
    assignee = forms.ChoiceField(label="承办人", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = _office_choices(agency)
        self.fields["assignee"].choices = _assignee_choices(agency)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=ReviewDocument.Kind.choices)
    title = forms.CharField(label="名称", max_length=200, required=False)
    file = forms.FileField(label="文件（PDF、Word 或图片）")


def _route(case, fn, request):
    return lambda d: fn(case, acting_user=request.user, office=_office(case.agency, d["office"]),
                        assignee=_assignee(case.agency, d["assignee"]))


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


# --- 建议提案 ---------------------------------------------------------------------------------------------------

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


def _pick_or_agency(request, perm=Perm.OVERSIGHT_MANAGE):
    """(agency, None) when chosen or only one; (None, response) to ask which agency first."""
    agencies = list(_agencies(request, perm))
    if not agencies:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有办理监督保障登记的权限。")
    code = request.GET.get("agency") or request.POST.get("agency")
    if code:
        return _chosen_agency(request, code, perm), None
    if len(agencies) == 1:
        return agencies[0], None
    return None, render(request, "backoffice/oversight/pick_agency.html", {"agencies": agencies})


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


class EmptyForm(forms.Form):
    pass


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


# --- 投诉举报 ---------------------------------------------------------------------------------------------------

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


# --- 网站纠错 ---------------------------------------------------------------------------------------------------

class FixForm(forms.Form):
    fix_note = forms.CharField(label="处理情况", widget=TEXTAREA)


class TransferForm(forms.Form):
    agency = forms.ChoiceField(label="转交机关")

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies


@login_required
def site_error_list(request):
    return render(request, "backoffice/oversight/site_error_list.html", _list_context(request, SiteErrorReport))


@login_required
@require_http_methods(["GET", "POST"])
def site_error(request, pk: int):
    r = selectors.get_for(request.user, SiteErrorReport, pk, related=("office", "assignee"))
    agencies = [(code, name) for code, name in _agency_choices(request) if code != r.agency.code]
    actions = _ActionForms({
        "fix": lambda *a: FixForm(*a), "reject": lambda *a: FixForm(*a), "reopen": lambda *a: ReasonForm(*a),
        "transfer": lambda *a: TransferForm(*a, agencies=agencies),
        "route": lambda *a: RouteForm(*a, agency=r.agency, initial={"office": r.office_id or "",
                                                                     "assignee": r.assignee_id or ""})})
    handlers = {
        "fix": lambda d: corrections.fix_site_error(r, acting_user=request.user, **d),
        "reject": lambda d: corrections.reject_site_error(r, acting_user=request.user, **d),
        "reopen": lambda d: corrections.reopen_site_error(r, acting_user=request.user, **d),
        "transfer": lambda d: corrections.transfer_site_error(
            r, acting_user=request.user, agency=_chosen_agency(request, d["agency"])),
        "route": _route(r, corrections.route_site_error, request),
    }
    status, revealed = 200, None
    if request.method == "POST" and request.POST.get("action") == "reveal":
        revealed = personal.reveal_contact(r, acting_user=request.user, purpose=request.POST.get("purpose", ""))
    elif request.method == "POST":
        response, status = _handle(request, r, actions, handlers, "已保存。")
        if response:
            if request.POST.get("action") == "transfer" and not has_perm(request.user, Perm.OVERSIGHT_VIEW,
                                                                         r.agency_id):
                return redirect("backoffice:site_errors")
            return response
    return _private(render(request, "backoffice/oversight/site_error_detail.html", {
        "r": r, "case": r, "forms": actions.forms, "timeline": _timeline(r), "transfer_choices": agencies,
        "can_reveal": bool(r.contact) and has_perm(request.user, Perm.OVERSIGHT_MANAGE, r.agency_id),
        "revealed": revealed,
        "can": {name: r.workflow.can(request.user, r, name) for name in r.workflow.transitions}}, status=status))


# --- 查阅点、送交、查阅登记 ---------------------------------------------------------------------------------------

class ReadingPointForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    place = forms.CharField(label="设置地点", max_length=100, help_text="例如：乡政府党政办公室（乡档案室）")
    address = forms.CharField(label="地址", max_length=200)
    hours = forms.CharField(label="开放时间", max_length=200)
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)
    is_active = forms.BooleanField(label="开放（在政府信息公开指南中显示）", required=False, initial=True)


class DeliveryForm(forms.Form):
    direction = forms.ChoiceField(label="送交方向", choices=DeliveryDirection.choices)
    counterpart_kind = forms.ChoiceField(label="送交（接收）单位类型", choices=Counterpart.choices)
    counterpart = forms.CharField(label="送交（接收）单位", max_length=100, help_text="例如：东升村村民委员会、望奎县档案馆")
    item = forms.CharField(label="已发布信息的索引号（送交档案馆、图书馆时填写）", max_length=40, required=False)
    document_title = forms.CharField(label="文件名称", max_length=200, required=False)
    doc_no = forms.CharField(label="文号", max_length=60, required=False)
    reading_point = forms.ChoiceField(label="查阅点", required=False)
    delivered_on = forms.DateField(label="送交日期", widget=DATE)
    received_by = forms.CharField(label="接收人", max_length=50)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=9999, initial=1)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reading_point"].choices = [("", "（档案室）")] + [
            (str(p.pk), p.name) for p in ReadingPoint.objects.filter(agency=agency)]


class VisitForm(forms.Form):
    reading_point = forms.ChoiceField(label="查阅点")
    visited_on = forms.DateField(label="查阅日期", widget=DATE)
    consulted = forms.CharField(label="查阅内容", max_length=300)
    visitor_name = forms.CharField(label="查阅人", max_length=50, required=False, help_text="选填；加密保存，遮蔽显示。")
    purpose = forms.CharField(label="用途", max_length=200, required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reading_point"].choices = [(str(p.pk), p.name) for p in
                                                ReadingPoint.objects.filter(agency=agency, is_active=True)]


@login_required
@require_http_methods(["GET", "POST"])
def reading_points(request):
    """An agency's reading points, deliveries and visitor log on one page, with their forms."""
    agency, response = _pick_or_agency(request, Perm.OVERSIGHT_VIEW)
    if response:
        return response
    today = clock.today()
    actions = _ActionForms({
        "point": lambda *a: ReadingPointForm(*a, initial={"is_active": True}),
        "delivery": lambda *a: DeliveryForm(*a, agency=agency, initial={"delivered_on": today, "copies": 1}),
        "visit": lambda *a: VisitForm(*a, agency=agency, initial={"visited_on": today})})

    def add_delivery(d):
        item, index_no = None, d.pop("item").strip()
        if index_no:
            item = Item.objects.filter(agency=agency, index_no=index_no).first()
            if item is None:
                raise DomainError("索引号不存在或不属于该机关。", field="item")
        point = ReadingPoint.objects.filter(agency=agency, pk=d.pop("reading_point") or 0).first()
        reading.register_delivery(agency, acting_user=request.user, item=item, reading_point=point, **d)

    def add_visit(d):
        point = get_object_or_404(ReadingPoint, agency=agency, pk=d.pop("reading_point"))
        reading.register_visit(point, acting_user=request.user, **d)

    handlers = {"point": lambda d: reading.save_reading_point(agency, acting_user=request.user, **d),
                "delivery": add_delivery, "visit": add_visit}
    status = 200
    if request.method == "POST":
        result, status = _handle(request, agency, actions, handlers, {
            "point": "已保存查阅点。", "delivery": "已登记送交。", "visit": "已登记查阅。"})
        if result:
            return redirect(f"{reverse('backoffice:reading_points')}?agency={agency.code}")
    return render(request, "backoffice/oversight/reading_points.html", {
        "agency": agency, "agencies": _agencies(request, Perm.OVERSIGHT_VIEW), "forms": actions.forms,
        # distinct: the two joins multiply each other's rows
        "points": ReadingPoint.objects.filter(agency=agency).annotate(
            n_visits=Count("visits", distinct=True), n_deliveries=Count("deliveries", distinct=True)),
        "deliveries": Delivery.objects.filter(agency=agency).select_related("reading_point", "item")[:100],
        "visits": Visit.objects.filter(reading_point__agency=agency).select_related("reading_point")[:100],
        "may_manage": has_perm(request.user, Perm.OVERSIGHT_MANAGE, agency)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reading_point(request, pk: int):
    point = selectors.get_for(request.user, ReadingPoint, pk)
    form = ReadingPointForm(request.POST or None, initial={
        f: getattr(point, f) for f in ("name", "place", "address", "hours", "phone", "note", "is_active")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                reading.save_reading_point(point.agency, acting_user=request.user, point=point, **form.cleaned_data)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, "已保存查阅点。")
                return redirect(f"{reverse('backoffice:reading_points')}?agency={point.agency.code}")
    return render(request, "backoffice/oversight/form.html", {
        "form": form, "title": f"修改查阅点：{point.name}", "agency": point.agency,
        "back": f"{reverse('backoffice:reading_points')}?agency={point.agency.code}"}, status=status)


# --- 订阅 ---------------------------------------------------------------------------------------------------------

@login_required
def subscriptions(request):
    """民生服务平台 subscriptions per agency (numbers only: addresses are personal data)."""
    visible = agency_ids(request.user, Perm.OVERSIGHT_VIEW)
    if not visible:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
    rows = (Subscription.objects.filter(agency_id__in=visible).values("agency__name", "agency__code")
            .annotate(active=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE)),
                      pending=Count("id", filter=Q(status=SubscriptionStatus.PENDING)),
                      unsubscribed=Count("id", filter=Q(status=SubscriptionStatus.UNSUBSCRIBED)),
                      email=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE, channel="email")),
                      sms=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE, channel="sms")))
            .order_by("agency__path"))
    return render(request, "backoffice/oversight/subscriptions.html", {"rows": rows})


# --- 年度工作要点 -------------------------------------------------------------------------------------------------

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
    visible = agency_ids(request.user, Perm.OVERSIGHT_VIEW)
    if not visible:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
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
    today = clock.today()
    plans = (WorkPlan.objects.filter(agency_id__in=visible).select_related("agency")
             .annotate(n=Count("tasks", filter=~Q(tasks__status="cancelled")),
                       done=Count("tasks", filter=Q(tasks__status="done")),
                       overdue=Count("tasks", filter=Q(tasks__status="open", tasks__due_on__lt=today))))
    return render(request, "backoffice/oversight/work_plans.html", {
        "plans": plans, "form": form, "manage_agencies": manage}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def work_plan(request, pk: int):
    plan = selectors.get_for(request.user, WorkPlan, pk)
    tasks = {t.pk: t for t in plan.tasks.select_related("office", "assignee", "evidence_item")}
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
        item = Item.objects.filter(agency=plan.agency, index_no=index_no).first() if index_no else None
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


# --- 社会评议 -------------------------------------------------------------------------------------------------------

@login_required
def ratings(request):
    visible = sorted(agency_ids(request.user, Perm.OVERSIGHT_VIEW))
    if not visible:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else clock.today().year
    summary = selectors.rating_summary(date(year, 1, 1), date(year, 12, 31), visible)
    names = dict(Agency.objects.filter(pk__in=visible).values_list("pk", "name"))
    rows = [(names[a], summary[a]) for a in visible if summary[a]["total"]]
    recent = (Rating.objects.filter(agency_id__in=visible, rated_on__year=year).exclude(comment="")
              .select_related("agency", "item")[:50])
    return render(request, "backoffice/oversight/ratings.html", {"year": year, "rows": rows, "recent": recent,
                                                                 "years": range(clock.today().year, 2016, -1)})


# --- 办理期限设置 ----------------------------------------------------------------------------------------------------

SERVICE_REGISTERS = [
    ("oversight.complaint", "投诉举报答复期限（工作日，默认15）"),
    ("oversight.suggestion", "建议提案办理期限（月，默认3）"),
]


class ServiceLevelForm(forms.Form):
    register = forms.ChoiceField(label="事项", choices=SERVICE_REGISTERS)
    length = forms.IntegerField(label="期限", min_value=1, max_value=365)


@login_required
@require_http_methods(["GET", "POST"])
def service_levels(request):
    agency, response = _pick_or_agency(request)
    if response:
        return response
    form = ServiceLevelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            register = form.cleaned_data["register"]
            unit = Unit.MONTHS if register == "oversight.suggestion" else Unit.WORKING_DAYS
            try:
                set_service_level(register, agency, acting_user=request.user, length=form.cleaned_data["length"],
                                  unit=unit)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, "已保存，对此后登记的事项生效。")
                return redirect(f"{reverse('backoffice:service_levels')}?agency={agency.code}")
    levels = ServiceLevel.objects.filter(Q(agency=agency) | Q(agency__isnull=True))
    return render(request, "backoffice/oversight/service_levels.html", {
        "agency": agency, "form": form, "levels": levels, "labels": dict(SERVICE_REGISTERS)}, status=status)


# --- 标准目录覆盖情况 ------------------------------------------------------------------------------------------------

@login_required
def coverage_county(request):
    """Every visible agency's coverage of its standard catalogue (the county 政务公开办 sees all)."""
    summaries = coverage.county_coverage(request.user)
    if not summaries:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看目录信息的权限。")
    if len(summaries) == 1:
        return redirect("backoffice:coverage_agency", code=summaries[0].agency.code)
    return render(request, "backoffice/oversight/coverage_county.html", {"summaries": summaries,
                                                                         "today": clock.today()})


class ExemptionForm(forms.Form):
    area = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="未涉及原因", max_length=200)


@login_required
@require_http_methods(["GET", "POST"])
def coverage_agency(request, code: str):
    agency = _chosen_agency(request, code, Perm.CATALOG_VIEW)
    may_manage = has_perm(request.user, Perm.CATALOG_MANAGE, agency)
    exemption_form = ExemptionForm()
    status = 200
    if request.method == "POST":
        area = get_object_or_404(StandardArea, pk=request.POST.get("area") or 0)
        try:
            if request.POST.get("action") == "clear":
                matters.clear_area_not_involved(agency, area, acting_user=request.user)
                messages.success(request, f"已取消“{area.name}”的未涉及标记。")
                return redirect(request.path)
            exemption_form = ExemptionForm(request.POST)
            if exemption_form.is_valid():
                matters.mark_area_not_involved(agency, area, acting_user=request.user,
                                               reason=exemption_form.cleaned_data["reason"])
                messages.success(request, f"已将“{area.name}”标记为未涉及。")
                return redirect(request.path)
            status = 400
        except DomainError as exc:
            status = report_error(request, exc, exemption_form)
    result = coverage.coverage_for_agency(request.user, agency)
    return render(request, "backoffice/oversight/coverage_agency.html", {
        "agency": agency, "result": result, "may_manage": may_manage, "exemption_form": exemption_form,
        "failed_area": request.POST.get("area") if status != 200 else None,
        "agencies": _agencies(request, Perm.CATALOG_VIEW)}, status=status)


class MatterForm(forms.Form):
    area = forms.TypedChoiceField(label="领域", coerce=int)
    level1 = forms.CharField(label="一级事项", max_length=100)
    level2 = forms.CharField(label="二级事项", max_length=100)
    content = forms.CharField(label="公开内容（要素）", widget=TEXTAREA)
    legal_basis = forms.CharField(label="公开依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    time_limit_text = forms.CharField(label="公开时限", max_length=200, required=False,
                                      initial="自信息形成或者变更之日起20个工作日内予以公开")
    time_limit_days = forms.IntegerField(label="公开时限（工作日）", min_value=1, max_value=20, initial=20)
    expected_every_days = forms.IntegerField(label="应更新周期（天）", min_value=1, max_value=3650, required=False,
                                             help_text="定期公开的事项填写（例如每年一次填365）；按事件公开的留空。")
    subject = forms.CharField(label="公开主体", max_length=100, required=False)
    channels = forms.MultipleChoiceField(label="公开渠道和载体", choices=[(c, c) for c in matters.CHANNELS],
                                         widget=forms.CheckboxSelectMultiple, initial=["政府网站"])
    audience = forms.MultipleChoiceField(label="公开对象", choices=DisclosureMatter.Audience.choices,
                                         widget=forms.CheckboxSelectMultiple, initial=["public"])
    modes = forms.MultipleChoiceField(label="公开方式", choices=DisclosureMatter.Mode.choices,
                                      widget=forms.CheckboxSelectMultiple, initial=["proactive"])
    tiers = forms.MultipleChoiceField(label="公开层级", choices=DisclosureMatter.Tier.choices,
                                      widget=forms.CheckboxSelectMultiple, initial=["township"])
    category = forms.TypedChoiceField(label="发布栏目", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, f"{a.number}. {a.name}") for a in StandardArea.objects.all()]
        self.fields["category"].choices = [("", "（不指定）")] + [
            (c.pk, c.name) for c in Category.objects.filter(agency=agency, is_active=True)]


def _matter_values(agency, data: dict) -> dict:
    values = dict(data)
    category_id = values.pop("category")
    values["category"] = Category.objects.filter(agency=agency, pk=category_id).first() if category_id else None
    return values


@login_required
@require_http_methods(["GET", "POST"])
def matter_new(request, code: str):
    agency = _chosen_agency(request, code, Perm.CATALOG_MANAGE)
    form = MatterForm(request.POST or None, agency=agency, initial={"area": request.GET.get("area"),
                                                                    "subject": agency.name})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = _matter_values(agency, form.cleaned_data)
            values["area"] = get_object_or_404(StandardArea, pk=values["area"])
            try:
                matters.create_matter(agency, acting_user=request.user, **values)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, "已添加公开事项。")
                return redirect("backoffice:coverage_agency", code=agency.code)
    return render(request, "backoffice/oversight/form.html", {
        "form": form, "title": f"新增政务公开事项（{agency.name}）", "agency": agency,
        "back": reverse("backoffice:coverage_agency", args=[agency.code])}, status=status)


class LinkItemsForm(forms.Form):
    items = forms.MultipleChoiceField(label="关联的已发布信息", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices


@login_required
@require_http_methods(["GET", "POST"])
def matter(request, pk: int):
    """Edit a matter's columns, link published items to it, or stop measuring it."""
    m = get_object_or_404(DisclosureMatter.objects.select_related("agency", "area", "category"), pk=pk)
    require(request.user, Perm.CATALOG_MANAGE, m.agency)
    candidates = Item.objects.filter(agency=m.agency, status=Item.Status.PUBLISHED).filter(
        Q(matter__isnull=True) | Q(matter=m)).order_by("-published_on", "-id")[:200]
    choices = [(str(i.pk), f"{i.published_on:%Y-%m-%d} {i.title}") for i in candidates]
    linked = [str(i.pk) for i in candidates if i.matter_id == m.pk]
    actions = _ActionForms({
        "edit": lambda *a: MatterForm(*a, agency=m.agency, initial={
            **{f: getattr(m, f) for f in ("level1", "level2", "content", "legal_basis", "time_limit_text",
                                          "time_limit_days", "expected_every_days", "subject", "channels",
                                          "audience", "modes", "tiers")},
            "area": m.area_id, "category": m.category_id}),
        "link": lambda *a: LinkItemsForm(*a, choices=choices, initial={"items": linked}),
        "deactivate": lambda *a: ReasonForm(*a)})

    def edit(d):
        values = _matter_values(m.agency, d)
        values.pop("area")
        matters.update_matter(m, acting_user=request.user, **values)

    def link(d):
        chosen = set(d["items"])
        for item in candidates:
            if (str(item.pk) in chosen) != (item.matter_id == m.pk):
                matters.link_item_to_matter(item, m if str(item.pk) in chosen else None, acting_user=request.user)

    handlers = {"edit": edit, "link": link,
                "deactivate": lambda d: matters.deactivate_matter(m, acting_user=request.user, **d)}
    status = 200
    if request.method == "POST":
        response, status = _handle(request, m, actions, handlers, {
            "edit": "已保存。", "link": "已更新关联信息。", "deactivate": "已停用该事项。"})
        if response:
            return response
    return render(request, "backoffice/oversight/matter.html", {
        "m": m, "forms": actions.forms, "timeline": events_for(m)}, status=status)
