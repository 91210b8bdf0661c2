"""Reads of the staff security controls: a person's own second factors, the logins locked right now, API tokens."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.access import MFA_REQUIRED_ROLES, Perm, agency_ids, requires_mfa
from agencies.models import Agency, Membership, Role, User
from gongkai import clock
from gongkai.errors import NotFound

from . import services
from .models import ApiToken


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



def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first (revoked and expired ones too, for the record)."""
    return ApiToken.objects.filter(owner=user).select_related("created_by", "revoked_by")


def may_see_others_tokens(user: User) -> bool:
    return bool(agency_ids(user, Perm.SECURITY_MANAGE))


def managed_tokens(user: User) -> QuerySet[ApiToken]:
    """Other people's tokens that a 安全管理员 may revoke: the set form of `may_manage_account(user, owner,
    SECURITY_MANAGE)` — owners all of whose agencies they secure (owners without roles: when they secure the root),
    superusers only for a superuser, 审计管理员 never (their accounts are administered from the console)."""
    held = agency_ids(user, Perm.SECURITY_MANAGE)
    if not held:
        return ApiToken.objects.none()
    outside = Membership.objects.exclude(agency_id__in=held).values("user_id")
    inside = Membership.objects.filter(agency_id__in=held).values("user_id")
    owners = User.objects.filter(pk__in=inside)
    roots = set(Agency.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    if roots and roots <= held:
        owners = owners | User.objects.exclude(pk__in=Membership.objects.values("user_id"))
    owners = owners.exclude(pk__in=outside).exclude(pk__in=Membership.objects.filter(role=Role.AUDIT_ADMIN)
                                                    .values("user_id"))
    if not user.is_superuser:
        owners = owners.exclude(is_superuser=True)
    return (ApiToken.objects.filter(owner__in=owners).exclude(owner=user)
            .select_related("owner", "created_by", "revoked_by"))


def get_token_for(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens or of those they may manage (404 otherwise: others' tokens stay unseen)."""
    token = tokens_of(user).select_related("owner").filter(pk=pk).first() or managed_tokens(user).filter(pk=pk).first()
    if token is None:
        raise NotFound("未找到该接口令牌。", code="token_not_found")
    return token


def agencies_secured_by(user: User) -> QuerySet[Agency]:
    """The agencies in which the person holds SECURITY_MANAGE, in tree order."""
    return Agency.objects.filter(pk__in=agency_ids(user, Perm.SECURITY_MANAGE)).order_by("path")


def mfa_always_required_role_labels() -> list[str]:
    return [Role(role).label for role in Role.values if role in MFA_REQUIRED_ROLES]


def account_named(username: str) -> User | None:
    """The account a login form names (active or not: the login pages tell a stopped account apart in the trail)."""
    return User.objects.filter(username=username).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def live_tokens_of(user: User, *, name: str | None = None, prefix: str | None = None) -> list[ApiToken]:
    """The person's tokens not revoked, optionally by name or by the prefix shown for it ("gk_1a2b3c…")."""
    live = ApiToken.objects.filter(owner=user, revoked_at__isnull=True).select_related("owner")
    if name is not None:
        live = live.filter(name=name.strip())
    elif prefix is not None:
        live = live.filter(prefix=prefix.strip().removeprefix("gk_").rstrip("…").lower())
    return list(live)
