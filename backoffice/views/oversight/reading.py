"""查阅点、送交、查阅登记: reading points, deliveries and the visitor log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, has_perm
from catalog.selectors import item_by_index_no
from gongkai import clock
from gongkai.errors import DomainError
from oversight import selectors
from oversight.models import (
    Counterpart,
    DeliveryDirection,
    ReadingPoint,
)
from oversight.services import reading

from ..common import report_error
from .shared import DATE, _ActionForms, _agencies, _handle, _pick_or_agency


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
            (str(p.pk), p.name) for p in selectors.reading_point_choices(agency)]


class VisitForm(forms.Form):
    reading_point = forms.ChoiceField(label="查阅点")
    visited_on = forms.DateField(label="查阅日期", widget=DATE)
    consulted = forms.CharField(label="查阅内容", max_length=300)
    visitor_name = forms.CharField(label="查阅人", max_length=50, required=False, help_text="选填；加密保存，遮蔽显示。")
    purpose = forms.CharField(label="用途", max_length=200, required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reading_point"].choices = [(str(p.pk), p.name) for p in
                                                selectors.reading_point_choices(agency, active_only=True)]


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
            item = item_by_index_no(agency, index_no)
            if item is None:
                raise DomainError("索引号不存在或不属于该机关。", field="item")
        point = selectors.reading_point_of(agency, d.pop("reading_point"))
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
        "points": selectors.reading_point_rows(agency),
        "deliveries": selectors.recent_deliveries(agency), "visits": selectors.recent_visits(agency),
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
