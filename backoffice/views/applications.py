"""Back-office pages of disclosure on application: the work list by state with due dates coloured by working days
left (the county 政务公开办 sees every agency), registration from every channel (including 代为填写), the detail page
with the due-date explanation, the timeline, one small form per event and the letters, and the per-agency letter
templates.

Each event form posts to `application_event`: the view parses the form, calls one service, and on a DomainError
renders the detail page again with the message beside the field, what was typed, and the error's 4xx status.
Applications are fetched and authorised in one selector call (404 outside the person's agencies).
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from agencies.access import (
    ROLE_PERMISSIONS,
    Perm,
    agency_for_page,
    has_perm,
    has_perm_anywhere,
    require,
    require_anywhere,
    visible_agencies,
)
from agencies.models import Agency
from agencies.selectors import members_holding
from applications import fees, rules, selectors, services
from applications.letters.context import unknown_placeholders
from applications.letters.defaults import DEFAULTS, PLACEHOLDERS, TEMPLATE_LABELS
from applications.models import (
    Application,
    Channel,
    Consultation,
    DeliveryMethod,
    FeeItem,
    FeeNotice,
    FormOfProvision,
    IdType,
    LetterSettings,
    Route,
    Status,
)
from applications.workflow import APPLICATION_WORKFLOW
from gongkai import clock
from gongkai.errors import DomainError, NotFound

from .common import page_agency_code, report_error

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PAGE_SIZE = 50


def _people_with(agency: Agency, perm: Perm) -> list:
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
    seen, people = set(), []
    for m in members_holding(agency, roles, active_only=True):
        if m.user_id not in seen:
            seen.add(m.user_id)
            people.append(m.user)
    return people


def _user_choice(people, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(u.pk), u.display_name) for u in people]


def _pick(people, value):
    return next((u for u in people if str(u.pk) == str(value)), None) if value else None


# --- event forms --------------------------------------------------------------------------------------------

class EventForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE, help_text="事件发生的日期；可登记过去的日期，不能晚于今天。")

    def __init__(self, *args, application=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", clock.today())
        super().__init__(*args, **kwargs)
        self.application = application


class ConfirmForm(EventForm):
    note = forms.CharField(label="确认方式", max_length=200, required=False, help_text="例如：电话确认（与申请人通话）")


class CorrectionForm(EventForm):
    items = forms.CharField(label="需要补正的事项（一次性告知）", widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(label="补正期限", widget=DATE, required=False,
                               help_text="合理的补正期限；不填则为告知之日起15个工作日。")


class CorrectionReceivedForm(EventForm):
    late_reason = forms.CharField(label="逾期补正的正当理由", max_length=300, required=False,
                                  help_text="补正期限届满后收到的，须填写。")


class ConsultationForm(EventForm):
    party = forms.ChoiceField(label="征求对象", choices=Consultation.Party.choices, widget=forms.RadioSelect)
    party_name = forms.CharField(label="对象名称", max_length=100)
    party_received_on = forms.DateField(label="对方收到征求意见函的日期", widget=DATE, required=False,
                                        help_text="对方自收到之日起15个工作日内答复；不填则为发函日期。")


class ConsultationReceivedForm(EventForm):
    consultation = forms.ChoiceField(label="征求意见", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields["consultation"].choices = [
                (str(c.pk), f"{c.party_name}（{c.sent_on:%Y-%m-%d}发函）")
                for c in self.application.consultations.all() if c.is_open]
        self.fields["date"].label = "对方收到征求意见函的日期"


class ConsultationEndForm(EventForm):
    consultation = forms.ChoiceField(label="征求意见", choices=())
    outcome = forms.ChoiceField(label="意见", required=False,
                                choices=[("", "逾期未答复（按规定处理）")] + list(Consultation.Outcome.choices[:2]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields["consultation"].choices = [
                (str(c.pk), f"{c.party_name}（{c.sent_on:%Y-%m-%d}发函，答复期限"
                            f"{c.answer_due.isoformat() if c.answer_due else '待定'}）")
                for c in self.application.consultations.all() if c.is_open]


class ApprovedEventForm(EventForm):
    """An event approved by a holder of APPLICATIONS_APPROVE_EXTENSION (the 工作机构负责人): the subclass's `approver`
    field offers them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.approvers = _people_with(self.application.agency, Perm.APPLICATIONS_APPROVE_EXTENSION)
            self.fields["approver"].choices = _user_choice(self.approvers, "本人")


class ExtendForm(ApprovedEventForm):
    days = forms.IntegerField(label="延长工作日数")
    reason = forms.CharField(label="延期理由", max_length=300)
    approver = forms.ChoiceField(label="批准人（政府信息公开工作机构负责人）", choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields["days"].help_text = f"最长{self.application.ruleset.max_extension_days}个工作日。"


class ReasonablePeriodForm(ApprovedEventForm):
    due_on = forms.DateField(label="延迟后的答复期限", widget=DATE,
                             help_text="应晚于现在的答复期限；条例未规定上限，应当合理。")
    reason = forms.CharField(label="理由（将告知申请人，并在办理查询页面显示，请勿写入个人信息）", max_length=300)
    approver = forms.ChoiceField(label="批准人（政府信息公开工作机构负责人）", choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "确定并告知申请人的日期"


class FeeNoticeForm(ApprovedEventForm):
    """信息处理费 (2019 rules: one method) or, for an application under the 2007 rules, the cost fees item by item
    (检索费、复制费、邮寄费 at the local standard): the rule set decides which fields the form has and which service
    it calls."""

    method = forms.ChoiceField(label="计费方式", choices=fees.METHOD_LABELS.items(), widget=forms.RadioSelect)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    applicant_received_on = forms.DateField(label="申请人收到通知的日期", widget=DATE, required=False)
    reduce_to = forms.DecimalField(label="减收后金额（元）", min_value=0, decimal_places=2, required=False)
    reduction_reason = forms.CharField(label="减免理由", max_length=300, required=False)
    approver = forms.ChoiceField(label="减免批准人", choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cost_based = self.application is not None and self.application.rule_set == rules.RULE_SET_2007
        if not self.cost_based:
            return
        del self.fields["method"], self.fields["pages"]
        tail = {name: self.fields.pop(name) for name in list(self.fields) if name != "date"}
        for kind, label in FeeItem.Kind.choices:
            unit = FeeItem.DEFAULT_UNITS[kind]
            self.fields[f"{kind}_quantity"] = forms.IntegerField(label=f"{label}：数量（{unit}）", min_value=1,
                                                                 max_value=100_000, required=False)
            self.fields[f"{kind}_unit_price"] = forms.DecimalField(label=f"{label}：单价（元/{unit}）", min_value=0,
                                                                   max_digits=10, decimal_places=2, required=False)
            self.fields[f"{kind}_description"] = forms.CharField(label=f"{label}：说明", max_length=100,
                                                                 required=False)
        self.fields["standard"] = forms.CharField(
            label="收费标准依据", max_length=200, required=False,
            help_text="所在地价格主管部门会同财政部门制定的收费标准（2007年条例第二十七条）；不填则写“本地价格主管部门会同"
                      "财政部门制定的收费标准”。")
        self.fields.update(tail)
        self.fields["waiver_ground"] = forms.ChoiceField(
            label="减收依据", required=False, choices=[("", "不减收")] + list(FeeNotice.WaiverGround.choices))

    def clean(self):
        data = super().clean()
        if self.cost_based:
            for kind, label in FeeItem.Kind.choices:
                quantity, price = data.get(f"{kind}_quantity"), data.get(f"{kind}_unit_price")
                if (quantity is None) != (price is None):
                    self.add_error(f"{kind}_quantity" if quantity is None else f"{kind}_unit_price",
                                   f"{label}请同时填写数量和单价（不收取的两项都不填）。")
        return data

    def cost_items(self) -> list[dict]:
        d = self.cleaned_data
        return [{"kind": kind, "quantity": d[f"{kind}_quantity"], "unit_price": d[f"{kind}_unit_price"],
                 "description": d[f"{kind}_description"]}
                for kind in FeeItem.Kind.values if d.get(f"{kind}_quantity") is not None]


def _send_fee_notice(a, u, d, f):
    if f.cost_based:
        return services.send_cost_fee_notice(
            a, acting_user=u, on=d["date"], items=f.cost_items(), standard=d["standard"],
            applicant_received_on=d["applicant_received_on"], reduce_to=d["reduce_to"],
            reduction_reason=d["reduction_reason"], waiver_ground=d["waiver_ground"], approver=_approver(f))
    return services.send_fee_notice(
        a, acting_user=u, on=d["date"], method=d["method"], pages=d["pages"],
        applicant_received_on=d["applicant_received_on"], reduce_to=d["reduce_to"],
        reduction_reason=d["reduction_reason"], approver=_approver(f))


class FeePaidForm(EventForm):
    pass


class FeeReceivedForm(EventForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "申请人收到收费通知的日期"


class WaiveForm(ApprovedEventForm):
    amount = forms.DecimalField(label="减免后金额（元）", min_value=0, decimal_places=2, initial=0,
                                help_text="0为全部免除。")
    reason = forms.CharField(label="减免理由", max_length=300)
    approver = forms.ChoiceField(label="批准人", choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fee = getattr(self.application, "fee", None) if self.application is not None else None
        if fee is not None and fee.is_cost_based:  # 2007 Art.28 / 财综〔2008〕44号: the ground is recorded
            self.fields["ground"] = forms.ChoiceField(label="减免依据", choices=FeeNotice.WaiverGround.choices,
                                                      widget=forms.RadioSelect)


class ReplyForm(EventForm):
    reply_code = forms.ChoiceField(label="答复类型（只能选一个）", choices=(), required=False)
    text = forms.CharField(label="答复内容或理由", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                           help_text="写入答复书；不予公开、部分公开的请说明理由。")

    def __init__(self, *args, codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            codes = codes or [c for c in rules.reply_codes_for(self.application.rule_set)
                              if c.code not in rules.ABANDONMENT_CODES]
            self.fields["reply_code"].choices = [("", "请选择")] + [
                (c.code, f"{c.code} {c.label}（计入：{rules.OUTCOME_ROW_LABELS[c.row]}）") for c in codes]


class AbandonForm(EventForm):
    """A21 / A22: the applicant's period passed (视为放弃)."""

    reply_code = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DeliverForm(EventForm):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    note = forms.CharField(label="说明（如邮件号码、签收人）", max_length=200, required=False)


class SplitForm(EventForm):
    parts = forms.CharField(label="拆分后的各项（每行一项）", widget=forms.Textarea(attrs={"rows": 4}))


class HandlerForm(forms.Form):
    handler = forms.ChoiceField(label="承办人", choices=())

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        if application is not None:
            self.people = _people_with(application.agency, Perm.APPLICATIONS_HANDLE)
            self.fields["handler"].choices = _user_choice(self.people, "请选择")


class ProactiveForm(forms.Form):
    category = forms.ChoiceField(label="发布栏目", choices=())
    title = forms.CharField(label="信息名称", max_length=200)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        if application is not None:
            self.fields["category"].choices = [(str(c.pk), c.name) for c in
                                               selectors.proactive_categories(application)]


def _approver(form):
    return _pick(form.approvers, form.cleaned_data["approver"])


def _split_done(parts) -> str:
    return f"已拆分为{len(parts)}件申请：{'、'.join(p.number for p in parts)}。"


@dataclass(frozen=True)
class Event:
    """One event form of the detail page: its form, the one service it calls (application, user, cleaned data,
    form) and the message after success (a sentence, or made from the service's result)."""

    form: type[forms.Form]
    run: Callable
    done: str | Callable[[object], str]


# action → its form and service. The label, the states and the legal conditions in which an action is offered are the
# workflow's (applications.workflow); the services still guard every one of them.
EVENTS = {
    "confirm-receipt": Event(ConfirmForm, lambda a, u, d, f: services.confirm_receipt(
        a, acting_user=u, on=d["date"], note=d["note"]), "已确认收到申请，答复期限开始计算。"),
    "request-correction": Event(CorrectionForm, lambda a, u, d, f: services.request_correction(
        a, acting_user=u, on=d["date"], items=d["items"], deadline=d["deadline"]), "已告知补正，并生成补正告知书。"),
    "receive-correction": Event(CorrectionReceivedForm, lambda a, u, d, f: services.receive_correction(
        a, acting_user=u, on=d["date"], late_reason=d["late_reason"]), "已登记收到补正，答复期限自该日起重新计算。"),
    "abandon-correction": Event(AbandonForm, lambda a, u, d, f: services.reply(
        a, acting_user=u, on=d["date"], reply_code="A21", text=d["text"]), "已按视为放弃申请办结，并生成告知书。"),
    "start-consultation": Event(ConsultationForm, lambda a, u, d, f: services.start_consultation(
        a, acting_user=u, on=d["date"], party=d["party"], party_name=d["party_name"],
        party_received_on=d["party_received_on"]), "已登记征求意见，并生成征求意见函。"),
    "consultation-received": Event(ConsultationReceivedForm, lambda a, u, d, f: services.record_consultation_receipt(
        a, acting_user=u, on=d["date"], consultation_id=int(d["consultation"])),
        "已登记对方收到征求意见函的日期，答复期限已重新计算。"),
    "end-consultation": Event(ConsultationEndForm, lambda a, u, d, f: services.end_consultation(
        a, acting_user=u, on=d["date"], outcome=d["outcome"], consultation_id=int(d["consultation"])),
        "已登记征求意见结果。"),
    "extend": Event(ExtendForm, lambda a, u, d, f: services.extend(
        a, acting_user=u, on=d["date"], days=d["days"], reason=d["reason"], approver=_approver(f)),
        "已延期答复，并生成延期答复告知书。"),
    "reasonable-period": Event(ReasonablePeriodForm, lambda a, u, d, f: services.set_reasonable_period(
        a, acting_user=u, on=d["date"], due_on=d["due_on"], reason=d["reason"], approver=_approver(f)),
        "已确定延迟答复的合理期限，并生成延迟答复告知书。"),
    "fee-notice": Event(FeeNoticeForm, _send_fee_notice, "已发出收费通知，并生成收费通知书。"),
    "fee-notice-received": Event(FeeReceivedForm, lambda a, u, d, f: services.record_fee_notice_receipt(
        a, acting_user=u, on=d["date"]), "已登记申请人收到收费通知的日期，缴费期限已重新计算。"),
    "fee-paid": Event(FeePaidForm, lambda a, u, d, f: services.record_fee_paid(a, acting_user=u, on=d["date"]),
                      "已登记缴费，答复期限继续计算。"),
    "waive-fee": Event(WaiveForm, lambda a, u, d, f: services.waive_fee(
        a, acting_user=u, on=d["date"], reason=d["reason"], amount=d["amount"], ground=d.get("ground", ""),
        approver=_approver(f)), "已减免收费。"),
    "abandon-fee": Event(AbandonForm, lambda a, u, d, f: services.reply(
        a, acting_user=u, on=d["date"], reply_code="A22", text=d["text"]), "已按视为放弃申请办结，并生成告知书。"),
    "reply": Event(ReplyForm, lambda a, u, d, f: services.reply(
        a, acting_user=u, on=d["date"], reply_code=d.get("reply_code", ""), text=d["text"]), "已办结，并生成答复书。"),
    "split": Event(SplitForm, lambda a, u, d, f: services.split(
        a, acting_user=u, on=d["date"], parts=d["parts"].splitlines()), _split_done),
    "deliver": Event(DeliverForm, lambda a, u, d, f: services.deliver(
        a, acting_user=u, on=d["date"], method=d["method"], note=d["note"]), "已登记送达。"),
    "archive": Event(EventForm, lambda a, u, d, f: services.archive(a, acting_user=u, on=d["date"]), "已归档。"),
}
assert list(EVENTS) == list(APPLICATION_WORKFLOW.transitions), "every event of the workflow has its form, in order"


def _run(name: str, application: Application, user, form) -> str:
    """Call the service for `name` with the form's data; return the success message."""
    event = EVENTS[name]
    result = event.run(application, user, form.cleaned_data, form)
    return event.done if isinstance(event.done, str) else event.done(result)


# --- list -------------------------------------------------------------------------------------------------------

STATUS_TABS = [("open", "办理中（全部未办结）"), (Status.AWAITING_CONFIRMATION, "待确认"), (Status.CORRECTION, "补正中"),
               (Status.CONSULTATION, "征求意见中"), (Status.AWAITING_FEE, "待缴费"), ("overdue", "已逾期"),
               (Status.REPLIED, "已答复"), (Status.DELIVERED, "已送达"), (Status.ARCHIVED, "已归档"), ("", "全部")]


@login_required
def application_list(request):
    """The work list: applications by state, due dates coloured by working days left."""
    require_anywhere(request.user, Perm.APPLICATIONS_VIEW, "您没有查看依申请公开的权限。")
    agencies = list(visible_agencies(request.user, Perm.APPLICATIONS_VIEW))
    code = request.GET.get("agency", "")
    agency = next((a for a in agencies if a.code == code), None)
    tab = request.GET.get("status", "open")
    if tab not in {t for t, _ in STATUS_TABS}:
        tab = "open"
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:50]  # PostgreSQL text refuses NUL: a 500
    qs = selectors.applications_for(request.user, status="" if tab == "overdue" else tab,
                                    agency_id=agency.pk if agency else None, overdue=tab == "overdue", q=q,
                                    handler=request.user if request.GET.get("mine") == "1" else None)
    page_number = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    rows = list(qs[(page_number - 1) * PAGE_SIZE: page_number * PAGE_SIZE + 1])
    today = clock.today()
    for application in rows:
        application.days_left = selectors.days_left(application, today)
    # The county 政务公开办's view: every agency's open and overdue applications (one query).
    overview = selectors.agency_overview(agencies, today) if len(agencies) > 1 else None
    return render(request, "backoffice/applications/list.html", {
        "rows": rows[:PAGE_SIZE], "has_next": len(rows) > PAGE_SIZE, "page_number": page_number, "tabs": STATUS_TABS,
        "tab": tab, "agencies": agencies, "agency": agency, "q": q, "overview": overview,
        "may_register": has_perm_anywhere(request.user, Perm.APPLICATIONS_HANDLE),
        "counts": selectors.status_counts(request.user, agency.pk if agency else None),
    })


# --- registration -------------------------------------------------------------------------------------------

class RegisterForm(forms.Form):
    agency = forms.ChoiceField(label="受理机关", choices=())
    channel = forms.ChoiceField(label="提交渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    filled_by_staff = forms.BooleanField(label="代为填写（申请人书写确有困难，口头提出，由工作人员填写）", required=False)
    arrived_on = forms.DateField(label="到达日期", widget=DATE,
                                 help_text="当面提交之日；邮件到达（签收）之日；信函、传真、电子邮件收到之日。")
    received_on = forms.DateField(
        label="收到申请日期（法定）", widget=DATE, required=False,
        help_text="当面提交不填（即提交之日）；邮寄为签收之日（不填则为到达日期）；平常信函、传真、电子邮件为与申请人确认之日，"
                  "尚未确认的不填，申请进入“待确认”，期限不起算。")
    confirmation_note = forms.CharField(label="确认方式", max_length=200, required=False)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=[(t.code, t.label) for t in rules.APPLICANT_TYPES])
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    contact_person = forms.CharField(label="联系人（法人或者其他组织）", max_length=50, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=60)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    email = forms.CharField(label="电子邮箱", max_length=200, required=False)
    description = forms.CharField(label="所需信息的名称、文号或特征性描述", widget=forms.Textarea(attrs={"rows": 4}))
    doc_no = forms.CharField(label="文号", max_length=100, required=False)
    form_of_provision = forms.ChoiceField(label="获取方式", choices=FormOfProvision.choices)
    route = forms.ChoiceField(label="获取途径", choices=Route.choices)
    fee_waiver_requested = forms.BooleanField(label="申请人申请减免费用", required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]


@sensitive_post_parameters("id_number", "phone", "address", "postcode", "email")
@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    """Register an application from the counter, the post, a letter, a fax or an e-mail (代为填写 included)."""
    agencies = list(visible_agencies(request.user, Perm.APPLICATIONS_HANDLE))
    if not agencies:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有登记依申请公开的权限。")
    if request.method == "GET":
        form = RegisterForm(agencies=agencies, initial={"arrived_on": clock.today(), "token": secrets.token_urlsafe(18),
                                                        "channel": Channel.IN_PERSON, "route": Route.PICKUP})
        return render(request, "backoffice/applications/form.html", {"form": form})
    form = RegisterForm(request.POST, agencies=agencies)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        agency = next(a for a in agencies if a.code == d["agency"])
        try:
            application = services.register_application(
                agency, services.ApplicantInput(
                    applicant_type=d["applicant_type"], applicant_name=d["applicant_name"], id_type=d["id_type"],
                    id_number=d["id_number"], description=d["description"], form_of_provision=d["form_of_provision"],
                    route=d["route"], phone=d["phone"], address=d["address"], postcode=d["postcode"], email=d["email"],
                    contact_person=d["contact_person"], doc_no=d["doc_no"],
                    fee_waiver_requested=d["fee_waiver_requested"]),
                acting_user=request.user, channel=d["channel"], arrived_on=d["arrived_on"],
                received_on=d["received_on"], filled_by_staff=d["filled_by_staff"],
                confirmation_note=d["confirmation_note"], idempotency_key=f"office:{request.user.pk}:{d['token']}")
        except DomainError as exc:
            status = report_error(request, exc, form)
        else:
            messages.success(request, f"已登记申请 {application.number}（查询码 {application.tracking_code}）。")
            return redirect("backoffice:application", application.pk)
    return render(request, "backoffice/applications/form.html", {"form": form}, status=status)


# --- detail and events ------------------------------------------------------------------------------------------

def _detail_context(request, application: Application, *, bound: tuple[str, forms.Form] | None = None,
                    personal=None) -> dict:
    facts = {"correction": getattr(application, "correction", None), "extension": getattr(application, "extension", None),
             "fee": getattr(application, "fee", None),
             "reasonable_period": getattr(application, "reasonable_period", None)}
    may_handle = has_perm(request.user, Perm.APPLICATIONS_HANDLE, application.agency)
    event_forms = []
    for action in APPLICATION_WORKFLOW.available_actions(application, request.user, clock.today()):
        name = action.name
        if bound is not None and bound[0] == name:
            form = bound[1]
        else:
            initial = {"reply_code": {"abandon-correction": "A21", "abandon-fee": "A22"}[name]} \
                if name.startswith("abandon") else {}
            form = EVENTS[name].form(application=application, initial=initial, prefix=name)
        event_forms.append({"name": name, "label": action.label, "form": form,
                            "open": bound is not None and bound[0] == name})
    quote = None
    if may_handle and application.status == Status.IN_PROGRESS and application.received_on \
            and application.received_on >= rules.FEES_FROM and facts["fee"] is None:
        quote = services.quote_fee(application, fees.PER_APPLICATION)
    today = clock.today()
    return {
        "application": application, "facts": facts, "event_forms": event_forms, "may_handle": may_handle,
        "days_left": selectors.days_left(application, today),
        "notice_due": selectors.correction_notice_hint(application) if facts["correction"] is None else None,
        "applicant": selectors.masked_applicant(application), "personal": personal,
        "may_view_personal": selectors.may_view_personal(request.user, application),
        "consultations": selectors.consultations_for(application),
        "letters": selectors.letters_for(application),
        "timeline": selectors.timeline(application),
        "parts": selectors.split_parts(application),
        "quote": quote,
        "cost_fees_apply": any(f["name"] == "fee-notice" for f in event_forms)
        and application.rule_set == rules.RULE_SET_2007,
        "handler_form": HandlerForm(application=application) if may_handle and application.is_open else None,
        "proactive_form": ProactiveForm(application=application, initial={"title": application.description[:100]})
        if may_handle and application.reply_code in rules.DISCLOSING_CODES and not application.proactive_item_id
        and has_perm(request.user, Perm.CATALOG_DRAFT, application.agency) else None,
    }


@login_required
def application_detail(request, pk: int):
    application = selectors.get_application_for(request.user, pk)
    return render(request, "backoffice/applications/detail.html", _detail_context(request, application))


@login_required
@require_POST
def application_event(request, pk: int, action: str):
    """One event on the application (the form of the detail page named `action`)."""
    application = selectors.get_application_for(request.user, pk)
    if action not in EVENTS:
        raise NotFound("未知的操作。")
    require(request.user, APPLICATION_WORKFLOW.get(action).perm, application.agency)
    form = EVENTS[action].form(request.POST, application=application, prefix=action)
    status = 400
    if form.is_valid():
        try:
            message = _run(action, application, request.user, form)
        except DomainError as exc:
            status = report_error(request, exc, form)
        else:
            messages.success(request, message)
            return redirect("backoffice:application", application.pk)
    application = selectors.get_application_for(request.user, pk)
    return render(request, "backoffice/applications/detail.html",
                  _detail_context(request, application, bound=(action, form)), status=status)


@login_required
@require_POST
def application_personal(request, pk: int):
    """Show the applicant's unmasked personal data (audited) to a holder of the personal-data permission."""
    application = selectors.get_application_for(request.user, pk)
    personal = services.reveal_personal_data(application, acting_user=request.user,
                                             purpose=(request.POST.get("purpose") or "")[:200])
    return render(request, "backoffice/applications/detail.html",
                  _detail_context(request, application, personal=personal))


@login_required
@require_POST
def application_handler(request, pk: int):
    """Give the application to a colleague (承办人)."""
    application = selectors.get_application_for(request.user, pk)
    form = HandlerForm(request.POST, application=application)
    handler = _pick(form.people, form.cleaned_data["handler"]) if form.is_valid() else None
    if handler is None:
        return _detail_with_error(request, application, DomainError("请选择承办人。", field="handler"))
    try:
        services.assign_handler(application, acting_user=request.user, handler=handler)
    except DomainError as exc:
        return _detail_with_error(request, application, exc)
    messages.success(request, f"承办人已改为{handler.display_name}。")
    return redirect("backoffice:application", application.pk)


@login_required
@require_POST
def application_proactive(request, pk: int):
    """Art.44: turn a disclosed reply of general interest into a proactive-disclosure draft."""
    application = selectors.get_application_for(request.user, pk)
    form = ProactiveForm(request.POST, application=application)
    if not form.is_valid():
        return _detail_with_error(request, application, DomainError("请选择栏目并填写信息名称。", field="category"))
    category = selectors.proactive_category(application, form.cleaned_data["category"])
    try:
        revision = services.convert_to_proactive(application, acting_user=request.user, category=category,
                                                 title=form.cleaned_data["title"])
    except DomainError as exc:
        return _detail_with_error(request, application, exc)
    messages.success(request, "已生成主动公开草稿，请补充正文后提交审核。")
    try:
        return redirect("backoffice:item", revision.item_id)
    except Exception:  # noqa: BLE001 - the catalogue's page may not exist in every deployment
        return redirect("backoffice:application", application.pk)


def _detail_with_error(request, application: Application, exc: DomainError):
    """The detail page again with the error announced and its 4xx status (never a redirect that hides a refusal)."""
    status = report_error(request, exc)
    return render(request, "backoffice/applications/detail.html", _detail_context(request, application),
                  status=status)


@login_required
def letter_download(request, pk: int, fmt: str):
    letter = selectors.get_letter_for(request.user, pk)
    file = services.download_letter(letter, fmt, acting_user=request.user)
    content_type = "application/pdf" if fmt == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return FileResponse(file.open("rb"), as_attachment=True,
                        filename=f"{letter.application.number}-{letter.title}.{fmt}", content_type=content_type)


# --- letter templates -------------------------------------------------------------------------------------------

class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文模板", widget=forms.Textarea(attrs={"rows": 16}),
                           help_text="段落之间空一行；可用的占位符见右侧，写作 {{ 名称 }}。")


class LetterSettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = ["number_prefix", "review_body", "contact"]


def _template_agency(request) -> Agency:
    return agency_for_page(request.user, Perm.APPLICATIONS_APPROVE_EXTENSION, page_agency_code(request),
                           denied="只有政府信息公开工作机构负责人可以修改文书模板。")


@login_required
@require_http_methods(["GET", "POST"])
def letter_templates(request):
    """The agency's letter templates (each kind: the default wording or the agency's own) and letter settings."""
    agency = _template_agency(request)
    settings_obj = selectors.letter_settings_of(agency)
    settings_form = LetterSettingsForm(request.POST or None, instance=settings_obj)
    status = 200
    if request.method == "POST":
        if settings_form.is_valid():
            services.save_letter_settings(agency, acting_user=request.user, **settings_form.cleaned_data)
            messages.success(request, "文书设置已保存。")
            return redirect(f"{reverse('backoffice:application_templates')}?agency={agency.code}")
        status = 400
    own = selectors.custom_template_keys(agency)
    rows = [{"key": key, "label": TEMPLATE_LABELS[key], "custom": key in own} for key in DEFAULTS]
    return render(request, "backoffice/applications/templates.html", {
        "agency": agency, "rows": rows, "settings_form": settings_form,
        "agencies": visible_agencies(request.user, Perm.APPLICATIONS_APPROVE_EXTENSION)},
        status=status)


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(request, key: str):
    agency = _template_agency(request)
    if key not in DEFAULTS:
        raise NotFound("没有这种文书。")
    own = selectors.custom_template(agency, key)
    title, body = (own.title, own.body) if own else DEFAULTS[key]
    form = TemplateForm(request.POST or None, initial={"title": title, "body": body})
    status = 200
    if request.method == "POST":
        if request.POST.get("reset"):
            services.reset_letter_template(agency, key, acting_user=request.user)
            messages.success(request, "已恢复默认模板。")
            return redirect(f"{reverse('backoffice:application_templates')}?agency={agency.code}")
        if form.is_valid():
            try:
                services.save_letter_template(agency, key, acting_user=request.user, title=form.cleaned_data["title"],
                                              body=form.cleaned_data["body"])
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, "模板已保存，此后生成的文书使用新模板；已生成的文书不变。")
                return redirect(f"{reverse('backoffice:application_templates')}?agency={agency.code}")
        else:
            status = 400
    return render(request, "backoffice/applications/template_form.html", {
        "agency": agency, "key": key, "label": TEMPLATE_LABELS[key], "form": form, "custom": own is not None,
        "placeholders": PLACEHOLDERS.items(), "unknown": unknown_placeholders(form["body"].value() or "")},
        status=status)
