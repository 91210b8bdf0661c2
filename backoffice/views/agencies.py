"""Back-office pages for the agency profile (Art.12 guide fields), offices, people and roles, the staff registry,
categories and approval chains, the working-day calendar and the site footer settings."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agencies import services as agency_services
from agencies.access import Perm, has_perm
from agencies.exports import export_registry
from agencies.models import Office, SiteSettings
from agencies.selectors import (
    get_registry_entry_for,
    members_of,
    offices_of,
    registry_rows,
    site_settings,
)
from backoffice.forms.catalog import CategoryEditForm, CategoryForm, ChainForm
from catalog import selectors as catalog_selectors
from catalog import services as catalog_services
from gongkai import clock
from gongkai.errors import DomainError
from workdays import selectors as workday_selectors
from workdays import services as workday_services
from workdays.arrangement import parse_days
from workdays.models import CalendarDay

from .common import agencies_for, current_agency, int_param, report_error


class ProfileForm(forms.Form):
    name = forms.CharField(label="机关名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=30, required=False)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    org_code = forms.CharField(label="组织机构代码", max_length=9, required=False,
                               help_text="留空则取统一社会信用代码第9至17位；用作索引号前段码。")
    office_name = forms.CharField(label="政府信息公开工作机构名称", max_length=100, required=False)
    office_address = forms.CharField(label="办公地址", max_length=200, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    office_phone = forms.CharField(label="联系电话", max_length=50, required=False)
    office_fax = forms.CharField(label="传真号码", max_length=50, required=False)
    office_internet = forms.CharField(label="互联网联系方式", max_length=200, required=False)
    office_postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    guide_intro = forms.CharField(label="指南补充说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report_due_month = forms.IntegerField(label="年报发布期限（月）", required=False, min_value=1, max_value=12)
    report_due_day = forms.IntegerField(label="年报发布期限（日）", required=False, min_value=1, max_value=31)


class RegistryForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=50)
    contact = forms.CharField(label="联系方式", max_length=50, required=False)
    remarks = forms.CharField(label="备注", max_length=200, required=False)


class OfficeForm(forms.Form):
    name = forms.CharField(label="办所名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Office.Kind.choices)


@login_required
@require_http_methods(["GET", "POST"])
def agency_profile(request):
    agency = current_agency(request, Perm.AGENCIES_VIEW)
    may_manage = has_perm(request.user, Perm.AGENCIES_MANAGE, agency)
    initial = {f: getattr(agency, f) for f in ProfileForm.base_fields}
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                agency_services.update_agency_profile(agency, acting_user=request.user, **form.cleaned_data)
                messages.success(request, "机关信息已保存，政府信息公开指南随之更新。")
                return redirect(f"{request.path}?agency={agency.code}")
            except DomainError as error:
                status = report_error(request, error, form)
        else:
            status = 400
    missing = [label for label, value in agency.guide_fields.items() if not value]
    return render(request, "backoffice/agency/profile.html", {
        "agency": agency, "agencies": agencies_for(request, Perm.AGENCIES_VIEW), "form": form,
        "may_manage": may_manage, "missing": missing, "offices": offices_of(agency), "office_form": OfficeForm(),
        "registry": registry_rows(request.user, agency), "registry_form": RegistryForm(),
        "members": members_of(request.user, agency),
        "may_manage_accounts": has_perm(request.user, Perm.ACCOUNTS_MANAGE, agency),
    }, status=status)


def _profile_redirect(agency):
    return redirect(f"/manage/agency/?agency={agency.code}")


@login_required
@require_POST
def office_add(request):
    agency = current_agency(request, Perm.AGENCIES_MANAGE)
    form = OfficeForm(request.POST)
    if form.is_valid():
        try:
            agency_services.add_office(agency, acting_user=request.user, **form.cleaned_data)
            messages.success(request, "办所已添加。")
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "请填写办所名称。")
    return _profile_redirect(agency)


@login_required
@require_POST
def registry_save(request):
    agency = current_agency(request, Perm.AGENCIES_MANAGE)
    form = RegistryForm(request.POST)
    entry = None
    if "entry" in request.POST:
        entry = get_registry_entry_for(request.user, agency, int_param(request.POST["entry"], minimum=1))
    if form.is_valid():
        try:
            agency_services.save_registry_entry(agency, acting_user=request.user, entry=entry, **form.cleaned_data)
            messages.success(request, "登记表已更新。")
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "姓名和职务均为必填项。")
    return _profile_redirect(agency)


@login_required
@require_POST
def registry_delete(request, pk: int):
    agency = current_agency(request, Perm.AGENCIES_MANAGE)
    entry = get_registry_entry_for(request.user, agency, pk)
    agency_services.delete_registry_entry(entry, acting_user=request.user)
    messages.success(request, "已删除。")
    return _profile_redirect(agency)


@login_required
def registry_export(request):
    agency = current_agency(request, Perm.AGENCIES_VIEW)
    data = export_registry(agency, acting_user=request.user)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"{agency.short_name or agency.name}_政务公开工作人员登记表.xlsx"
    from django.utils.encoding import escape_uri_path

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


# --- categories and approval chains ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def categories(request):
    agency = current_agency(request, Perm.CATALOG_MANAGE)
    action = request.POST.get("form")
    rows, default_chain = catalog_selectors.category_rows(agency)
    cats = [row.category for row in rows]
    category_form = CategoryForm(request.POST if action == "category" else None)
    chain_form = ChainForm(request.POST if action == "chain" else None, categories=cats)
    editing = next((c for c in cats if c.pk == int_param(request.GET.get("edit") or request.POST.get("category"))),
                   None) if action in (None, "edit") else None
    edit_form = None
    if editing is not None:
        edit_form = CategoryEditForm(request.POST if action == "edit" else None, initial={
            "category": editing.pk, "name": editing.name, "column": editing.column,
            "statutory_items": editing.statutory_items, "publish_limit_days": editing.publish_limit_days,
            "description": editing.description, "sort_order": editing.sort_order, "is_active": editing.is_active})
    status = 200
    if request.method == "POST":
        forms_by_action = {"category": category_form, "chain": chain_form, "edit": edit_form}
        form = forms_by_action.get(action)
        try:
            if form is not None and form.is_valid():
                data = dict(form.cleaned_data)
                if action == "category":
                    catalog_services.create_category(agency, acting_user=request.user, **data)
                    messages.success(request, "栏目已创建。")
                elif action == "edit":
                    data.pop("category")
                    catalog_services.update_category(editing, acting_user=request.user, **data)
                    messages.success(request, f"栏目“{editing.name}”已保存。")
                else:
                    category = next((c for c in cats if c.pk == data["category"]), None)
                    catalog_services.set_approval_chain(agency, form.ordered_steps(), acting_user=request.user,
                                                        category=category)
                    messages.success(request, "审核流程已保存，新提交的信息按新流程审核。")
                return redirect(f"{request.path}?agency={agency.code}")
            status = 400
            if form is None:
                messages.error(request, "请选择要修改的栏目。")
        except DomainError as error:
            status = report_error(request, error, form)
    return render(request, "backoffice/agency/categories.html", {
        "agency": agency, "agencies": agencies_for(request, Perm.CATALOG_MANAGE), "rows": rows,
        "category_form": category_form, "chain_form": chain_form, "default_chain": default_chain,
        "editing": editing, "edit_form": edit_form,
    }, status=status)


# --- the working-day calendar ---------------------------------------------------------------------------------

class CalendarDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=CalendarDay.Kind.choices)
    name = forms.CharField(label="节日名称", max_length=20, required=False)


class CalendarClearForm(forms.Form):
    date = forms.DateField()


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据", max_length=200,
                             help_text="例如：国务院办公厅关于2027年部分节假日安排的通知")
    holidays = forms.CharField(
        label="放假日期", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="按通知逐项录入，每行一项：日期或日期范围，后接节日名称。例如：2027-01-01 元旦；"
                  "2027-02-06至2027-02-13 春节。")
    makeup_workdays = forms.CharField(
        label="调休上班日期", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个周六或周日，后接节日名称。例如：2027-02-20 春节。")

    def arrangement(self) -> tuple[dict, dict]:
        """The holidays and 调休 working days typed, read line by line (raises InvalidPeriod naming the line)."""
        year, data = self.cleaned_data["year"], self.cleaned_data
        return (parse_days(data["holidays"], year, field="holidays", label="放假日期"),
                parse_days(data["makeup_workdays"], year, field="makeup_workdays", label="调休上班日期"))


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    root_agency = current_agency(request, Perm.WORKDAYS_MANAGE)
    years = workday_selectors.loaded_years()
    default_year = years[0].year if years else clock.today().year
    year = int_param(request.GET.get("year"), minimum=1900, maximum=2100) or default_year
    action = request.POST.get("form")
    day_form = CalendarDayForm(request.POST if action == "day" else None)
    year_form = CalendarYearForm(request.POST if action == "year" else None)
    clear_form = CalendarClearForm(request.POST if action == "clear" else None)
    status = 200
    if request.method == "POST":
        try:
            if action == "day" and day_form.is_valid():
                data = day_form.cleaned_data
                counts = workday_services.set_calendar_day(data["date"], data["kind"], name=data["name"],
                                                           acting_user=request.user)
                messages.success(request, f"已保存。重新计算了期限：{_counts_text(counts)}。")
                return redirect(f"{request.path}?year={data['date'].year}")
            if action == "clear" and clear_form.is_valid():
                day = clear_form.cleaned_data["date"]
                counts = workday_services.clear_calendar_day(day, acting_user=request.user)
                messages.success(request, f"已恢复为正常日期。重新计算了期限：{_counts_text(counts)}。")
                return redirect(f"{request.path}?year={day.year}")
            if action == "year" and year_form.is_valid():
                new_year = year_form.cleaned_data["year"]
                holidays, makeup_workdays = year_form.arrangement()
                workday_services.add_calendar_year(new_year, source=year_form.cleaned_data["source"],
                                                   acting_user=request.user, holidays=holidays,
                                                   makeup_workdays=makeup_workdays)
                messages.success(request, f"已载入{new_year}年：放假{len(holidays)}天，调休上班{len(makeup_workdays)}天；"
                                          f"所有未办结事项的期限已重新计算。")
                return redirect(f"{request.path}?year={new_year}")
            if action == "package":
                added = workday_services.load_package_years(acting_user=request.user)
                messages.success(request, "已从 chinesecalendar 软件包载入：" + "、".join(f"{y}年" for y in added)
                                 if added else "软件包中没有尚未载入的年份。")
                return redirect(request.path)
            status = 400
            messages.error(request, "请检查填写的内容。")
        except DomainError as error:
            status = report_error(request, error, year_form if action == "year" else day_form)
    return render(request, "backoffice/calendar.html", {
        "years": years, "year": year, "days": workday_selectors.exceptions_in(year), "day_form": day_form,
        "year_form": year_form, "agency": root_agency,
        "package_years": workday_selectors.years_in_package_not_loaded(),
        "next_year_missing": clock.today().year + 1 if not years or years[0].year <= clock.today().year else None,
    }, status=status)


def _counts_text(counts: dict[str, int]) -> str:
    labels = {"catalog": "主动公开信息", "applications": "依申请公开", "casework": "登记事项"}
    return "，".join(f"{labels.get(k, k)}{v}件" for k, v in counts.items()) or "无"


# --- site settings --------------------------------------------------------------------------------------------

class SiteForm(forms.Form):
    site_name = forms.CharField(label="网站名称", max_length=100)
    host_org = forms.CharField(label="主办单位", max_length=100, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    site_code = forms.CharField(label="网站标识码", max_length=10, required=False)
    icp_no = forms.CharField(label="ICP备案号", max_length=40, required=False)
    psb_no = forms.CharField(label="公安机关备案号", max_length=40, required=False)
    copyright_since = forms.IntegerField(label="版权起始年份", required=False, min_value=1990, max_value=2100)


@login_required
@require_http_methods(["GET", "POST"])
def site_settings_view(request):
    current_agency(request, Perm.SITE_MANAGE)
    current = site_settings()
    form = SiteForm(request.POST or None, initial={f: getattr(current, f) for f in SiteForm.base_fields})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                agency_services.update_site_settings(acting_user=request.user, **form.cleaned_data)
                messages.success(request, "网站设置已保存。")
                return redirect(request.path)
            except DomainError as error:
                status = report_error(request, error, form)
        else:
            status = 400
    return render(request, "backoffice/site_settings.html", {"form": form, "site_row": current or SiteSettings()},
                  status=status)
