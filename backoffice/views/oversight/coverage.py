"""标准目录覆盖情况: the standard catalogue's coverage and its matters."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, has_perm
from audit.selectors import events_for
from catalog import coverage, matters
from catalog import selectors as catalog_selectors
from catalog.models import DisclosureMatter, StandardArea
from gongkai import clock
from gongkai.errors import DomainError

from ..common import report_error
from .shared import TEXTAREA, ReasonForm, _ActionForms, _agencies, _chosen_agency, _handle


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
        self.fields["area"].choices = [(a.pk, f"{a.number}. {a.name}") for a in catalog_selectors.standard_areas()]
        self.fields["category"].choices = [("", "（不指定）")] + [
            (c.pk, c.name) for c in catalog_selectors.agency_categories(agency)]


def _matter_values(agency, data: dict) -> dict:
    values = dict(data)
    category_id = values.pop("category")
    values["category"] = catalog_selectors.category_of(agency, category_id)
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
    m = catalog_selectors.get_matter_for(request.user, pk)
    candidates = catalog_selectors.matter_link_candidates(m)
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
