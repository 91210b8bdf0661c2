"""Login lockout on django-axes: which address a request comes from, whether an account or address is locked, counting
a wrong second-factor code as a failure, and the Chinese lockout page.

Axes counts failures per account and per address (AXES_LOCKOUT_PARAMETERS) in its AccessAttempt rows; a failure is
recorded by Django's `user_login_failed` signal, which `authenticate()` sends for a wrong password and
`count_failure()` sends for a wrong TOTP or recovery code, so both kinds share one limit.
"""

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

from gongkai import clock


def client_ip_address(request) -> str | None:
    """REMOTE_ADDR, or behind a reverse proxy the last address in X-Forwarded-For (the one our proxy appended: the
    earlier ones are whatever the client chose to send)."""
    if getattr(settings, "LOGIN_TRUST_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def _prepare(request) -> None:
    # Axes' middleware-free entry points need the attributes its handler reads (address, user agent, path, time).
    AxesProxyHandler.update_request(request)


def is_locked(request, username: str) -> bool:
    """Whether this account or this address is locked now."""
    if not settings.AXES_ENABLED:
        return False
    _prepare(request)
    return AxesProxyHandler.is_locked(request, {"username": username})


def count_failure(request, username: str, *, reason: str) -> bool:
    """Record one failed attempt for `username` from this address (a wrong second-factor code); True if the account
    or the address is locked from now on."""
    if not settings.AXES_ENABLED:
        return False
    _prepare(request)
    user_login_failed.send(sender=__name__, credentials={"username": username, "reason": reason}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def forget_account_failures(username: str) -> None:
    """After a complete login (password and second factor) the account's earlier failures no longer count."""
    AccessAttempt.objects.filter(username=username).delete()


def lockout_response(request, response=None, credentials=None):
    """The page a locked-out person sees (HTTP 429): why, for how long, and whom to ask."""
    minutes = lockout_minutes()
    return render(request, "backoffice/locked_out.html", {
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "until": clock.now() + timedelta(minutes=minutes),
    }, status=429)
