"""Back-office pages of staff accounts (人员账号): an agency's staff list, creating an account, and an account's page
with its roles, deactivation, password and second-factor resets. The rules are agencies.accounts'; the views parse,
call one service and show its answer (a refusal re-renders the page with the reason and its 4xx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from agencies import accounts
from agencies.access import Perm, grantable_roles, may_manage_account
from agencies.models import Agency, Role
from agencies.selectors import (
    account_memberships,
    first_managed_agency_of,
    get_account_for,
    get_account_membership_for,
    office_of,
    offices_of,
    staff_rows,
)
from backoffice.forms.accounts import AccountCreateForm, GrantForm, MfaResetForm, ReasonForm
from gongkai.errors import DomainError

from .common import agencies_for, current_agency, page_agency_code, report_error


@login_required
def account_list(request):
    agency = current_agency(request, Perm.ACCOUNTS_MANAGE)
    return render(request, "backoffice/accounts/list.html", {
        "agency": agency, "agencies": agencies_for(request, Perm.ACCOUNTS_MANAGE),
        "rows": staff_rows(request.user, agency)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    agency = current_agency(request, Perm.ACCOUNTS_MANAGE)
    offices = offices_of(agency)
    form = AccountCreateForm(request.POST or None, roles=grantable_roles(request.user, agency), offices=offices,
                             at_root=agency.parent_id is None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                account, password = accounts.create_account(
                    agency, acting_user=request.user, username=data["username"], full_name=data["full_name"],
                    email=data["email"], password=data["password"], role=data["role"], title=data["title"],
                    office=office_of(agency, data["office"]))
                # Shown in this response only (never in a message or the session): the administrator hands it over.
                return render(request, "backoffice/accounts/password.html", {
                    "account": account, "agency": agency, "password": password, "created": True})
            except DomainError as error:
                status = report_error(request, error, form)
        else:
            status = 400
    return render(request, "backoffice/accounts/create.html", {
        "agency": agency, "agencies": agencies_for(request, Perm.ACCOUNTS_MANAGE), "form": form}, status=status)


def _page_agency(request, account) -> Agency:
    """The agency the grant form is about: `?agency=`, else the first of the account's agencies the person manages,
    else their own."""
    if page_agency_code(request) is None:
        own = first_managed_agency_of(request.user, account)
        if own is not None:
            return own
    return current_agency(request, Perm.ACCOUNTS_MANAGE)


def _render_account(request, account, agency, *, status=200, grant_form=None, mfa_form=None):
    memberships, elsewhere = account_memberships(request.user, account)
    roles = grantable_roles(request.user, agency)
    is_self = account.pk == request.user.pk
    return render(request, "backoffice/accounts/detail.html", {
        "account": account, "agency": agency, "agencies": agencies_for(request, Perm.ACCOUNTS_MANAGE),
        "memberships": memberships, "elsewhere": elsewhere, "mfa_enrolled": user_has_device(account),
        "grant_form": grant_form or GrantForm(roles=roles, offices=offices_of(agency)), "may_grant": bool(roles),
        "mfa_form": mfa_form or MfaResetForm(), "is_self": is_self,
        "may_manage_account": may_manage_account(request.user, account) and not is_self,
    }, status=status)


def _account_redirect(account, agency):
    return redirect(f"{reverse('backoffice:account', args=[account.pk])}?agency={agency.code}")


@login_required
def account_detail(request, pk: int):
    account = get_account_for(request.user, pk)
    return _render_account(request, account, _page_agency(request, account))


@login_required
@require_POST
def account_grant(request, pk: int):
    account = get_account_for(request.user, pk)
    agency = current_agency(request, Perm.ACCOUNTS_MANAGE)
    offices = offices_of(agency)
    form = GrantForm(request.POST, roles=grantable_roles(request.user, agency), offices=offices)
    if not form.is_valid():
        return _render_account(request, account, agency, status=400, grant_form=form)
    data = form.cleaned_data
    try:
        accounts.grant_role(account, agency, data["role"], acting_user=request.user, title=data["title"],
                            office=office_of(agency, data["office"]))
    except DomainError as error:
        status = report_error(request, error, form)
        return _render_account(request, account, agency, status=status, grant_form=form)
    messages.success(request, f"已在“{agency.name}”为{account.display_name}授予“{Role(data['role']).label}”角色。")
    return _account_redirect(account, agency)


@login_required
@require_POST
def account_revoke(request, pk: int, membership_pk: int):
    account = get_account_for(request.user, pk)
    membership = get_account_membership_for(request.user, account, membership_pk)
    try:
        accounts.revoke_role(membership, acting_user=request.user)
    except DomainError as error:
        status = report_error(request, error)
        return _render_account(request, account, membership.agency, status=status)
    messages.success(request, f"已撤销{account.display_name}在“{membership.agency.name}”的"
                              f"“{membership.get_role_display()}”角色。")
    return _account_redirect(account, membership.agency)


def _account_action(request, pk: int, perform, done: str):
    account = get_account_for(request.user, pk)
    agency = _page_agency(request, account)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        perform(account, reason)
    except DomainError as error:
        return _render_account(request, account, agency, status=report_error(request, error))
    messages.success(request, done.format(name=account.display_name))
    return _account_redirect(account, agency)


@login_required
@require_POST
def account_deactivate(request, pk: int):
    return _account_action(request, pk, lambda account, reason: accounts.deactivate_user(
        account, acting_user=request.user, reason=reason), "{name}的账号已停用，不能再登录。")


@login_required
@require_POST
def account_reactivate(request, pk: int):
    return _account_action(request, pk, lambda account, reason: accounts.reactivate_user(
        account, acting_user=request.user, reason=reason), "{name}的账号已启用。")


@never_cache
@login_required
@require_POST
def account_password_reset(request, pk: int):
    account = get_account_for(request.user, pk)
    agency = _page_agency(request, account)
    try:
        password = accounts.reset_password(account, acting_user=request.user)
    except DomainError as error:
        return _render_account(request, account, agency, status=report_error(request, error))
    # Shown in this response only (never in a message or the session).
    return render(request, "backoffice/accounts/password.html", {
        "account": account, "agency": agency, "password": password, "created": False})


@login_required
@require_POST
def account_mfa_reset(request, pk: int):
    account = get_account_for(request.user, pk)
    agency = _page_agency(request, account)
    form = MfaResetForm(request.POST)
    if not form.is_valid():
        return _render_account(request, account, agency, status=400, mfa_form=form)
    try:
        removed = accounts.reset_account_mfa(account, acting_user=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _render_account(request, account, agency, status=report_error(request, error, form), mfa_form=form)
    messages.success(request, f"已重置{account.display_name}的多因素认证（删除{removed}个认证设备），"
                              f"本人下次登录时重新绑定。")
    return _account_redirect(account, agency)

