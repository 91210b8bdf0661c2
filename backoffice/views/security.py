"""账号安全 (every person's own second factor and password) and the 安全管理员's list of locked logins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agencies.access import Perm, get_agency_for, require_anywhere
from backoffice.forms.security import PasswordChangeForm, UnlockForm
from backoffice.views.auth import AFTER_CODES_KEY, RECOVERY_CODES_KEY, safe_next
from backoffice.views.common import report_error
from gongkai.errors import DomainError
from security import lockout, selectors, services


@login_required
def account_security(request):
    return render(request, "backoffice/security/account.html",
                  {"status": selectors.account_security(request.user)})


@login_required
@require_POST
def recovery_codes_regenerate(request):
    try:
        codes = services.regenerate_recovery_codes(request.user, acting_user=request.user)
    except DomainError as error:
        return render(request, "backoffice/security/account.html",
                      {"status": selectors.account_security(request.user)}, status=report_error(request, error))
    request.session[RECOVERY_CODES_KEY] = codes
    request.session[AFTER_CODES_KEY] = "/manage/security/"
    return redirect("backoffice:recovery_codes")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.change_password(request.user, acting_user=request.user,
                                                old_password=form.cleaned_data["old_password"],
                                                new_password=form.cleaned_data["new_password"])
            except DomainError as error:
                status = report_error(request, error, form)
            else:
                update_session_auth_hash(request, user)  # this session stays; other sessions of the person end
                messages.success(request, "密码已修改。")
                return redirect(safe_next(request, request.GET.get("next"), "/manage/security/"))
        else:
            status = 400
    return render(request, "backoffice/security/password_change.html",
                  {"form": form, "required": request.user.password_change_required}, status=status)


def _require_security_manager(request) -> None:
    require_anywhere(request.user, Perm.SECURITY_MANAGE, "您没有安全管理的权限。")


def _lockouts_page(request, status: int = 200):
    return render(request, "backoffice/security/lockouts.html", {
        "lockouts": selectors.current_lockouts(request.user), "minutes": lockout.lockout_minutes(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }, status=status)


@login_required
def lockouts(request):
    _require_security_manager(request)
    return _lockouts_page(request)


@login_required
@require_POST
def lockout_unlock(request):
    _require_security_manager(request)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请指定有效的账号或地址。")
        return redirect("backoffice:lockouts")
    try:
        removed = services.unlock_login(acting_user=request.user, username=form.cleaned_data["username"],
                                        ip_address=form.cleaned_data["ip_address"] or "")
    except DomainError as error:
        return _lockouts_page(request, status=report_error(request, error))
    target = form.cleaned_data["username"] or form.cleaned_data["ip_address"]
    messages.success(request, f"已解除“{target}”的登录锁定（清除 {removed} 条失败记录）。")
    return redirect("backoffice:lockouts")


@login_required
@require_http_methods(["GET", "POST"])
def mfa_policy(request):
    """The agencies the 安全管理员 secures, each with whether all its staff must use a second factor."""
    _require_security_manager(request)
    status = 200
    if request.method == "POST":
        try:
            agency = get_agency_for(request.user, Perm.SECURITY_MANAGE, request.POST.get("agency", ""))
            services.set_agency_mfa_requirement(agency, request.POST.get("require_mfa") == "1",
                                                acting_user=request.user)
        except DomainError as error:
            status = report_error(request, error)
        else:
            messages.success(request, f"已{'要求' if agency.require_mfa else '不再要求'}“{agency.name}”全体工作人员启用多因素认证。")
            return redirect("backoffice:mfa_policy")
    return render(request, "backoffice/security/mfa_policy.html", {
        "agencies": selectors.agencies_secured_by(request.user),
        "always_roles": selectors.mfa_always_required_role_labels(),
    }, status=status)
