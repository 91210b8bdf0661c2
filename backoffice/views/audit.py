"""The audit administrator's pages (审计管理员, Perm.AUDIT_VIEW): every event of the agencies they audit, filtered,
newest first, the state of the hash chain, and an XLSX of the filtered events. Nobody else sees them, not even the
platform administrator who manages the accounts (三权分立)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from audit import selectors, services
from audit.labels import label_for
from gongkai.errors import DomainError, NotFound, PermissionDenied

from .common import MAX_INT, report_error

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Beyond these a day's start or end in UTC overflows Python's dates (a 500 for ?date_to=9999-12-31).
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)
DATE_RANGE = [MinValueValidator(EARLIEST, "日期不能早于1900年1月1日。"),
              MaxValueValidator(LATEST, "日期不能晚于9998年12月31日。")]


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label="起始日期", required=False, widget=DATE, validators=DATE_RANGE)
    date_to = forms.DateField(label="截止日期", required=False, widget=DATE, validators=DATE_RANGE)
    agency = forms.ChoiceField(label="机关（含下级）", required=False)
    actor = forms.CharField(label="操作人（账号或姓名）", max_length=50, required=False)
    group = forms.ChoiceField(label="操作类别", required=False)
    action = forms.CharField(label="操作代码", max_length=80, required=False)
    target_type = forms.ChoiceField(label="对象类型", required=False)
    before = forms.IntegerField(label="分页位置", required=False, min_value=1, max_value=MAX_INT,
                                widget=forms.HiddenInput)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {a.code: a for a in agencies}
        self.fields["agency"].choices = [("", "全部")] + [(a.code, a.name) for a in agencies]
        self.fields["group"].choices = [("", "全部")] + selectors.action_groups()
        self.fields["target_type"].choices = [("", "全部")] + selectors.target_types()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def wanted(self) -> selectors.EventFilter:
        data = self.cleaned_data
        return selectors.EventFilter(
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            agency=self.agencies.get(data.get("agency") or ""), actor=(data.get("actor") or "").strip(),
            action=(data.get("action") or "").strip(), group=data.get("group") or "",
            target_type=data.get("target_type") or "")


def _filter_form(request) -> EventFilterForm:
    agencies = list(selectors.auditable_agencies(request.user))
    if not agencies:
        raise PermissionDenied("您没有查看审计记录的权限。")
    code = request.GET.get("agency")
    if code and code not in {a.code for a in agencies}:
        raise NotFound(f"机关代码“{code}”不存在，或不属于您可以审计的机关。")
    return EventFilterForm(request.GET or None, agencies=agencies)


def _type_label(event) -> str:
    """The record's kind in Chinese (its model's verbose name), else app_label.model."""
    model = event.target_type.model_class()
    return str(model._meta.verbose_name) if model else f"{event.target_type.app_label}.{event.target_type.model}"


def _private(response):
    """The trail names people and what they looked at: never stored by browsers or proxies."""
    add_never_cache_headers(response)
    return response


def _list_page(request, form: EventFilterForm, status: int = 200):
    """The list page: the filters (with their errors), one page of events, the chain's state."""
    rows, next_before = [], None
    if form.is_bound and not form.is_valid():
        status = 400
        messages.error(request, "筛选条件有误，请按提示修改。")
    else:
        wanted = form.wanted() if form.is_bound else selectors.EventFilter()
        before = form.cleaned_data.get("before") if form.is_bound else None
        rows, next_before = selectors.events_page(request.user, wanted, before=before)
    params = request.GET.copy()
    params.pop("before", None)
    return _private(render(request, "backoffice/audit/list.html", {
        "form": form, "rows": [(event, label_for(event.action), _type_label(event)) for event in rows],
        "next_before": next_before,
        "query": params.urlencode(), "paged": bool(request.GET.get("before")),
        "chain": selectors.chain_status()}, status=status))


@login_required
def event_list(request):
    return _list_page(request, _filter_form(request))


@login_required
def event_export(request):
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return _list_page(request, form)
    try:
        output, filename = services.export_events(form.wanted() if form.is_bound else selectors.EventFilter(),
                                                  acting_user=request.user)
    except DomainError as error:
        return _list_page(request, form, status=report_error(request, error))
    return _private(FileResponse(
        output, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))


@login_required
@require_POST
def chain_verify(request):
    result = services.verify_chain(acting_user=request.user)  # refuses (403) whoever holds no AUDIT_VIEW
    if result.intact:
        messages.success(request, result.summary)
    else:
        messages.error(request, result.summary)
    return redirect("backoffice:audit")
