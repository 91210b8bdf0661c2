"""Reads of the staff security controls: a person's own second factors, and the logins locked right now."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.access import requires_mfa
from agencies.models import User
from gongkai import clock

from . import services


@dataclass
class AccountSecurity:
    totp_device: TOTPDevice | None
    recovery_codes_left: int
    mfa_required: bool
    password_changed_at: datetime | None
    password_change_required: bool


def account_security(user: User) -> AccountSecurity:
    return AccountSecurity(
        totp_device=TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first(),
        recovery_codes_left=StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
        mfa_required=requires_mfa(user),
        password_changed_at=user.password_changed_at,
        password_change_required=user.password_change_required,
    )


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@dataclass
class Lockout:
    kind: str  # "account" or "address"
    username: str
    ip_address: str
    account: User | None
    failures: int
    since: datetime
    until: datetime

    @property
    def kind_label(self) -> str:
        return "账号" if self.kind == "account" else "地址"


def current_lockouts(actor) -> list[Lockout]:
    """Accounts and addresses whose counted failures (within the lockout period) reached the limit, that `actor` may
    unlock, longest-locked first. Axes keeps one row per (username, address, browser) with the time of its latest
    failure; an account is locked by the sum over its rows, an address by the sum over its rows. Failures during a
    lock are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the latest failure started the lock."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    limit = settings.AXES_FAILURE_LIMIT
    recent = AccessAttempt.objects.filter(attempt_time__gte=clock.now() - cool_off)
    found: list[Lockout] = []
    by_account = (recent.exclude(username__isnull=True).values("username")
                  .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                  .filter(failures__gte=limit))
    accounts = {u.username: u for u in User.objects.filter(username__in=[row["username"] for row in by_account])}
    for row in by_account:
        found.append(Lockout("account", row["username"], "", accounts.get(row["username"]), row["failures"],
                             row["last"], row["last"] + cool_off))
    by_address = (recent.exclude(ip_address__isnull=True).values("ip_address")
                  .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                  .filter(failures__gte=limit))
    for row in by_address:
        found.append(Lockout("address", "", row["ip_address"], None, row["failures"], row["last"],
                             row["last"] + cool_off))
    visible = [lock for lock in found
               if services.may_unlock(actor, username=lock.username, ip_address=lock.ip_address)]
    return sorted(visible, key=lambda lock: (lock.since, lock.kind, lock.username, lock.ip_address))
