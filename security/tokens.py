"""API tokens of the staff API: issuing, revoking and checking keys (等保 2.0 level 3, 身份鉴别 and 访问控制).

A key looks like ``gk_<prefix>_<secret>``: 8 hex characters that identify the token publicly and 32 random bytes
(256 bits, URL-safe base64). Only the SHA-256 of the key is stored: a key of that entropy needs no salt or slow hash,
and a stolen table gives nothing to replay. The key is returned once by `create_api_token` and never again.

A person issues and revokes their own tokens; a 安全管理员 (SECURITY_MANAGE in all of the owner's agencies) revokes
anyone's. Issuing and revoking are audit events; each use dates the token (one UPDATE), it is not audited.
"""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from agencies.access import Perm, may_manage_account
from agencies.models import User
from audit.services import record
from gongkai import clock
from gongkai.errors import DomainError, InvalidTransition, PermissionDenied

from .models import ApiToken

KEY_PREFIX = "gk_"
_PREFIX_LENGTH = 8
_SECRET_BYTES = 32
_KEY_LENGTH = len(KEY_PREFIX) + _PREFIX_LENGTH + 1 + 43  # token_urlsafe(32) is 43 characters
_HEX = frozenset("0123456789abcdef")

LABELS = {
    "security.api_token.created": "创建接口令牌",
    "security.api_token.revoked": "吊销接口令牌",
}


class TokenError(DomainError):
    """A token that cannot be issued as asked (400), or a request whose key is refused (401)."""


class TokenRefused(TokenError):
    status = 401
    default_code = "token_invalid"


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def max_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


def expiry_after_days(days: int | None) -> date:
    """The last day of a token valid for `days` days from today (API_TOKEN_DEFAULT_DAYS when None): the console's
    `--days`. The upper bound is checked when the token is issued, like the back office's date."""
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if days < 0:
        raise TokenError("有效天数不能为负数。", code="token_days_negative", field="expires_on")
    return clock.today() + timedelta(days=days)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_key() -> tuple[str, str]:
    """(prefix, key) with a prefix not used by any token yet."""
    while True:
        prefix = secrets.token_hex(_PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix, f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(_SECRET_BYTES)}"


def _clean_request(owner: User, name: str, scope: str, expires_on: date | None) -> str:
    name = (name or "").strip()
    if not name:
        raise TokenError("请填写令牌名称，例如用途或调用系统的名称。", code="token_name_required", field="name")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise TokenError("令牌名称不能超过50个字。", code="token_name_too_long", field="name")
    if scope not in ApiToken.Scope.values:
        raise TokenError("权限范围只能是“只读”或“读写”。", code="token_scope_invalid", field="scope")
    today = clock.today()
    if expires_on is None:
        raise TokenError("请填写有效期。", code="token_expiry_required", field="expires_on")
    if expires_on < today:
        raise TokenError(f"有效期不能早于今天（{_cn_date(today)}）。", code="token_expiry_past", field="expires_on")
    latest = today + timedelta(days=max_days())
    if expires_on > latest:
        raise TokenError(f"有效期最长{max_days()}天，即不晚于{_cn_date(latest)}。", code="token_expiry_too_long",
                         field="expires_on")
    if ApiToken.objects.filter(owner=owner, name=name, revoked_at__isnull=True).exists():
        raise TokenError(f"已有名为“{name}”的未吊销令牌（包括已过期的），请换一个名称，或先吊销原令牌。",
                         code="token_name_taken", field="name")
    return name


def create_api_token(owner: User, *, acting_user: User | None, name: str, scope: str,
                     expires_on: date | None) -> tuple[ApiToken, str]:
    """Issue a token to `owner` and return it with its key, which is shown this once and stored only as a hash.

    A person issues tokens to themselves; `acting_user` None is the system (`manage.py create_api_token`). The token
    is valid through `expires_on` (at most API_TOKEN_MAX_DAYS days from today); its name is unique among the owner's
    tokens that are not revoked. The issue is an audit event on the token.
    """
    if acting_user is not None and acting_user.pk != owner.pk:
        raise PermissionDenied("只能为本人创建接口令牌。", code="token_for_other")
    if not owner.is_active:
        raise PermissionDenied(f"账号“{owner.username}”已停用，不能创建接口令牌。", code="token_owner_inactive")
    name = _clean_request(owner, name, scope, expires_on)
    prefix, key = _new_key()
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(owner=owner, name=name, scope=scope, prefix=prefix, key_hash=hash_key(key),
                                            created_at=clock.now(), created_by=acting_user, expires_on=expires_on)
            record(token, "security.api_token.created", actor=acting_user, to_state="active",
                   data={"owner": owner.username, "name": name, "scope": scope, "prefix": prefix,
                         "expires_on": expires_on.isoformat()})
    except IntegrityError:  # the same name issued twice at once
        raise TokenError(f"已有名为“{name}”的未吊销令牌（包括已过期的），请换一个名称，或先吊销原令牌。",
                         code="token_name_taken", field="name") from None
    return token, key


def may_revoke(actor: User | None, token: ApiToken) -> bool:
    """The owner revokes their own tokens; a 安全管理员 those of the people whose agencies they all secure."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return actor.pk == token.owner_id or may_manage_account(actor, token.owner, Perm.SECURITY_MANAGE)


def revoke_api_token(token: ApiToken, *, acting_user: User | None, reason: str = "") -> ApiToken:
    """Revoke `token`: it stops working at once, and its name may be reused. `acting_user` None is the system.

    Revoking is an audit event on the token; revoking it again is refused (409).
    """
    if acting_user is not None and not may_revoke(acting_user, token):
        raise PermissionDenied(f"您没有吊销“{token.owner.display_name}”的接口令牌的权限。")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise InvalidTransition(f"该令牌已于{_cn_date(timezone.localdate(locked.revoked_at))}吊销。",
                                    code="token_already_revoked")
        locked.revoked_at = clock.now()
        locked.revoked_by = acting_user
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(locked, "security.api_token.revoked", actor=acting_user, from_state="active", to_state="revoked",
               comment=(reason or "").strip()[:200],
               data={"owner": locked.owner.username, "name": locked.name, "prefix": locked.prefix})
    token.revoked_at, token.revoked_by = locked.revoked_at, locked.revoked_by
    return token


def _split_key(key: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    if len(key) != _KEY_LENGTH or not key.startswith(KEY_PREFIX) or key[len(KEY_PREFIX) + _PREFIX_LENGTH] != "_":
        return None
    prefix = key[len(KEY_PREFIX):len(KEY_PREFIX) + _PREFIX_LENGTH]
    return prefix if set(prefix) <= _HEX else None


def authenticate_key(key: str, *, address: str | None = None) -> ApiToken:
    """The live token of `key`, its owner loaded and its use dated; else TokenRefused (401) saying why.

    Why a key is refused (revoked, expired, owner inactive) is told only to whoever holds the whole key.
    """
    prefix = _split_key(key)
    if prefix is None:
        if len(key) == 40 and set(key) <= _HEX:
            raise TokenRefused("这是旧版接口令牌，已停止使用。请在后台“接口令牌”页面重新创建。", code="token_legacy")
        raise TokenRefused("令牌无效。", code="token_invalid")
    token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
    # Compare in constant time even when no token has this prefix.
    expected = token.key_hash if token is not None else "0" * 64
    if not hmac.compare_digest(expected, hash_key(key)) or token is None:
        raise TokenRefused("令牌无效。", code="token_invalid")
    if token.revoked_at is not None:
        raise TokenRefused(f"令牌已于{_cn_date(timezone.localdate(token.revoked_at))}吊销。", code="token_revoked")
    if token.is_expired():
        raise TokenRefused(f"令牌已于{_cn_date(token.expires_on)}过期。", code="token_expired")
    if not token.owner.is_active:
        raise TokenRefused("令牌持有人的账号已停用。", code="token_owner_inactive")
    now, address = clock.now(), _valid_address(address)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
    token.last_used_at, token.last_used_from = now, address
    return token


def _valid_address(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None
