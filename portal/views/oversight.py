"""Public pages of the supervision registers: the complaint form and its tracking page, “我为政府网站找错”, the
民生服务平台 subscriptions, 社会评议, and the list of reading points.

Thin: parse with a form, call one service, show the result. Spam floods are limited per address and per form
(django-ratelimit); a limited submission is shown again with what was typed and HTTP 429, so nothing is lost.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from agencies.models import Agency
from agencies.selectors import public_agencies, public_agency
from catalog.models import Item
from catalog.selectors import published_item_by_index_no
from gongkai.errors import DomainError
from oversight import selectors
from oversight.models import ComplaintSubject, ErrorKind, RatingValue, SubscriptionChannel
from oversight.services import complaints, corrections, ratings, subscriptions
from portal.forms import PublicForm
from privacy.fields import blind_index


def _agency_choices():
    return [("", "请选择")] + [(a.code, a.name) for a in public_agencies()]


# --- 投诉举报 ----------------------------------------------------------------------------------------------------

class ComplaintForm(PublicForm):
    agency = forms.ChoiceField(label="投诉举报的机关", choices=())
    subject = forms.ChoiceField(label="投诉事项", required=False,
                                choices=[("", "请选择")] + list(ComplaintSubject.choices))
    summary = forms.CharField(label="投诉举报内容", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
                              help_text="请写明事项、时间、地点和您的诉求。不要填写身份证号码等与投诉无关的个人信息。")
    is_anonymous = forms.BooleanField(label="匿名投诉举报（不留姓名和联系方式）", required=False)
    name = forms.CharField(label="姓名", required=False, max_length=50)
    contact = forms.CharField(label="联系电话或邮箱", required=False, max_length=100,
                              help_text="仅用于核实情况和答复，不会公开。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices()


@ratelimit(key="ip", rate="5/m", method="POST", block=False)
@ratelimit(key="ip", rate="30/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def complaint(request):
    if request.method == "GET":
        form = ComplaintForm(initial={"agency": request.GET.get("agency", "")})
        return render(request, "portal/oversight/complaint_form.html", {"form": form})
    form = ComplaintForm(request.POST)
    status = 400
    if refused := form.refusal(request):
        status = refused
    elif form.is_valid():
        agency = public_agency(form.cleaned_data["agency"])
        try:
            if agency is None:
                raise DomainError("请选择投诉举报的机关。", field="agency")
            record, code = complaints.submit_complaint(
                agency, summary=form.cleaned_data["summary"], is_anonymous=form.cleaned_data["is_anonymous"],
                name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                subject=form.cleaned_data["subject"])
        except DomainError as exc:
            form.add_domain_error(exc)
            status = exc.status
        else:
            # The code is shown once, on the next page, and never stored in clear.
            request.session["complaint_receipt"] = {"number": record.number, "code": code,
                                                    "agency": agency.name, "due_on": str(record.due_on or "")}
            return redirect("portal:complaint_done")
    return render(request, "portal/oversight/complaint_form.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def complaint_done(request):
    receipt = request.session.pop("complaint_receipt", None)
    if receipt is None:
        return redirect("portal:complaint_track")
    return render(request, "portal/oversight/complaint_done.html", {"receipt": receipt})


class TrackForm(forms.Form):
    number = forms.CharField(label="登记编号", max_length=20, help_text="例如 TS2026-0001")
    code = forms.CharField(label="查询码", max_length=20, help_text="提交时显示的10位查询码")


@ratelimit(key="ip", rate="10/m", method="POST", block=False)
@ratelimit(key="ip", rate="60/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def complaint_track(request):
    if request.method == "GET":
        return render(request, "portal/oversight/complaint_track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, "查询过于频繁，请稍等几分钟后再试。")
        return render(request, "portal/oversight/complaint_track.html", {"form": form}, status=429)
    found = None
    if form.is_valid():
        found = complaints.track_complaint(form.cleaned_data["number"], form.cleaned_data["code"])
        if found is None:
            form.add_error(None, "未找到该投诉举报，请核对登记编号和查询码。")
    if found is None:
        return render(request, "portal/oversight/complaint_track.html", {"form": form}, status=404)
    return render(request, "portal/oversight/complaint_status.html", {
        "complaint": found, "progress": complaints.public_progress(found)})


# --- 我为政府网站找错 -------------------------------------------------------------------------------------------

class SiteErrorForm(PublicForm):
    page_url = forms.CharField(label="出错页面的地址", max_length=500)
    kind = forms.ChoiceField(label="问题类型", choices=ErrorKind.choices, initial=ErrorKind.TYPO)
    description = forms.CharField(label="问题描述", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="请写明页面上哪里有错、正确的内容是什么。")
    contact = forms.CharField(label="联系方式（选填）", required=False, max_length=100,
                              help_text="留下电话或邮箱，我们可以告诉您处理结果；不会公开。")


def _referring_page(request) -> str:
    page = (request.GET.get("page") or "")[:500]
    if page.startswith("/") or page.startswith(("http://", "https://")):
        return page
    return ""


@ratelimit(key="ip", rate="5/m", method="POST", block=False)
@ratelimit(key="ip", rate="30/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def site_error_report(request):
    if request.method == "GET":
        form = SiteErrorForm(initial={"page_url": _referring_page(request)})
        return render(request, "portal/oversight/site_error_form.html", {"form": form})
    form = SiteErrorForm(request.POST)
    status = 400
    if refused := form.refusal(request):
        status = refused
    elif form.is_valid():
        try:
            report = corrections.report_site_error(**{k: form.cleaned_data[k] for k in
                                                      ("page_url", "kind", "description", "contact")})
        except DomainError as exc:
            form.add_domain_error(exc)
            status = exc.status
        else:
            request.session["site_error_receipt"] = {"number": report.number, "due_on": str(report.due_on or ""),
                                                     "page_url": report.page_url}
            return redirect("portal:site_error_done")
    return render(request, "portal/oversight/site_error_form.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def site_error_done(request):
    receipt = request.session.pop("site_error_receipt", None)
    if receipt is None:
        return redirect("portal:site_error_report")
    return render(request, "portal/oversight/site_error_done.html", {"receipt": receipt})


# --- 民生服务平台 subscriptions ---------------------------------------------------------------------------------

class SubscribeForm(PublicForm):
    channel = forms.ChoiceField(label="接收方式", choices=SubscriptionChannel.choices, widget=forms.RadioSelect,
                                initial=SubscriptionChannel.EMAIL)
    address = forms.CharField(label="电子邮箱或手机号码", max_length=254)
    categories = forms.MultipleChoiceField(label="订阅栏目", required=False, widget=forms.CheckboxSelectMultiple,
                                           help_text="不选择则订阅该机关的全部栏目。")

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(str(c.pk), c.name) for c in subscriptions.public_categories(agency)]


def _agency_param(request) -> Agency | None:
    code = request.POST.get("agency") or request.GET.get("agency") or ""
    return public_agency(code)


def _recipient(group, request) -> str:
    """The address a confirmation would be sent to, as a keyed hash: one address is not sent a flood of
    confirmation messages from many network addresses."""
    return blind_index("subscribe|" + (request.POST.get("address") or "").strip().lower())


@ratelimit(key="ip", rate="5/m", method="POST", block=False)
@ratelimit(key="ip", rate="20/h", method="POST", block=False)
@ratelimit(key=_recipient, rate="3/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def subscribe(request):
    agency = _agency_param(request)
    if agency is None:
        return render(request, "portal/oversight/subscribe_pick.html", {"agencies": public_agencies()})
    if request.method == "GET":
        form = SubscribeForm(agency=agency)
        return render(request, "portal/oversight/subscribe_form.html", {"form": form, "agency": agency})
    form = SubscribeForm(request.POST, agency=agency)
    status = 400
    if refused := form.refusal(request):
        status = refused
    elif form.is_valid():
        try:
            subscriptions.subscribe(agency, channel=form.cleaned_data["channel"], address=form.cleaned_data["address"],
                                    category_ids=[int(c) for c in form.cleaned_data["categories"]])
        except DomainError as exc:
            form.add_domain_error(exc)
            status = exc.status
        else:
            request.session["subscribe_channel"] = form.cleaned_data["channel"]
            return redirect(f"{reverse('portal:subscribe_sent')}?agency={agency.code}")
    return render(request, "portal/oversight/subscribe_form.html", {"form": form, "agency": agency}, status=status)


@require_http_methods(["GET"])
def subscribe_sent(request):
    channel = request.session.pop("subscribe_channel", SubscriptionChannel.EMAIL)
    return render(request, "portal/oversight/subscribe_sent.html", {"agency": _agency_param(request),
                                                                    "by_sms": channel == SubscriptionChannel.SMS})


def _link_error(request, exc: DomainError):
    return render(request, "portal/oversight/link_error.html", {"message": exc.message}, status=exc.status)


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token: str):
    try:
        if request.method == "POST":
            subscription = subscriptions.confirm_subscription(token)
            return render(request, "portal/oversight/subscription_confirmed.html", {
                "subscription": subscription, "categories": list(subscription.categories.all())})
        subscription, categories = subscriptions.confirmation_target(token)
    except DomainError as exc:
        return _link_error(request, exc)
    return render(request, "portal/oversight/subscription_confirm.html",
                  {"subscription": subscription, "categories": categories})


# The signed token authorises the request; mail clients post RFC 8058 one-click unsubscriptions without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        if request.method == "POST":
            subscriptions.unsubscribe(token)
            return render(request, "portal/oversight/unsubscribed.html")
        target = subscriptions.unsubscription_target(token)
    except DomainError as exc:
        return _link_error(request, exc)
    if target is None:
        return render(request, "portal/oversight/unsubscribed.html", {"already": True})
    return render(request, "portal/oversight/unsubscribe.html", {"subscription": target})


# --- 社会评议 -----------------------------------------------------------------------------------------------------

class RatingForm(forms.Form):
    value = forms.ChoiceField(label="您的评价", choices=RatingValue.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见建议（选填）", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))


def _rating_target(request) -> tuple[Item | None, Agency | None]:
    index_no = request.POST.get("item") or request.GET.get("item") or ""
    if index_no:
        item = published_item_by_index_no(index_no)
        return item, item.agency
    agency = _agency_param(request)
    if agency is None:
        from django.http import Http404

        raise Http404
    return None, agency


def _back(request, item: Item | None, agency: Agency) -> str:
    nxt = request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, require_https=request.is_secure()):
        return nxt
    return item.get_absolute_url() if item else reverse("portal:rate") + f"?agency={agency.code}"


@ratelimit(key="ip", rate="10/m", method="POST", block=False)
@ratelimit(key="ip", rate="60/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def rate(request):
    item, agency = _rating_target(request)
    context = {"item": item, "agency": agency, "rating_form": RatingForm()}
    if request.method == "GET":
        return render(request, "portal/oversight/rate.html", context)
    form = RatingForm(request.POST)
    context["rating_form"] = form
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, "评价过于频繁，请稍后再试。")
        return render(request, "portal/oversight/rate.html", context, status=429)
    if not form.is_valid():
        return render(request, "portal/oversight/rate.html", context, status=400)
    try:
        ratings.rate(value=form.cleaned_data["value"], comment=form.cleaned_data["comment"], item=item,
                     agency=None if item else agency,
                     visitor=ratings.visitor_key(request.META.get("REMOTE_ADDR", ""),
                                                 request.META.get("HTTP_USER_AGENT", "")))
    except DomainError as exc:
        form.add_error(None, exc.message)
        return render(request, "portal/oversight/rate.html", context, status=exc.status)
    messages.success(request, "感谢您的评价！您的意见将作为改进政府信息公开工作的参考。")
    return HttpResponseRedirect(_back(request, item, agency))


# --- reading points -----------------------------------------------------------------------------------------------

@require_http_methods(["GET"])
def reading_points(request):
    points = selectors.public_reading_points()
    return render(request, "portal/oversight/reading_points.html", {"points": points})
