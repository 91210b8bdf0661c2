"""Public pages of disclosure on application: the online application form (Art.29 fields, ID validation, 获取方式和途径),
its printable receipt with the 查询码, and the tracking page (state, due date, the letters sent to the applicant).

Thin: a form parses, `applications.services.submit_online` (the same service the API and the back office use)
validates and registers. The form carries a one-time token so a double click or a retry registers one application.
Floods are limited per address (django-ratelimit): a limited submission is shown again with what was typed and HTTP
429. The 查询码 is never put in a URL: tracking is a POST, and the letters of a tracked application can be downloaded
for the rest of the browser session. Public pages never show ID numbers, phones or addresses.
"""

import secrets

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from agencies.selectors import public_agencies, public_agency
from applications import rules, selectors, services
from applications.letters.render import ensure_files
from applications.models import (
    CLOCK_STATUSES,
    ORGANISATION_ID_TYPES,
    PERSONAL_ID_TYPES,
    Application,
    FormOfProvision,
    IdType,
    Route,
    Status,
)
from gongkai.errors import DomainError
from portal.forms import PublicForm
from privacy.masking import mask_name

SESSION_RECEIPT = "application_receipt"
SESSION_TRACKED = "tracked_applications"

# What the applicant sees for each state (plainer than the staff's labels).
PUBLIC_STATUS = {
    Status.AWAITING_CONFIRMATION: ("已提交，待确认", "工作人员将与您确认收到申请，确认之日为收到申请之日，答复期限自该日起计算。"),
    Status.IN_PROGRESS: ("办理中", "本机关正在办理您的申请。"),
    Status.CORRECTION: ("待补正", "您的申请需要补正，请按补正告知书的要求在补正期限内提交补正后的申请。"),
    Status.CONSULTATION: ("办理中（征求意见）", "本机关正在依法征求第三方或者其他机关的意见，征求意见的时间不计算在答复期限内。"),
    Status.AWAITING_FEE: ("待缴费", "请按收费通知书的要求在缴费期限内缴纳费用。"),
    Status.REPLIED: ("已答复", "本机关已作出答复。"),
    Status.ABANDONED: ("已终止处理", "您的申请已视为放弃，本机关不再处理。"),
    Status.DELIVERED: ("已答复并送达", "本机关已作出答复并送达。"),
    Status.ARCHIVED: ("已办结", "本机关已作出答复，申请已办结归档。"),
    Status.SPLIT: ("已拆分办理", "您的申请包含多项内容，已按“一事一申请”拆分为以下几件分别办理。"),
}


class ApplyForm(PublicForm):
    agency = forms.ChoiceField(label="向哪个机关申请", choices=())
    applicant_type = forms.ChoiceField(
        label="申请人类型", widget=forms.RadioSelect,
        choices=[("natural_person", "公民")] + [(t.code, t.label) for t in rules.APPLICANT_TYPES if t.is_organisation],
        help_text="法人或者其他组织请选择所属类别（商业企业、科研机构、社会公益组织、法律服务机构、其他）。")
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    contact_person = forms.CharField(label="联系人（法人或者其他组织填写）", max_length=50, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices,
                                help_text="公民填写居民身份证等身份证件；法人或者其他组织填写统一社会信用代码。")
    id_number = forms.CharField(label="证件号码", max_length=60,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    address = forms.CharField(label="通信地址", max_length=200, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    email = forms.CharField(label="电子邮箱", max_length=200, required=False,
                            widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))
    description = forms.CharField(
        label="所需信息的名称、文号或者特征性描述", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text="请尽量写明信息的名称、文号、制作机关、时间等，便于查询。一件申请最好只申请一项信息。")
    doc_no = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    form_of_provision = forms.ChoiceField(label="获取信息的方式", choices=FormOfProvision.choices,
                                          widget=forms.RadioSelect, initial=FormOfProvision.PAPER)
    route = forms.ChoiceField(label="获取信息的途径", widget=forms.RadioSelect, initial=Route.POST,
                              choices=[c for c in Route.choices if c[0] != Route.FAX])
    notify = forms.BooleanField(label="通过电子邮件或手机短信告知办理进展", required=False, initial=True,
                                help_text="填写了电子邮箱或手机号码的，在收到申请、需要补正、延期、收费和作出答复时发送简短通知"
                                          "（含查询码，不含身份证件号码）；书面文书照常送达。")
    declaration = forms.BooleanField(label="我确认以上填写的内容真实、准确", required=True)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "请选择")] + [(a.code, a.name) for a in public_agencies()]

    def applicant_input(self) -> services.ApplicantInput:
        d = self.cleaned_data
        return services.ApplicantInput(
            applicant_type=d["applicant_type"], applicant_name=d["applicant_name"], id_type=d["id_type"],
            id_number=d["id_number"], description=d["description"], form_of_provision=d["form_of_provision"],
            route=d["route"], phone=d["phone"], address=d["address"], postcode=d["postcode"], email=d["email"],
            contact_person=d["contact_person"], doc_no=d["doc_no"],
            wants_notices=d["notify"])


@sensitive_post_parameters("id_number", "phone", "address", "postcode", "email")  # never in error reports
@ratelimit(key="ip", rate="5/m", method="POST", block=False)
@ratelimit(key="ip", rate="30/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def apply(request):
    """The online application (Art.29). It arrives today and waits for the agency to confirm receipt (Art.31(三))."""
    if request.method == "GET":
        form = ApplyForm(initial={"agency": request.GET.get("agency", ""), "token": secrets.token_urlsafe(18),
                                  "applicant_type": "natural_person", "id_type": IdType.ID_CARD})
        return render(request, "portal/applications/apply.html", _apply_context(form))
    form = ApplyForm(request.POST)
    status = 400
    if refused := form.refusal(request):
        status = refused
    elif form.is_valid():
        agency = public_agency(form.cleaned_data["agency"])
        try:
            if agency is None:
                raise DomainError("请选择受理申请的机关。", field="agency")
            application = services.submit_online(agency, form.applicant_input(),
                                                 idempotency_key=f"portal:{form.cleaned_data['token']}")
        except DomainError as exc:
            form.add_domain_error(exc)
            status = exc.status
        else:
            request.session[SESSION_RECEIPT] = application.pk
            _remember(request, application)
            return redirect("portal:apply_receipt")
    return render(request, "portal/applications/apply.html", _apply_context(form), status=status)


def _apply_context(form) -> dict:
    return {"form": form, "personal_id_types": sorted(PERSONAL_ID_TYPES), "org_id_types": sorted(ORGANISATION_ID_TYPES)}


@require_http_methods(["GET"])
def apply_receipt(request):
    """The printable receipt (回执) with the 查询码, for the application submitted in this browser session."""
    application = selectors.submitted_in_session(request.session.get(SESSION_RECEIPT))
    if application is None:
        return redirect("portal:track")
    return render(request, "portal/applications/receipt.html", {"application": application,
                                                                "applicant_name": _public_name(application)})


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=20, help_text="提交申请或收到登记回执时获得的12位查询码（不区分大小写）",
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "autocapitalize": "characters"}))


@ratelimit(key="ip", rate="20/m", method="POST", block=False)
@ratelimit(key="ip", rate="200/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def track(request):
    """Track an application by its 查询码: the state, the due date and the letters sent to the applicant."""
    if request.method == "GET":
        return render(request, "portal/applications/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, "查询过于频繁，请稍后再试。")
        return render(request, "portal/applications/track.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "portal/applications/track.html", {"form": form}, status=400)
    application = selectors.track(form.cleaned_data["code"])
    if application is None:
        form.add_error("code", "未找到该查询码对应的申请，请核对后重新输入。")
        return render(request, "portal/applications/track.html", {"form": form}, status=404)
    _remember(request, application)
    parts = selectors.public_parts(application)
    for part in parts:
        _remember(request, part)
    return render(request, "portal/applications/status.html", {
        "application": application, "view": _public_view(application), "applicant_name": _public_name(application),
        "parts": [(p, _public_view(p)) for p in parts]})


@require_http_methods(["GET"])
def track_letter(request, letter_id: int):
    """Download (PDF) a letter sent to the applicant of an application tracked in this browser session."""
    letter = selectors.letter_for_applicant(letter_id, request.session.get(SESSION_TRACKED, []))
    if letter is None:
        raise Http404
    ensure_files(letter)
    return FileResponse(letter.pdf.open("rb"), as_attachment=True, filename=f"{letter.title}.pdf",
                        content_type="application/pdf")


def _remember(request, application: Application) -> None:
    tracked = [pk for pk in request.session.get(SESSION_TRACKED, []) if pk != application.pk][-19:]
    request.session[SESSION_TRACKED] = [*tracked, application.pk]


def _public_name(application: Application) -> str:
    return application.applicant_name if application.is_organisation else mask_name(application.applicant_name)


def _public_view(application: Application) -> dict:
    """What the applicant may see: nothing here is an ID number, a phone or an address."""
    label, text = PUBLIC_STATUS[application.status]
    # A missing reverse one-to-one raises an AttributeError subclass: getattr's default covers it.
    correction = getattr(application, "correction", None)
    fee = getattr(application, "fee", None)
    return {
        "status_label": label, "status_text": text,
        "running": application.status in CLOCK_STATUSES,
        "correction": correction if application.status == Status.CORRECTION else None,
        "fee": fee if application.status == Status.AWAITING_FEE else None,
        "reply": application.reply,
        "letters": list(selectors.letters_for(application, applicant_only=True)),
    }
