"""The one place where staff sessions are held to the 等保 rules, for every back-office page and session API call.

SessionExpiryMiddleware ends a logged-in session after SESSION_IDLE_MINUTES without a request or
SESSION_ABSOLUTE_HOURS after login. StaffAuthenticationMiddleware then sends a person who must use a second factor
but whose session was not verified by one to verification (or enrolment), and a person whose password an
administrator set to change it first. Token-authenticated API calls carry no session and are the token class's
business; a session API call gets 403 JSON instead of a redirect.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from agencies.access import requires_mfa
from gongkai import clock

from . import login_steps
from .authentication import carries_api_token
from .lockout import client_ip_address
from .selectors import has_confirmed_totp
from .services import record_login_event

BACK_OFFICE_PREFIXES = ("/manage/", "/django-admin/")
API_PREFIX = "/api/"
# The last-seen time is written at most this often (seconds): one session write a minute, not one per request.
LAST_SEEN_RESOLUTION = 60


def _is_back_office(path: str) -> bool:
    return path.startswith(BACK_OFFICE_PREFIXES)


def _redirect(request, url: str):
    response = redirect(url)
    if request.headers.get("HX-Request"):
        response["HX-Redirect"] = url  # an htmx fragment request must move the whole page
    return response


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._check(request)
            if expired and _is_back_office(request.path_info):
                return _redirect(request, reverse("backoffice:login") + "?" + urlencode({"next": request.path}))
        return self.get_response(request)

    def _check(self, request) -> bool:
        session = request.session
        now = clock.now().timestamp()
        login_at = session.get(login_steps.LOGIN_AT_KEY)
        last_seen = session.get(login_steps.LAST_SEEN_KEY) or login_at
        if login_at is None:  # a session from before these rules: its clock starts now
            session[login_steps.LOGIN_AT_KEY] = session[login_steps.LAST_SEEN_KEY] = now
            return False
        reason = ""
        if now - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
            reason = "absolute"
        elif now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            reason = "idle"
        if not reason:
            if now - last_seen >= LAST_SEEN_RESOLUTION:
                session[login_steps.LAST_SEEN_KEY] = now
            return False

        user = request.user
        record_login_event("security.session.expired", username=user.username, user=user,
                           ip_address=client_ip_address(request), reason=reason)
        auth.logout(request)
        request.session[login_steps.EXPIRED_KEY] = True
        return True


class StaffAuthenticationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if _is_back_office(path):
            response = self._back_office(request, path)
        elif path.startswith(API_PREFIX) and not carries_api_token(request):
            response = self._session_api(request)
        else:
            response = None
        return response or self.get_response(request)

    @staticmethod
    def _exempt(path: str, names: tuple[str, ...]) -> bool:
        return any(path == reverse(f"backoffice:{name}") for name in names)

    def _back_office(self, request, path: str):
        user = request.user
        if not user.is_authenticated or self._exempt(path, ("login", "login_verify", "login_enrol", "logout")):
            return None
        if not user.is_verified() and requires_mfa(user):
            # Logged in by password alone (a session from before MFA was required of them, a device reset): the
            # session goes back to the half-done state and the person passes the second step again.
            backend = request.session.get(BACKEND_SESSION_KEY) or settings.AUTHENTICATION_BACKENDS[-1]
            auth.logout(request)
            login_steps.begin(request, user, backend=backend, next_url=request.get_full_path())
            step = "login_verify" if has_confirmed_totp(user) else "login_enrol"
            return _redirect(request, reverse(f"backoffice:{step}"))
        if user.password_change_required and not self._exempt(path, ("password_change", "recovery_codes")):
            return _redirect(request, reverse("backoffice:password_change") + "?" + urlencode({"next": path}))
        return None

    @staticmethod
    def _session_api(request):
        user = request.user
        if not user.is_authenticated:
            return None
        if not user.is_verified() and requires_mfa(user):
            return JsonResponse({"code": "mfa_required", "detail": "请先在工作平台完成多因素认证后再调用接口。"},
                                status=403)
        if user.password_change_required:
            return JsonResponse({"code": "password_change_required", "detail": "请先在工作平台修改初始密码。"},
                                status=403)
        return None
