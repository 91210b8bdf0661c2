"""Staff login in two steps, and logout.

Step one is the password (Django's LoginView); when the person has a confirmed TOTP device, or must use a second
factor, the session holds a half-done login (security.login_steps) and step two asks for a TOTP code or a recovery
code — or, for someone who must use MFA but has no device yet, takes them through enrolment. Nobody is logged in
before the second step passes. django-axes counts wrong passwords and wrong codes per account and per address and
locks both; every attempt is an audit event. The per-address rate limit stays as a cheap flood cap in the cache in
front of the database work (it counts every POST, right or wrong); axes does the per-account counting that the
per-username limit did.
"""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from agencies.access import requires_mfa
from agencies.models import User
from backoffice.forms.security import EnrolmentForm, SecondFactorForm
from gongkai.errors import DomainError
from security import lockout, login_steps, services
from security import selectors as security_selectors
from security.selectors import has_confirmed_totp

RECOVERY_CODES_KEY = "gongkai_recovery_codes"
AFTER_CODES_KEY = "gongkai_after_recovery_codes"


def _ip(request) -> str | None:
    return lockout.client_ip_address(request)


def safe_next(request, url: str | None, default: str = "") -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default or reverse("backoffice:workbench")


def _locked_out(request, username: str, user: User | None):
    login_steps.clear(request)
    services.record_login_event("security.login.locked_out", username=username, user=user, ip_address=_ip(request))
    return lockout.lockout_response(request)


@method_decorator(ratelimit(key="ip", rate="20/5m", method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.session.pop(login_steps.EXPIRED_KEY, False)
        return context

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        if lockout.is_locked(request, username):
            # Not even the password is checked while the account or the address is locked.
            return _locked_out(request, username, security_selectors.account_named(username))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        request = self.request
        user = form.get_user()
        next_url = self.get_redirect_url()
        if has_confirmed_totp(user) or requires_mfa(user):
            login_steps.begin(request, user, backend=user.backend, next_url=next_url)
            step = "login_verify" if has_confirmed_totp(user) else "login_enrol"
            return redirect(f"backoffice:{step}")
        login_steps.complete(request, user, backend=user.backend)
        services.record_login_event("security.login.succeeded", username=user.username, user=user,
                                    ip_address=_ip(request), factor="password")
        return redirect(safe_next(request, next_url, self.get_success_url()))

    def form_invalid(self, form):
        request = self.request
        username = request.POST.get("username", "")[:150]
        user = security_selectors.account_named(username)
        locked = bool(getattr(request, "axes_locked_out", False))
        # A stopped account is refused like a wrong password (the page says nothing more); the trail tells them apart.
        stopped = user is not None and not user.is_active and user.check_password(request.POST.get("password", ""))
        services.record_login_event("security.login.account_inactive" if stopped else "security.login.password_failed",
                                    username=username, user=user, ip_address=_ip(request), locked=locked)
        if locked:  # this failure reached the limit
            return _locked_out(request, username, user)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LogoutView(auth_views.LogoutView):
    next_page = "/"

    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            services.record_login_event("security.logout", username=user.username, user=user, ip_address=_ip(request))
        return super().post(request, *args, **kwargs)


def _start_again(request):
    messages.error(request, "登录已超时或尚未输入密码，请重新登录。")
    return redirect("backoffice:login")


def _verify_second_factor(user: User, code: str):
    """The device that accepts `code` (a TOTP code or a recovery code) and the factor's name, or (None, reason)."""
    code = code.strip().replace(" ", "").lower()
    # A TOTP code is 6 digits; a recovery code is 8 characters of a–z and 2–7.
    kind, factor = (TOTPDevice, "totp") if code.isdigit() and len(code) == 6 else (StaticDevice, "recovery_code")
    candidates = [device for device in devices_for_user(user, confirmed=True) if isinstance(device, kind)]
    for device in candidates:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return None, "throttled"
        if verify_token(user, device.persistent_id, code) is not None:
            return device, factor
    return None, "wrong"


@ratelimit(key="ip", rate="20/5m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def login_verify(request):
    state = login_steps.pending(request)
    user = login_steps.pending_user(request)
    if user is None:
        return _start_again(request)
    if not has_confirmed_totp(user):
        return redirect("backoffice:login_enrol")
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if lockout.is_locked(request, user.username):
            return _locked_out(request, user.username, user)
        if form.is_valid():
            device, outcome = _verify_second_factor(user, form.cleaned_data["code"])
            if device is not None:
                login_steps.complete(request, user, backend=state["backend"], device=device)
                services.record_login_event("security.login.succeeded", username=user.username, user=user,
                                            ip_address=_ip(request), factor=outcome)
                if outcome == "recovery_code":
                    left = security_selectors.recovery_codes_left(user)
                    messages.warning(request, f"您使用了一个恢复码，还剩 {left} 个。请尽快在“账号安全”中重新生成恢复码或"
                                              "重新绑定手机。")
                return redirect(safe_next(request, state.get("next")))
            if outcome == "throttled":
                form.add_error("code", "验证码错误次数过多，请稍等片刻再试。")
                status = 429
            else:
                services.record_login_event("security.login.second_factor_failed", username=user.username,
                                            user=user, ip_address=_ip(request))
                if lockout.count_failure(request, user.username, reason="second_factor"):
                    return _locked_out(request, user.username, user)
                form.add_error("code", "验证码不正确或已过期，请重新输入。")
                status = 400
        else:
            status = 400
    return render(request, "backoffice/login_verify.html", {"form": form, "person": user}, status=status)


def _secret_for_display(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _enrolment_page(request, user: User, form, *, status: int = 200, voluntary: bool):
    device = services.start_totp_enrolment(user, acting_user=user)
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2937", light="#ffffff",
                                                                 title="动态验证码绑定二维码")
    return render(request, "backoffice/security/enrol.html", {
        "form": form, "person": user, "qr_svg": qr_svg, "secret": _secret_for_display(device),
        "voluntary": voluntary, "replacing": has_confirmed_totp(user),
    }, status=status)


def _confirm(user: User, form) -> tuple[list[str] | None, TOTPDevice | None]:
    device = services.start_totp_enrolment(user, acting_user=user)
    try:
        codes = services.confirm_totp_enrolment(device, form.cleaned_data["code"], acting_user=user)
    except DomainError as error:
        form.add_error("code", error.message)
        return None, None
    return codes, device


@ratelimit(key="ip", rate="20/5m", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def login_enrol(request):
    """Enrolment of a person who must use a second factor and has none yet, between the password and the login."""
    state = login_steps.pending(request)
    user = login_steps.pending_user(request)
    if user is None:
        return _start_again(request)
    if has_confirmed_totp(user):
        return redirect("backoffice:login_verify")
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes, device = _confirm(user, form)
        if codes is not None:
            login_steps.complete(request, user, backend=state["backend"], device=device)
            services.record_login_event("security.login.succeeded", username=user.username, user=user,
                                        ip_address=_ip(request), factor="enrolment")
            request.session[RECOVERY_CODES_KEY] = codes
            request.session[AFTER_CODES_KEY] = safe_next(request, state.get("next"))
            return redirect("backoffice:recovery_codes")
    return _enrolment_page(request, user, form, status=400 if form.is_bound else 200, voluntary=False)


@login_required
@require_http_methods(["GET", "POST"])
def enrol_voluntarily(request):
    """Enrolment or re-enrolment from 账号安全 by a logged-in person: the new device replaces the old one and now
    verifies this session."""
    from django_otp import login as otp_login

    user = request.user
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes, device = _confirm(user, form)
        if codes is not None:
            otp_login(request, device)
            request.session[RECOVERY_CODES_KEY] = codes
            request.session[AFTER_CODES_KEY] = reverse("backoffice:account_security")
            messages.success(request, "动态验证码已绑定。")
            return redirect("backoffice:recovery_codes")
    return _enrolment_page(request, user, form, status=400 if form.is_bound else 200, voluntary=True)


@login_required
@never_cache
def recovery_codes(request):
    """The recovery codes just issued, shown once (they are not kept anywhere the person could read them again)."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    after = request.session.pop(AFTER_CODES_KEY, None) or reverse("backoffice:account_security")
    if not codes:
        messages.info(request, "恢复码只显示一次。如已遗失，请在“账号安全”中重新生成。")
        return redirect("backoffice:account_security")
    return render(request, "backoffice/security/recovery_codes.html", {"codes": codes, "after": after})

